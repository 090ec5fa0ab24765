"""Strict rule validation: every problem in every file, each as `path:line:col: [rule-id] message`."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from rules_helpers import BROKEN, FIXTURES, run_cli

from coachcheck.errors import RuleErrorGroup
from coachcheck.rulepack import load_rules

ALLOWED_RULE_KEYS = "category, description, examples, id, match, message, tip, weight"
OP_HELP = "OP must be '+', '*', '?', '!' or a count such as '{2}', '{1,3}', '{2,}' or '{,3}'"
POS_HELP = ("POS needs a tagger, which coachcheck's pipeline does not run; "
            "match on LOWER, NORM, ORTH, TEXT, SHAPE, LENGTH or the IS_/LIKE_ flags")

# (file in tests/fixtures/rules/broken, the exact error lines with {p} for its path)
CASES = [
    ("unknown-key.yaml", [
        f"{{p}}:7:5: [managing.unknown-key] unknown key 'colour' (allowed: {ALLOWED_RULE_KEYS})",
    ]),
    ("wrong-types.yaml", [
        "{p}:4:13: [managing.wrong-types] weight must be a number above 0 and at most 10, not '2'",
        "{p}:5:14: [managing.wrong-types] 'message' must be non-empty text",
        "{p}:6:10: [managing.wrong-types] 'tip' must be non-empty text",
        "{p}:7:12: [managing.wrong-types] 'match' must be a mapping",
        "{p}:8:15: [managing.wrong-types] 'examples' must be a mapping with 'match' and 'no_match' lists",
    ]),
    ("unknown-category.yaml", [
        "{p}:3:15: [managing.unknown-category] unknown category 'managin' "
        "(choose from coaching, managing, training, mentoring, role_modeling, neutral)",
    ]),
    ("duplicate-id.yaml", [
        "{p}:9:9: [managing.twice] duplicate rule id, first defined at {p}:2:9",
    ]),
    ("bad-patterns.yaml", [
        "{p}:9:27: [managing.bad-patterns] invalid token pattern: token 1: unknown attribute 'COLOUR'",
        "{p}:10:32: [managing.bad-patterns] invalid token pattern: token 2: "
        + OP_HELP.replace("{", "{{").replace("}", "}}") + ", not 'x'",
        "{p}:11:13: [managing.bad-patterns] invalid token pattern: token 1: write the attribute in capitals: "
        "'LOWER', not 'lower'",
        f"{{p}}:12:13: [managing.bad-patterns] invalid token pattern: token 1: {POS_HELP}",
        "{p}:13:28: [managing.bad-patterns] invalid token pattern: token 1: LOWER.REGEX is not a valid regular "
        "expression (missing ), unterminated subpattern at position 0)",
        "{p}:14:25: [managing.bad-patterns] invalid token pattern: token 1: LOWER.IN must be a list of text, "
        "not 'quota'",
        "{p}:15:11: [managing.bad-patterns] invalid token pattern: a token pattern must be a non-empty list of "
        "token mappings",
        "{p}:16:32: [managing.bad-patterns] invalid token pattern: token 1: LOWER.IN[2] must be text, not true "
        "(quote words like yes, no, on and off: YAML reads them as true/false)",
        "{p}:16:51: [managing.bad-patterns] invalid token pattern: token 2: IS_TITLE must be true or false, "
        "not 'true'",
        "{p}:19:23: [managing.bad-patterns] invalid token pattern: token 1: LOWER: unknown predicate 'NOPE' "
        "(choose from REGEX, IN, NOT_IN, IS_SUBSET, IS_SUPERSET, INTERSECTS, FUZZY, FUZZY1 ... FUZZY9)",
    ]),
    ("bad-yaml.yaml", [
        "{p}:4:11: invalid YAML: expected ',' or ']', but got ':'",
    ]),
    ("two-documents.yaml", [
        "{p}:2:1: invalid YAML: expected a single document in the stream, but found another document",
    ]),
    ("tags.yaml", [
        "{p}:2:9: YAML tags are not allowed in rule files (tag:yaml.org,2002:str)",
        "{p}:3:15: YAML tags are not allowed in rule files (!category)",
        "{p}:4:13: YAML tags are not allowed in rule files (tag:yaml.org,2002:float)",
    ]),
    ("anchors.yaml", [
        "{p}:1:11: anchors are not allowed in rule files (&shared)",
        "{p}:6:15: aliases are not allowed in rule files (*shared)",
    ]),
    ("alias-bomb.yaml", [
        "{p}:1:4: anchors are not allowed in rule files (&a)",
        "{p}:2:4: anchors are not allowed in rule files (&b)",
        "{p}:2:8: aliases are not allowed in rule files (*a)",
        "{p}:2:12: aliases are not allowed in rule files (*a)",
        "{p}:2:16: aliases are not allowed in rule files (*a)",
        "{p}:3:5: aliases are not allowed in rule files (*b)",
        "{p}:3:9: aliases are not allowed in rule files (*b)",
        "{p}:3:13: aliases are not allowed in rule files (*b)",
    ]),
    ("duplicate-key.yaml", [
        "{p}:5:5: [managing.duplicate-key] duplicate key 'weight' (first at line 4)",
    ]),
    ("missing-keys.yaml", [
        "{p}:2:5: [managing.missing-keys] missing required keys 'weight', 'tip', 'match', 'examples'",
    ]),
    ("bad-id.yaml", [
        "{p}:2:9: [Managing Directive] id 'Managing Directive' must look like 'category.short-name' "
        "(lowercase letters, digits, dots, dashes)",
    ]),
    ("match-problems.yaml", [
        "{p}:8:13: [managing.match-problems] role must be one of coach, rep, any, not 'boss'",
        "{p}:9:24: [managing.match-problems] unknown act 'order' "
        "(choose from question, directive, reflection, statement, backchannel)",
        "{p}:11:7: [managing.match-problems] unknown key 'phrase' in match "
        "(allowed: act, patterns, phrases, question_type, role, unless)",
        "{p}:12:15: [managing.match-problems] 'unless' must be a mapping with 'phrases' and/or 'patterns'",
        "{p}:20:7: [managing.matches-nothing] a rule must match on at least one of act, question_type, "
        "phrases or patterns",
        "{p}:30:7: [managing.closed-directive] question_type only applies to questions: add 'question' to act, "
        "or leave act out",
    ]),
    ("example-problems.yaml", [
        "{p}:9:7: [managing.example-problems] examples need a non-empty 'no_match' list",
        "{p}:11:34: [managing.example-problems] unknown key 'prev' in example (allowed: previous, text)",
        "{p}:12:11: [managing.example-problems] an example must be non-empty text or a mapping with 'text', not 42",
        "{p}:13:7: [managing.example-problems] unknown key 'nomatch' in examples (allowed: match, no_match)",
    ]),
    ("not-a-mapping.yaml", [
        "{p}:1:1: a rule file must be a mapping with a 'rules:' list",
    ]),
    ("empty.yaml", [
        "{p}:1:1: the file is empty; a rule file is a mapping with a 'rules:' list",
    ]),
    ("file-level.yaml", [
        "{p}:1:14: 'description' must be non-empty text",
        "{p}:2:1: unknown key 'version' (allowed: description, rules)",
        "{p}:4:3: 'rules' must be a list of rules",
    ]),
]


def expected_lines(name: str, lines: list[str]) -> list[str]:
    """The table's lines with the file's path filled in."""
    return [line.format(p=BROKEN / name) for line in lines]


def all_expected() -> list[str]:
    """Every line the whole broken folder must produce (each file's ids are unique in the folder)."""
    return [line for name, lines in CASES for line in expected_lines(name, lines)]


def errors_of(*paths: Path) -> list[str]:
    """The error lines load_rules raises for these packs, without the shipped rules."""
    with pytest.raises(RuleErrorGroup) as info:
        load_rules(tuple(str(p) for p in paths), include_shipped=False)
    return [str(e) for e in info.value.errors]


def test_table_covers_every_broken_fixture():
    assert sorted(name for name, _ in CASES) == sorted(p.name for p in BROKEN.glob("*.yaml"))


@pytest.mark.parametrize(("name", "lines"), CASES, ids=[c[0] for c in CASES])
def test_broken_file_reports_exact_errors(name, lines):
    assert errors_of(BROKEN / name) == expected_lines(name, lines)


def test_every_problem_of_every_file_at_once():
    assert sorted(errors_of(BROKEN)) == sorted(all_expected())


@pytest.mark.parametrize("command", [["rules", "validate"], ["rules", "test"]])
def test_rules_commands_print_every_error_and_exit_2(command):
    result = run_cli(*command, BROKEN)
    assert result.exit_code == 2
    assert sorted(result.stderr.splitlines()) == sorted(all_expected())
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_analyze_with_broken_rules_exits_2_with_every_error(tmp_path):
    call = tmp_path / "call.txt"
    call.write_text("Manager: How are you?\nRep: Fine.\n", encoding="utf-8")
    result = run_cli("analyze", "--rules", BROKEN, call)
    assert result.exit_code == 2
    assert sorted(result.stderr.splitlines()) == sorted(all_expected())
    assert "Traceback" not in result.output


def test_duplicate_id_across_files_of_one_pack_is_an_error():
    pack = FIXTURES / "dup-pack"
    assert errors_of(pack) == [
        f"{pack / 'b.yaml'}:2:9: [managing.shared-id] duplicate rule id, first defined at {pack / 'a.yaml'}:2:9"
    ]


def test_same_id_in_a_later_pack_overrides_instead():
    a, b = FIXTURES / "dup-pack" / "a.yaml", FIXTURES / "dup-pack" / "b.yaml"
    pack = load_rules((str(a), str(b)), include_shipped=False)
    assert [(r.id, r.weight, r.path) for r in pack.rules] == [("managing.shared-id", 4.0, str(b))]


def test_alias_bomb_is_refused_without_expanding(tmp_path):
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(levels) + "\n", encoding="utf-8")
    start = time.perf_counter()
    errors = errors_of(bomb)
    assert time.perf_counter() - start < 2.0  # 9**10 strings if it expanded
    assert len(errors) == 10 + 81
    assert errors[0] == f"{bomb}:1:5: anchors are not allowed in rule files (&a0)"


def test_missing_empty_and_unreadable_sources(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00rules")
    missing = tmp_path / "missing"
    assert errors_of(missing, empty, binary) == sorted([
        f"{missing}:0:0: no such rule file or folder",
        f"{empty}:0:0: no rule files (*.yaml, *.yml) here",
        f"{binary}:0:0: cannot be read: not UTF-8 text",
    ])


def test_rule_with_problems_is_not_loaded_but_its_neighbours_are_checked(tmp_path):
    text = (BROKEN / "unknown-key.yaml").read_text(encoding="utf-8")
    f = tmp_path / "two.yaml"
    f.write_text(text + text.split("rules:\n", 1)[1].replace("managing.unknown-key", "managing.second")
                 .replace("colour: red", "color: blue"), encoding="utf-8")
    assert errors_of(f) == [
        f"{f}:7:5: [managing.unknown-key] unknown key 'colour' (allowed: {ALLOWED_RULE_KEYS})",
        f"{f}:18:5: [managing.second] unknown key 'color' (allowed: {ALLOWED_RULE_KEYS})",
    ]


def test_pattern_positions_are_carried_on_the_rule():
    pack = load_rules((str(FIXTURES / "valid"),), include_shipped=False)
    rule = pack.get("managing.quokka-count")
    assert rule.patterns == (({"LOWER": "quokka"}, {"LOWER": {"IN": ["count", "counts"]}}),)
    assert rule.pattern_pos == ((28, 11),)
    assert (rule.line, rule.col) == (20, 5)
    assert [(e.line, e.col) for e in rule.match_examples] == [(31, 11), (32, 11)]
