"""Scoring: the verdict rule, shares, call metrics and the coaching_score formula, on hand-made turns."""

from __future__ import annotations

import pytest

from coachcheck import scoring
from coachcheck.model import Sentence, Turn, TurnResult


def counts(**given: int) -> dict[str, int]:
    base = dict.fromkeys(("coaching", "managing", "training", "mentoring", "role_modeling", "neutral"), 0)
    base.update(given)
    return base


def tr(index: int, speaker: str, role: str, text: str, acts=(), category=None, start=None, end=None) -> TurnResult:
    """A turn result; acts are (act, question_type) pairs, one sentence each."""
    sentences = tuple(Sentence(index, i, f"s{i}", act, qt) for i, (act, qt) in enumerate(acts))
    if category is None and role == "coach":
        category = "neutral"
    return TurnResult(Turn(index, speaker, text, start, end), role, category, sentences)


@pytest.mark.parametrize("given, expected", [
    (counts(coaching=3, managing=1), "coaching"),
    (counts(managing=5, coaching=4, training=1), "managing"),
    (counts(coaching=2, managing=1, training=1, mentoring=1), "coaching"),        # exactly 40%: enough
    (counts(role_modeling=7, managing=6, training=5), "mixed"),                   # 7/18 = 38.9%: not enough
    (counts(coaching=2, managing=2, training=1), "mixed"),                        # tie at the top, 40% each
    (counts(mentoring=3, training=3), "mixed"),                                   # tie at 50% each
    (counts(coaching=1, neutral=20), "coaching"),                                 # neutral turns do not count
    (counts(neutral=5), "mixed"),                                                 # nothing but neutral
    (counts(), "mixed"),                                                          # no coach turns at all
    (counts(training=1), "training"),
])
def test_verdict(given, expected):
    assert scoring.verdict(given) == expected


def test_category_counts_count_only_coach_turns_and_list_every_label():
    turns = [tr(0, "M", "coach", "a", category="coaching"), tr(1, "R", "rep", "b"),
             tr(2, "M", "coach", "c", category="managing"), tr(3, "M", "coach", "d", category="coaching"),
             tr(4, "M", "coach", "e", category="neutral"), tr(5, "B", "other", "f")]
    assert scoring.category_counts(turns) == counts(coaching=2, managing=1, neutral=1)
    assert list(scoring.category_counts(turns)) == ["coaching", "managing", "training", "mentoring",
                                                     "role_modeling", "neutral"]


def test_category_shares_exclude_neutral_and_round():
    shares = scoring.category_shares(counts(coaching=1, managing=2, neutral=9))
    assert shares == {"coaching": 0.333, "managing": 0.667, "training": 0.0, "mentoring": 0.0, "role_modeling": 0.0}
    assert scoring.category_shares(counts(neutral=3)) == dict.fromkeys(shares, 0.0)


def test_metrics_talk_shares_and_questions():
    turns = [
        tr(0, "M", "coach", "one two three four", [("question", "open"), ("question", "closed")]),
        tr(1, "R", "rep", "one two three four five six"),
        tr(2, "M", "coach", "one two", [("reflection", None), ("question", "open"), ("statement", None)]),
        tr(3, "Bot", "other", "one two three four five six seven eight"),
        tr(4, "R", "rep", "one two three four five six", [("question", "open")]),  # rep questions do not count
    ]
    m = scoring.metrics(turns)
    assert m.talk_share == {"M": 0.231, "R": 0.462, "Bot": 0.308}
    assert m.rep_talk_share == 0.462                 # 12 of 26 words; the bot is not a rep
    assert m.coach_turns == 2
    assert m.questions_per_coach_turn == 1.5          # 3 questions / 2 turns
    assert m.open_question_share == 0.667             # 2 of 3
    assert m.reflection_to_question == 0.33           # 1 reflection / 3 questions
    assert m.asking_share == 0.8                      # 3 questions + 1 reflection of 5 sentences
    assert (m.longest_monologue_words, m.longest_monologue_turn) == (4, 0)


def test_metrics_without_coach_questions_are_none_not_zero():
    m = scoring.metrics([tr(0, "M", "coach", "do it", [("directive", None)]), tr(1, "R", "rep", "ok")])
    assert m.open_question_share is None
    assert m.reflection_to_question is None
    assert m.questions_per_coach_turn == 0.0
    assert m.asking_share == 0.0                      # told, never asked


def test_asking_share_leaves_backchannels_out():
    m = scoring.metrics([tr(0, "M", "coach", "mm hmm so what now", [("backchannel", None), ("question", "open")]),
                         tr(1, "R", "rep", "ok")])
    assert m.asking_share == 1.0
    assert scoring.metrics([tr(0, "M", "coach", "mm hmm", [("backchannel", None)])]).asking_share is None


def test_monologue_seconds_from_the_turns_own_end_time():
    turns = [tr(0, "M", "coach", "a b c d e f", start=10.0, end=55.5), tr(1, "R", "rep", "x", start=60.0)]
    assert scoring.metrics(turns).longest_monologue_seconds == 45.5


def test_monologue_seconds_up_to_the_next_timed_turn_without_an_end_time():
    turns = [tr(0, "M", "coach", "a b c d e f", start=10.0), tr(1, "R", "rep", "x"),
             tr(2, "R2", "rep", "y", start=140.0)]
    assert scoring.metrics(turns).longest_monologue_seconds == 130.0


@pytest.mark.parametrize("turns", [
    [tr(0, "M", "coach", "a b c d e f"), tr(1, "R", "rep", "x")],                        # no times
    [tr(0, "R", "rep", "x", start=1.0), tr(1, "M", "coach", "a b c d e f", start=5.0)],  # last turn, no end
    [tr(0, "M", "coach", "a b c d e f", start=50.0), tr(1, "R", "rep", "x", start=20.0)],  # clock went back
])
def test_monologue_seconds_unknown(turns):
    assert scoring.metrics(turns).longest_monologue_seconds is None


def test_coaching_score_formula_on_a_hand_computed_case():
    # coaching 0.5; asking 0.5; rep talk 0.45/0.60 = 0.75; open 0.35/0.70 = 0.5; reflections 0.5/1.0 = 0.5
    # 100 * (0.40*0.5 + 0.20*0.5 + 0.20*0.75 + 0.10*0.5 + 0.10*0.5) = 55.0
    parts = {"coaching_share": 0.5, "asking": 0.5, "rep_talk": 0.75, "open_questions": 0.5, "reflections": 0.5}
    assert scoring.coaching_score(parts) == 55.0
    assert scoring.coaching_score(dict.fromkeys(parts, 1.0)) == 100.0
    assert scoring.coaching_score(dict.fromkeys(parts, 0.0)) == 0.0


def test_score_parts_scale_and_cap_at_one():
    m = scoring.metrics([
        tr(0, "M", "coach", "a b", [("question", "open"), ("reflection", None), ("reflection", None)]),
        tr(1, "R", "rep", "a b c d e f g h"),
    ])
    # rep talk 0.8 -> capped 1; open share 1.0 -> capped 1; 2 reflections per question -> capped 1
    parts = scoring.score_parts({"coaching": 0.25}, counts(coaching=1, managing=3), m)
    assert parts == {"coaching_share": 0.25, "asking": 1.0, "rep_talk": 1.0, "open_questions": 1.0, "reflections": 1.0}


def test_score_parts_without_stance_or_questions_are_zero():
    m = scoring.metrics([tr(0, "M", "coach", "a b c"), tr(1, "R", "rep", "d")])
    parts = scoring.score_parts(scoring.category_shares(counts(neutral=1)), counts(neutral=1), m)
    assert parts == {"coaching_share": 0.0, "asking": 0.0, "rep_talk": 0.417, "open_questions": 0.0, "reflections": 0.0}


def test_build_report_end_to_end_on_hand_made_turns():
    turns = [
        tr(0, "M", "coach", "w " * 10, [("question", "open"), ("question", "closed")], category="coaching"),
        tr(1, "R", "rep", "w " * 18),
        tr(2, "M", "coach", "w " * 6, [("reflection", None), ("directive", None)], category="managing"),
        tr(3, "R", "rep", "w " * 6),
        tr(4, "M", "coach", "w " * 4, [("question", "open")], category="coaching"),
        tr(5, "Bot", "other", "w " * 4),
        tr(6, "M", "coach", "w " * 2, [("backchannel", None)], category="neutral"),
    ]
    r = scoring.build_report("c.txt", "txt", turns, "named with --coach", ["w1"], "1.2.3", "rules")
    assert (r.coach, r.reps, r.verdict) == (("M",), ("R",), "coaching")
    assert r.category_counts == counts(coaching=2, managing=1, neutral=1)
    assert r.category_shares["coaching"] == 0.667 and r.category_shares["managing"] == 0.333
    # asking 4 of 5 sentences (the backchannel aside) = 0.8; rep talk 24/50 = 0.48 -> 0.8;
    # open 2/3 = 0.667 -> 0.953; reflections 1/3 = 0.33 -> 0.33
    assert r.score_parts == {"coaching_share": 0.667, "asking": 0.8, "rep_talk": 0.8, "open_questions": 0.953,
                             "reflections": 0.33}
    assert r.coaching_score == round(100 * (0.40 * 0.667 + 0.20 * 0.8 + 0.20 * 0.8 + 0.10 * 0.953 + 0.10 * 0.33), 1) \
        == 71.5
    assert (r.warnings, r.tool_version, r.rule_pack) == (("w1",), "1.2.3", "rules")
    assert r.coach_reason == "named with --coach"


def test_coaching_score_only_coaching_share():
    parts = {"coaching_share": 1.0, "asking": 0.0, "rep_talk": 0.0, "open_questions": 0.0, "reflections": 0.0}
    assert scoring.coaching_score(parts) == 40.0


def test_verdict_threshold_constant_is_forty_percent():
    assert scoring.VERDICT_MIN_SHARE == 0.40


def test_score_weights_sum_to_one_and_match_the_documented_formula():
    import re

    documented = {name.replace(" ", "_"): int(pct) / 100
                  for pct, name in re.findall(r"^\s+(\d+)%\s+(\w+(?: \w+)?)\s{2,}", scoring.__doc__, re.MULTILINE)}
    assert documented == scoring.SCORE_WEIGHTS
    assert sum(scoring.SCORE_WEIGHTS.values()) == pytest.approx(1.0)
