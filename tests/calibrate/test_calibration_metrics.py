"""Agreement figures, computed by hand for small cases and checked exactly."""

from __future__ import annotations

import pytest

from coachcheck.calibration import (
    NO_RULE,
    TurnPair,
    calibrate,
    category_agreement,
    cohen_kappa,
    confusion_matrix,
    disagreement_rules,
    kappa_band,
)

# The fixture calls in tests/fixtures/calibrate/calls as (team label, coachcheck category), 19 lines:
# 15 agree; the 4 disagreements are coaching->neutral, mentoring->coaching, role_modeling->managing
# and training->managing.
NINETEEN = [
    # a-coaching.txt
    ("neutral", "neutral"), ("coaching", "coaching"), ("coaching", "coaching"), ("managing", "managing"),
    ("coaching", "neutral"),
    # b-managing.txt
    ("managing", "managing"), ("training", "training"), ("training", "training"), ("managing", "managing"),
    ("mentoring", "coaching"),
    # c-role-modeling.txt
    ("role_modeling", "role_modeling"), ("role_modeling", "role_modeling"), ("role_modeling", "managing"),
    ("mentoring", "mentoring"), ("neutral", "neutral"),
    # d-training.txt
    ("training", "training"), ("training", "training"), ("training", "managing"), ("managing", "managing"),
]


def test_kappa_by_hand():
    # rows (team) coaching 3, managing 4, training 5, mentoring 2, role_modeling 3, neutral 2
    # cols (ours) coaching 3, managing 6, training 4, mentoring 1, role_modeling 2, neutral 3
    # po = 15/19; pe = (3*3 + 4*6 + 5*4 + 2*1 + 3*2 + 2*3) / 19**2 = 67/361
    # kappa = (285/361 - 67/361) / (294/361) = 218/294 = 109/147
    assert cohen_kappa(NINETEEN) == pytest.approx(109 / 147)


def test_one_category_by_hand():
    # managing: team 4, coachcheck 6, both 4 -> precision 4/6, recall 4/4, F1 = 2(2/3)(1)/(5/3) = 0.8
    # yes/no table: 4 both yes, 0 team-only, 2 coachcheck-only, 13 both no (n = 19)
    # po = 17/19, pe = (4*6 + 15*13)/361 = 219/361, kappa = (323 - 219)/(361 - 219) = 104/142 = 52/71
    managing = category_agreement(NINETEEN, "managing")
    assert (managing.team, managing.coachcheck, managing.agreed) == (4, 6, 4)
    assert managing.precision == pytest.approx(2 / 3)
    assert managing.recall == 1.0
    assert managing.f1 == pytest.approx(0.8)
    assert managing.kappa == pytest.approx(52 / 71)


def test_another_category_by_hand():
    # coaching: 2 both, 1 team-only (-> neutral), 1 coachcheck-only (mentoring ->), 15 neither
    # po = 17/19, pe = (3*3 + 16*16)/361 = 265/361, kappa = 58/96 = 29/48
    coaching = category_agreement(NINETEEN, "coaching")
    assert (coaching.precision, coaching.recall, coaching.f1) == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    assert coaching.kappa == pytest.approx(29 / 48)
    # training: 4 both, 1 team-only, 0 coachcheck-only: pe = (5*4 + 14*15)/361 = 230/361, kappa = 112/131
    training = category_agreement(NINETEEN, "training")
    assert (training.precision, training.recall) == (1.0, 0.8)
    assert training.f1 == pytest.approx(8 / 9)
    assert training.kappa == pytest.approx(112 / 131)


def test_textbook_kappa():
    # Two raters, yes/no, 50 items: 20 both yes, 5 yes/no, 10 no/yes, 15 both no -> po 0.7, pe 0.5, kappa 0.4
    pairs = [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15
    assert cohen_kappa(pairs, ("yes", "no")) == pytest.approx(0.4)


def test_kappa_limits():
    assert cohen_kappa([("coaching", "coaching"), ("managing", "managing")]) == 1.0
    assert cohen_kappa([("coaching", "managing"), ("managing", "coaching")]) == pytest.approx(-1.0)
    assert cohen_kappa([("neutral", "neutral")] * 3) is None  # chance agreement is 1: undefined
    assert cohen_kappa([]) is None


def test_undefined_ratios_are_none_not_zero():
    never_predicted = category_agreement([("mentoring", "coaching")], "mentoring")
    assert (never_predicted.precision, never_predicted.recall, never_predicted.f1) == (None, 0.0, None)
    never_labeled = category_agreement([("coaching", "coaching")], "mentoring")
    assert (never_labeled.team, never_labeled.precision, never_labeled.recall) == (0, None, None)
    both_zero = category_agreement([("mentoring", "coaching"), ("coaching", "mentoring")], "mentoring")
    assert (both_zero.precision, both_zero.recall, both_zero.f1) == (0.0, 0.0, 0.0)


def test_confusion_matrix_rows_are_team_labels():
    matrix = confusion_matrix(NINETEEN)
    assert matrix["training"] == {"coaching": 0, "managing": 1, "training": 4, "mentoring": 0,
                                  "role_modeling": 0, "neutral": 0}
    assert sum(matrix["training"].values()) == 5
    assert sum(row["managing"] for row in matrix.values()) == 6
    assert sum(sum(row.values()) for row in matrix.values()) == 19


def pair(label, predicted, *findings, line=1, source="call.txt", text="words"):
    return TurnPair(source, line, text, label, predicted, tuple(findings))


def test_rules_behind_disagreements_counted_once_per_line_most_first():
    pairs = [
        pair("coaching", "managing", ("managing.a", "managing", "Do it."), ("managing.a", "managing", "Now."),
             ("coaching.b", "coaching", "What now?"), line=3),
        pair("training", "managing", ("managing.a", "managing", "Log it."), line=7),
        pair("coaching", "coaching", ("managing.a", "managing", "Agreeing lines do not count.")),
        pair("mentoring", "neutral", line=9, text="Years ago I was you."),
        pair("neutral", "coaching", ("coaching.b", "coaching", "How was it?"), line=11),
    ]
    rules = disagreement_rules(pairs)
    assert [(r.rule, r.turns, r.pushed) for r in rules] == [
        ("coaching.b", 2, 1), ("managing.a", 2, 2), (NO_RULE, 1, 1),
    ]
    assert rules[0].pairs == (("coaching", "managing", 1), ("neutral", "coaching", 1))
    assert (rules[0].example, rules[0].example_at) == ("How was it?", "call.txt:11")  # where it pushed
    assert (rules[1].example, rules[1].example_at) == ("Do it.", "call.txt:3")
    assert (rules[2].example, rules[2].pairs) == ("Years ago I was you.", (("mentoring", "neutral", 1),))


def test_calibrate_puts_it_together():
    pairs = [pair(t, o, line=i + 1) for i, (t, o) in enumerate(NINETEEN)]
    verdicts = [("a.txt", "coaching", "coaching"), ("b.txt", "managing", "managing"),
                ("c.txt", "role_modeling", "role_modeling"), ("d.txt", "training", "mixed")]
    result = calibrate(pairs, verdicts, ["d.txt:9: no analyzed turn contains this line's text"])
    assert result.calls == 4
    assert result.accuracy == pytest.approx(15 / 19)
    assert result.kappa == pytest.approx(109 / 147)
    assert result.verdict_agreement == 0.75
    assert [c.category for c in result.categories] == [
        "coaching", "managing", "training", "mentoring", "role_modeling", "neutral"]
    data = result.to_dict()
    assert data["schema"] == "coachcheck.calibration/1"
    assert (data["turns"], data["agreed"], data["accuracy"], data["kappa"]) == (19, 15, 0.7895, 0.7415)
    assert data["verdicts"]["agreement"] == 0.75
    assert data["not_aligned"] == ["d.txt:9: no analyzed turn contains this line's text"]
    assert data["confusion"]["counts"]["coaching"]["neutral"] == 1


def test_calibrate_with_nothing_aligned():
    result = calibrate([], [])
    assert (result.accuracy, result.kappa, result.verdict_agreement) == (None, None, None)
    assert result.rules == ()


@pytest.mark.parametrize(("kappa", "words"), [
    (None, "undefined"), (-0.1, "poor"), (0.0, "slight"), (0.2, "slight"), (0.35, "fair"), (0.6, "moderate"),
    (0.741, "substantial"), (0.81, "almost perfect"), (1.0, "almost perfect"),
])
def test_kappa_bands(kappa, words):
    assert kappa_band(kappa) == words
