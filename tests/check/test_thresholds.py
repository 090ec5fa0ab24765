"""Each threshold kind, held against real analyzed calls: figure vs limit, and the evidence behind a failure."""

from __future__ import annotations

import dataclasses

import pytest

from coachcheck.checking import MAX_EVIDENCE, check_call, check_reports
from coachcheck.model import FileFailure
from coachcheck.thresholds import Gate, Thresholds, parse_fraction, parse_share


def _kinds(check) -> list[str]:
    return [f.kind for f in check.failures]


def test_min_score_fails_below_and_passes_at_the_limit(reports):
    managing = reports["managing"]
    failed = check_call(managing, Thresholds(min_score=managing.coaching_score + 0.1))
    assert _kinds(failed) == ["min_score"]
    f = failed.failures[0]
    assert (f.figure, f.limit) == (managing.coaching_score, managing.coaching_score + 0.1)
    assert "below the minimum" in f.message
    assert check_call(managing, Thresholds(min_score=managing.coaching_score)).passed


def test_min_score_evidence_is_the_coach_turns_that_were_not_coaching(reports):
    managing = reports["managing"]
    f = check_call(managing, Thresholds(min_score=100)).failures[0]
    not_coaching = [t for t in managing.turns if t.role == "coach" and t.category not in ("coaching", "neutral", None)]
    assert [e.turn for e in f.evidence] == [t.turn.index for t in not_coaching][:MAX_EVIDENCE]
    assert all(e.line == managing.turns[e.turn].turn.line for e in f.evidence)
    assert f.line == not_coaching[0].turn.line


def test_max_share_points_at_every_turn_of_the_category_with_its_source_line(reports):
    managing = reports["managing"]
    share = managing.category_shares["managing"]
    f = check_call(managing, Thresholds(max_share=(("managing", share - 0.01),))).failures[0]
    assert (f.kind, f.subject, f.figure) == ("max_share", "managing", share)
    turns = [t for t in managing.turns if t.category == "managing"]
    expected = [(t.turn.index, t.turn.line, "Maya Chen") for t in turns]
    assert [(e.turn, e.line, e.speaker) for e in f.evidence] == expected
    assert all(e.note.startswith("managing: ") for e in f.evidence)
    # the quoted evidence is a sentence of that turn, not the whole call
    assert all(e.text in managing.turns[e.turn].turn.text for e in f.evidence)
    assert check_call(managing, Thresholds(max_share=(("managing", share),))).passed


def test_max_share_of_other_categories_is_held_separately(reports):
    coaching = reports["coaching"]
    check = check_call(coaching, Thresholds(max_share=(("managing", 0.0), ("coaching", 0.5))))
    assert [(f.kind, f.subject) for f in check.failures] == [("max_share", "coaching")]


def test_forbid_verdict(reports):
    managing = reports["managing"]
    assert managing.verdict == "managing"
    f = check_call(managing, Thresholds(forbid_verdict=("managing", "training"))).failures[0]
    assert (f.kind, f.figure, f.limit) == ("forbid_verdict", "managing", "managing, training")
    assert f.evidence and all(managing.turns[e.turn].category == "managing" for e in f.evidence)
    assert check_call(managing, Thresholds(forbid_verdict=("training",))).passed
    assert check_call(reports["coaching"], Thresholds(forbid_verdict=("managing",))).passed


def test_min_rep_talk_shows_the_longest_coach_turns(reports):
    managing = reports["managing"]
    rep = managing.metrics.rep_talk_share
    f = check_call(managing, Thresholds(min_rep_talk=rep + 0.01)).failures[0]
    assert (f.kind, f.figure) == ("min_rep_talk", rep)
    longest = max(t.words for t in managing.turns if t.role == "coach")
    assert longest in [managing.turns[e.turn].words for e in f.evidence]
    assert all(managing.turns[e.turn].role == "coach" for e in f.evidence)
    assert check_call(managing, Thresholds(min_rep_talk=rep)).passed


def test_min_open_questions_shows_the_closed_questions(reports):
    coaching = reports["coaching"]
    share = coaching.metrics.open_question_share
    f = check_call(coaching, Thresholds(min_open_questions=1.0)).failures[0]
    assert (f.kind, f.figure) == ("min_open_questions", share)
    closed = [(t.turn.index, s.text) for t in coaching.turns if t.role == "coach"
              for s in t.sentences if s.question_type == "closed"]
    assert closed and [(e.turn, e.text) for e in f.evidence] == closed
    assert check_call(coaching, Thresholds(min_open_questions=share)).passed


def test_a_coach_who_asks_no_question_fails_min_open_questions(reports):
    managing = reports["managing"]
    metrics = dataclasses.replace(managing.metrics, open_question_share=None)
    no_questions = dataclasses.replace(managing, metrics=metrics)
    f = check_call(no_questions, Thresholds(min_open_questions=0.1)).failures[0]
    assert f.figure is None and "asked no questions" in f.message


def test_max_monologue_words_points_at_the_longest_coach_turn(reports):
    timed = reports["timed"]
    words = timed.metrics.longest_monologue_words
    f = check_call(timed, Thresholds(max_monologue_words=words - 1)).failures[0]
    assert (f.kind, f.figure, f.limit) == ("max_monologue_words", words, words - 1)
    assert [e.turn for e in f.evidence] == [timed.metrics.longest_monologue_turn]
    assert f.line == 10  # the line of that turn's text in timed.vtt
    assert check_call(timed, Thresholds(max_monologue_words=words)).passed


def test_max_monologue_seconds_uses_the_timestamps(reports):
    timed = reports["timed"]
    f = check_call(timed, Thresholds(max_monologue_seconds=120)).failures[0]
    assert (f.kind, f.figure, f.line) == ("max_monologue_seconds", 150.0, 10)
    assert "150 s" in f.message and "120 s" in f.message
    assert check_call(timed, Thresholds(max_monologue_seconds=150)).passed


def test_max_monologue_seconds_is_not_checked_without_timestamps_and_says_so(reports):
    check = check_call(reports["managing"], Thresholds(max_monologue_seconds=1))
    assert check.passed
    assert check.notes == ("max_monologue_seconds not checked: the transcript has no timestamps",)


def test_figures_and_to_dict(reports):
    coaching = reports["coaching"]
    check = check_call(coaching, Thresholds(min_score=99.5))
    data = check.to_dict()
    assert data["passed"] is False
    assert data["figures"]["coaching_score"] == coaching.coaching_score
    assert data["figures"]["share.managing"] == coaching.category_shares["managing"]
    assert data["failures"][0]["kind"] == "min_score"
    assert data["failures"][0]["source"] == coaching.source
    assert data["thresholds"] == {"min_score": 99.5}


def test_check_reports_keeps_file_failures_and_uses_the_gate(reports):
    run = check_reports([reports["coaching"], FileFailure("x.txt", "x.txt: empty"), reports["managing"]], Gate())
    assert [c.passed for c in run.calls] == [True, False]  # default min_score 50
    assert run.outcome == "error"
    assert run.summary() == "1 of 2 calls passed, 1 failed; 1 file could not be analyzed"


@pytest.mark.parametrize(("text", "expected"), [("managing=0.3", ("managing", 0.3)),
                                                ("role-modeling=25%", ("role_modeling", 0.25))])
def test_parse_share(text, expected):
    assert parse_share(text) == expected


@pytest.mark.parametrize("text", ["managing", "bossing=0.2", "managing=1.5", "managing=lots"])
def test_parse_share_rejects(text):
    with pytest.raises(ValueError):
        parse_share(text)


def test_parse_fraction_percent():
    assert parse_fraction("50%") == 0.5
    with pytest.raises(ValueError):
        parse_fraction("-0.1")
