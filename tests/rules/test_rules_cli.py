"""`coachcheck rules list|show|validate|test|new|schema`, and how extra packs, --disable and weights apply."""

from __future__ import annotations

import json

import pytest
import yaml
from rules_helpers import FIXTURES, SCHEMA, run_cli

from coachcheck.engine import Analyzer
from coachcheck.errors import RuleErrorGroup
from coachcheck.model import Options
from coachcheck.rulepack import load_rules

CALL = ("Manager: Send me the deck today.\n"
        "Rep: Okay.\n"
        "Manager: Take the zebra crossing to the office.\n"
        "Rep: Sure.\n")


@pytest.fixture(scope="module")
def shipped():
    return load_rules()


@pytest.fixture()
def call(tmp_path):
    path = tmp_path / "call.txt"
    path.write_text(CALL, encoding="utf-8")
    return path


def findings(*args) -> list[tuple[str, int, str, float]]:
    """(rule, turn, message, weight) of every finding of `analyze -f json ARGS`."""
    result = run_cli("analyze", "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    return [(f["rule"], f["turn"], f["message"], f["weight"]) for f in json.loads(result.stdout)["findings"]]


def override_pack(tmp_path, rule_id: str, category: str):
    """A pack replacing `rule_id` with a rule that only matches 'zebra crossing'."""
    pack = tmp_path / "team"
    pack.mkdir()
    rule = {
        "id": rule_id, "category": category, "weight": 4, "message": "Team override: mentions the zebra crossing",
        "tip": "Ask the rep which way they would go.", "match": {"phrases": ["zebra crossing"]},
        "examples": {"match": ["Take the zebra crossing."], "no_match": ["Send me the deck today."]},
    }
    (pack / "override.yaml").write_text(yaml.safe_dump({"rules": [rule]}, sort_keys=False), encoding="utf-8")
    return pack


def test_list_filters_by_category(shipped):
    result = run_cli("rules", "list", "--category", "mentoring", "--json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [r["id"] for r in listed] == [r.id for r in shipped.rules if r.category == "mentoring"]
    assert listed and {r["category"] for r in listed} == {"mentoring"}


def test_list_table_shows_only_that_category(shipped):
    result = run_cli("rules", "list", "--category", "training")
    assert result.exit_code == 0
    others = [r.id for r in shipped.rules if r.category != "training"]
    assert all(r.id in result.stdout for r in shipped.rules if r.category == "training")
    assert not any(rule_id in result.stdout for rule_id in others)


def test_list_with_unknown_category_is_a_user_error():
    result = run_cli("rules", "list", "--category", "bossing")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("coachcheck: error: --category: unknown category 'bossing' "
                                     "(choose from coaching, managing, training, mentoring, role_modeling, neutral)")
    assert result.stdout == ""


def test_show_prints_the_rule(shipped):
    rule = shipped.rules[0]
    result = run_cli("rules", "show", rule.id)
    assert result.exit_code == 0
    shown = yaml.safe_load(result.stdout)
    assert (shown["id"], shown["category"], shown["message"]) == (rule.id, rule.category, rule.message)
    assert shown["source"] == f"{rule.path}:{rule.line}:{rule.col}"
    assert len(shown["examples"]["match"]) == len(rule.match_examples)


def test_show_unknown_rule_is_a_user_error():
    result = run_cli("rules", "show", "managing.nope")
    assert result.exit_code == 2
    assert "no rule with id 'managing.nope'" in result.stderr


def test_same_id_in_rules_dir_replaces_the_shipped_rule(tmp_path, call, shipped):
    before = findings(call, "--coach", "Manager")
    rule_id = next(rule for rule, turn, _, _ in before if turn == 0)  # a shipped rule that fires on turn 0
    category = shipped.get(rule_id).category
    team = override_pack(tmp_path, rule_id, category)

    shown = yaml.safe_load(run_cli("rules", "show", rule_id, "--rules", team).stdout)
    assert shown["message"] == "Team override: mentions the zebra crossing"
    assert shown["source"].startswith(str(team / "override.yaml"))

    listed = json.loads(run_cli("rules", "list", "--rules", team, "--json").stdout)
    assert [r["id"] for r in listed] == [r.id for r in shipped.rules]  # replaced in place, not added

    after = findings(call, "--coach", "Manager", "--rules", team)
    mine = [(turn, message, weight) for rule, turn, message, weight in after if rule == rule_id]
    assert mine == [(2, "Team override: mentions the zebra crossing", 4.0)]


def test_disable_switches_a_rule_off(call):
    before = findings(call, "--coach", "Manager")
    rule_id = before[0][0]
    after = findings(call, "--coach", "Manager", "--disable", rule_id)
    assert rule_id not in {rule for rule, *_ in after}
    assert {rule for rule, *_ in after} == {rule for rule, *_ in before} - {rule_id}


def test_disable_unknown_rule_is_a_user_error(call):
    result = run_cli("analyze", call, "--disable", "managing.nope")
    assert result.exit_code == 2
    assert result.stderr.strip() == "--disable:0:0: [managing.nope] no rule with id 'managing.nope'"


def test_weight_override_changes_the_rule_and_its_findings(shipped):
    rule = shipped.rules[0]
    pack = load_rules(weights=((rule.id, 7.5),))
    assert pack.get(rule.id).weight == 7.5
    assert [r.weight for r in pack.rules[1:]] == [r.weight for r in shipped.rules[1:]]
    analyzer = Analyzer(Options(coaches=("Manager",), weights=(("managing.directive", 7.5),)))
    report = analyzer.analyze_text(CALL, "call.txt")
    assert {f.weight for f in report.findings if f.rule_id == "managing.directive"} == {7.5}


@pytest.mark.parametrize(("weights", "message"), [
    ((("managing.nope", 2.0),), "weights:0:0: [managing.nope] no rule with id 'managing.nope'"),
    ((("managing.directive", 0.0),),
     "weights:0:0: [managing.directive] weight must be above 0 and at most 10, not 0.0"),
    ((("managing.directive", 11.0),),
     "weights:0:0: [managing.directive] weight must be above 0 and at most 10, not 11.0"),
])
def test_bad_weight_overrides_are_errors(weights, message):
    with pytest.raises(RuleErrorGroup) as info:
        load_rules(weights=weights)
    assert [str(e) for e in info.value.errors] == [message]


def test_validate_a_good_pack():
    result = run_cli("rules", "validate", FIXTURES / "valid")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"ok: 2 rules in {FIXTURES / 'valid'}"
    assert result.stderr == ""


def test_rules_test_passes_with_counts():
    result = run_cli("rules", "test", FIXTURES / "valid")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "PASS training.zebra-method  tp=2 fp=0 fn=0 tn=2",
        "PASS managing.quokka-count  tp=2 fp=0 fn=0 tn=2",
        "2 passed, 0 failed  tp=4 fp=0 fn=0 tn=4",
    ]


def test_rules_test_fails_with_counts_and_the_wrong_examples():
    path = FIXTURES / "failing" / "zebra.yaml"
    result = run_cli("rules", "test", path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "FAIL training.zebra-failing  tp=1 fp=1 fn=1 tn=1",
        f"  {path}:13:11: [training.zebra-failing] should match but does not: 'The giraffe method has three steps.'",
        f"  {path}:15:11: [training.zebra-failing] should not match but does: 'I saw a zebra at the zoo.'",
        "0 passed, 1 failed  tp=1 fp=1 fn=1 tn=1",
    ]


def test_new_template_validates_and_once_filled_in_passes_its_tests(tmp_path):
    path = tmp_path / "forecast.yaml"
    result = run_cli("rules", "new", "managing.forecast-grilling", "-o", path)
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr.strip() == f"wrote {path}"
    assert run_cli("rules", "validate", path).exit_code == 0

    template = path.read_text(encoding="utf-8")
    filled = (template
              .replace('"a phrase to look for"', '"your forecast", "in commit"')
              .replace("A sentence the rule must match, with a phrase to look for in it.",
                       "Your forecast is off again.")
              .replace("a second one written like raw speech to text with a phrase to look for",
                       "so is acme in commit or not")
              .replace("A sentence the rule must leave alone.", "Tell me about the weekend."))
    assert filled.count("forecast") >= 2 and "phrase to look for" not in filled
    path.write_text(filled, encoding="utf-8")
    result = run_cli("rules", "test", path)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "1 passed, 0 failed  tp=2 fp=0 fn=0 tn=2"


def test_new_prints_to_stdout_without_output():
    result = run_cli("rules", "new", "coaching.silence")
    assert result.exit_code == 0
    rule = yaml.safe_load(result.stdout)["rules"][0]
    assert (rule["id"], rule["category"]) == ("coaching.silence", "coaching")


@pytest.mark.parametrize("rule_id", ["bossing.x", "managing", "managing.Bad Name"])
def test_new_refuses_a_bad_id(rule_id):
    result = run_cli("rules", "new", rule_id)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"coachcheck: error: rule id {rule_id!r} must be CATEGORY.short-name")


def test_new_never_overwrites(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("keep me", encoding="utf-8")
    result = run_cli("rules", "new", "managing.x", "-o", path)
    assert result.exit_code == 2
    assert path.read_text(encoding="utf-8") == "keep me"


def test_schema_command_prints_the_published_schema():
    result = run_cli("rules", "schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(SCHEMA.read_text(encoding="utf-8"))
