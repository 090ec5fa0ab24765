"""`coachcheck calibrate`: end to end on four short labeled calls with known answers."""

from __future__ import annotations

import json
import shutil

import pytest
from calibrate_helpers import CALLS, MADE_UP_RULES, only_made_up_rules, run_cli


@pytest.fixture(scope="module")
def as_json() -> dict:
    result = run_cli("calibrate", CALLS, *only_made_up_rules(), "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_turn_agreement_matches_the_hand_count(as_json):
    # 19 labeled coach lines, 15 agree; kappa = 109/147 (worked out in test_calibration_metrics.py)
    assert (as_json["calls"], as_json["turns"], as_json["agreed"]) == (4, 19, 15)
    assert as_json["accuracy"] == pytest.approx(15 / 19, abs=1e-4)
    assert as_json["kappa"] == pytest.approx(109 / 147, abs=1e-4)
    assert as_json["not_aligned"] == []


def test_per_category_figures(as_json):
    by = {c["category"]: c for c in as_json["categories"]}
    assert (by["managing"]["team"], by["managing"]["coachcheck"], by["managing"]["agreed"]) == (4, 6, 4)
    assert by["managing"]["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert by["managing"]["recall"] == 1.0
    assert by["managing"]["f1"] == pytest.approx(0.8, abs=1e-4)
    assert by["managing"]["kappa"] == pytest.approx(52 / 71, abs=1e-4)
    assert by["coaching"]["kappa"] == pytest.approx(29 / 48, abs=1e-4)
    assert (by["mentoring"]["precision"], by["mentoring"]["recall"]) == (1.0, 0.5)


def test_confusion_matrix(as_json):
    counts = as_json["confusion"]["counts"]
    off_diagonal = {(t, o): n for t, row in counts.items() for o, n in row.items() if t != o and n}
    assert off_diagonal == {("coaching", "neutral"): 1, ("mentoring", "coaching"): 1,
                            ("role_modeling", "managing"): 1, ("training", "managing"): 1}
    assert sum(counts[label][label] for label in counts) == 15


def test_verdicts(as_json):
    calls = {c["source"].rsplit("/", 1)[-1]: (c["team"], c["coachcheck"]) for c in as_json["verdicts"]["calls"]}
    assert calls == {"a-coaching.txt": ("coaching", "coaching"), "b-managing.txt": ("managing", "managing"),
                     "c-role-modeling.txt": ("role_modeling", "role_modeling"),
                     "d-training.txt": ("training", "mixed")}  # 2 training and 2 managing turns: a tie
    assert as_json["verdicts"]["agreement"] == 0.75


def test_rules_behind_disagreements(as_json):
    rules = [(r["rule"], r["turns"], r["pushed"], r["example"]) for r in as_json["disagreement_rules"]]
    assert rules == [
        ("managing.quokka", 2, 2, "Try the quokka script on Acme."),
        ("coaching.zebra", 1, 1, "When I was new, the zebra trick saved me."),
        ("(no rule fired)", 1, 1, "What would you like to try first?"),
    ]
    first = as_json["disagreement_rules"][0]
    assert first["example_at"] == f"{CALLS / 'c-role-modeling.txt'}:5"
    assert first["pairs"] == [{"team": "role_modeling", "coachcheck": "managing", "turns": 1},
                              {"team": "training", "coachcheck": "managing", "turns": 1}]


def test_tables_for_people():
    result = run_cli("calibrate", CALLS, *only_made_up_rules())
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "4 labeled calls, 19 coach lines compared",
        "turn accuracy 0.789 (15/19), Cohen's kappa 0.741 (substantial agreement)",
        "verdict agreement 0.750 (3/4)",
    ]
    for heading in ("Agreement per category", "Confusion matrix", "Verdicts", "Rules behind the disagreements"):
        assert heading in result.stdout
    assert "managing.quokka" in result.stdout
    assert "\x1b[" not in result.stdout  # NO_COLOR
    assert result.stderr == ""


def test_coach_option_overrides_the_labels(tmp_path):
    folder = tmp_path / "calls"
    folder.mkdir()
    for name in ("a-coaching.txt", "a-coaching.labels.json"):
        shutil.copy(CALLS / name, folder / name)
    result = run_cli("calibrate", folder, "--coach", "Sam Reyes", *only_made_up_rules(), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["turns"] == 0
    assert len(data["not_aligned"]) == 5
    assert data["not_aligned"][0] == (f"{folder / 'a-coaching.txt'}:1: said by 'Dana Cole', "
                                      "whom coachcheck took as rep, not as the coach")


def test_rules_and_disabled_rules_come_from_the_config_file(tmp_path, as_json):
    args = only_made_up_rules()
    disabled = [args[i + 1] for i, a in enumerate(args) if a == "--disable"]
    config = tmp_path / "coachcheck.yaml"
    config.write_text(f"rules: [{MADE_UP_RULES}]\ndisable: [{', '.join(disabled)}]\n", encoding="utf-8")
    result = run_cli("calibrate", CALLS, "--config", config, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == as_json
    shipped = run_cli("calibrate", CALLS, "--json")  # no config: the shipped rules, other answers
    assert json.loads(shipped.stdout) != as_json


def test_every_bad_labels_file_is_reported_and_exit_2(tmp_path):
    (tmp_path / "a.txt").write_text("Dana: Hi.\nSam: Hi.\n", encoding="utf-8")
    (tmp_path / "a.labels.json").write_text('{"coach": "Dana", "verdict": "coachy", "turns": []}', encoding="utf-8")
    (tmp_path / "b.labels.json").write_text('{"coach": "Dana", "verdict": "mixed", "turns": []}', encoding="utf-8")
    result = run_cli("calibrate", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'a.labels.json'}: verdict 'coachy' is not one of coaching, managing, training, mentoring, "
        "role_modeling, mixed",
        f"{tmp_path / 'b.labels.json'}: no transcript b.txt beside it",
    ]
    assert result.stdout == ""


@pytest.mark.parametrize("make", ["missing", "empty", "file"])
def test_no_labeled_calls_is_a_user_error(tmp_path, make):
    target = tmp_path / "labels"
    if make == "empty":
        target.mkdir()
    elif make == "file":
        target.write_text("x", encoding="utf-8")
    problem = {"missing": "no such folder", "empty": "no *.labels.json files here (see docs/labels-format.md)",
               "file": "is not a folder"}[make]
    result = run_cli("calibrate", target)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{target}: {problem}"


def test_broken_rules_exit_2(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("rules: [{id: managing.x}]\n", encoding="utf-8")
    result = run_cli("calibrate", CALLS, "--rules", broken)
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"{broken}:1:9: [managing.x] missing required keys 'category', 'weight', "
                                     "'message', 'tip', 'match', 'examples'")


def test_made_up_rules_pass_their_own_examples():
    assert run_cli("rules", "test", MADE_UP_RULES).exit_code == 0


def test_tables_keep_brackets_in_file_names(tmp_path, monkeypatch):
    shutil.copytree(CALLS, tmp_path / "[q3] calls")
    monkeypatch.chdir(tmp_path)  # short relative paths: no table cell folds them
    result = run_cli("calibrate", "[q3] calls", *only_made_up_rules())
    assert result.exit_code == 0, result.stderr
    assert "[q3] calls/c-role-modeling.txt:5" in result.stdout  # the rules table's example
    assert "[q3] calls/a-coaching.txt" in result.stdout  # the verdicts table
