"""The data model: frozen, picklable dataclasses whose to_dict() is the one serialisation; user errors."""

from __future__ import annotations

import dataclasses
import json
import pickle

import pytest

from coachcheck.errors import InputError, RuleError, RuleErrorGroup
from coachcheck.model import (
    REPORT_SCHEMA,
    CallReport,
    FileFailure,
    Finding,
    Metrics,
    Options,
    Sentence,
    Transcript,
    Turn,
    TurnResult,
)


def _from_dict(d: dict) -> CallReport:
    """Rebuild a report from its dict: proves to_dict keeps every field."""
    by_turn: dict[int, list[Finding]] = {}
    for f in d["findings"]:
        by_turn.setdefault(f["turn"], []).append(Finding(
            f["rule"], f["category"], f["weight"], f["message"], f["tip"], f["turn"], f["sentence"],
            f["evidence"], f["line"], f["start"]))
    turns = []
    for t in d["turns"]:
        turn = Turn(t["index"], t["speaker"], t["text"], t["start"], t["end"], t["line"])
        sentences = tuple(Sentence(t["index"], i, s["text"], s["act"], s["question_type"], tuple(s["cues"]))
                          for i, s in enumerate(t["sentences"]))
        found = tuple(by_turn.get(t["index"], ()))
        assert [f.rule_id for f in found] == t["findings"]
        turns.append(TurnResult(turn, t["role"], t["category"], sentences, found))
    return CallReport(
        d["source"], d["format"], tuple(d["coach"]), d["coach_reason"], tuple(d["reps"]), d["verdict"],
        d["coaching_score"], d["score_parts"], d["category_counts"], d["category_shares"], Metrics(**d["metrics"]),
        tuple(turns), tuple(d["warnings"]), d["tool_version"], d["rule_pack"],
    )


def test_to_dict_round_trips_through_json_without_losing_anything(sample_report):
    report = sample_report
    data = json.loads(json.dumps(report.to_dict()))
    assert data == report.to_dict()
    assert _from_dict(data) == report


def test_to_dict_names_the_schema_and_lists_findings_in_turn_order(sample_report):
    data = sample_report.to_dict()
    assert data["schema"] == REPORT_SCHEMA == "coachcheck.report/1"
    assert [(f["turn"], f["rule"]) for f in data["findings"]] == [
        (0, "coaching.open-question"), (0, "managing.directive"), (2, "managing.targets"),
        (4, "coaching.open-question")]
    assert data["turns"][0]["findings"] == ["coaching.open-question", "managing.directive"]
    assert data["turns"][1]["findings"] == []
    assert data["turns"][1]["category"] is None


def test_to_dict_is_valid_against_the_shipped_schema(sample_report, validate_report):
    validate_report(sample_report.to_dict())


def test_to_dict_returns_copies_that_do_not_alias_the_report(sample_report):
    report = sample_report
    data = report.to_dict()
    data["score_parts"]["coaching_share"] = -1
    data["metrics"]["talk_share"]["Dana Cole"] = -1
    data["coach"].append("someone")
    assert report.score_parts["coaching_share"] == 0.667
    assert report.metrics.talk_share["Dana Cole"] == 0.667
    assert report.coach == ("Dana Cole",)


def test_findings_property_collects_all_turns_in_order(sample_report):
    assert [(f.turn_index, f.sentence_index) for f in sample_report.findings] == [(0, 0), (0, 1), (2, 0), (4, 0)]


@pytest.mark.parametrize("obj, attr", [
    (Turn(0, "A", "hi"), "text"),
    (Transcript("a.txt", "txt", ()), "turns"),
    (Sentence(0, 0, "hi", "statement"), "act"),
    (Finding("a.b", "coaching", 1.0, "m", "t", 0, 0, "e"), "weight"),
    (FileFailure("a.txt", "a.txt: is empty"), "error"),
    (Options(), "coaches"),
    ("report", "verdict"),
    ("metrics", "rep_talk_share"),
    ("turn_result", "category"),
])
def test_dataclasses_are_frozen_and_slotted(obj, attr, sample_report):
    obj = {"report": sample_report, "metrics": sample_report.metrics,
           "turn_result": sample_report.turns[0]}.get(obj, obj) if isinstance(obj, str) else obj
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(obj, attr, None)
    assert not hasattr(obj, "__dict__")  # slots: no stray attributes


def test_report_and_failure_pickle_for_worker_processes(sample_report):
    report = sample_report
    assert pickle.loads(pickle.dumps(report)) == report
    failure = FileFailure("a.txt", "a.txt: is empty")
    assert pickle.loads(pickle.dumps(failure)).to_dict() == {"source": "a.txt", "error": "a.txt: is empty"}


def test_options_are_hashable_so_analyzers_can_be_cached_per_option_set():
    assert Options(coaches=("a",)) == Options(coaches=("a",))
    assert len({Options(), Options(), Options(model="x")}) == 2


def test_transcript_speakers_in_order_of_first_appearance():
    turns = (Turn(0, "B", "x"), Turn(1, "A", "y"), Turn(2, "B", "z"), Turn(3, "C", "w"))
    assert Transcript("t.txt", "txt", turns).speakers == ("B", "A", "C")


def test_turn_result_counts_words():
    assert TurnResult(Turn(0, "A", "one two  three"), "rep", None, ()).words == 3


def test_sentence_to_dict_lists_cues():
    s = Sentence(0, 0, "Why?", "question", "open", ("WH", "QMARK"))
    assert s.to_dict() == {"text": "Why?", "act": "question", "question_type": "open", "cues": ["WH", "QMARK"]}


def test_input_error_is_one_line_naming_the_file_and_pickles():
    err = InputError("calls/x.txt", "only one speaker\n(Alice);   needs two")
    assert str(err) == "calls/x.txt: only one speaker (Alice); needs two"
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err) and again.path == "calls/x.txt"


def test_rule_errors_locate_the_problem_and_sort_in_a_group():
    late = RuleError("rules/b.yaml", 3, 5, "unknown key 'foo'", "coaching.x")
    early = RuleError("rules/a.yaml", 9, 1, "bad\ncategory")
    assert str(late) == "rules/b.yaml:3:5: [coaching.x] unknown key 'foo'"
    assert str(early) == "rules/a.yaml:9:1: bad category"
    group = RuleErrorGroup([late, early])
    assert str(group).splitlines() == [str(early), str(late)]
    assert str(pickle.loads(pickle.dumps(late))) == str(late)
