"""The published JSON Schema for rule files: valid, strict, and in agreement with the Python validator."""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from jsonschema import Draft202012Validator
from rules_helpers import BROKEN, SCHEMA, SHIPPED

from coachcheck.model import ACTS
from coachcheck.rulepack import patterns
from coachcheck.rulepack.schema import ID_PATTERN, RULE_CATEGORIES, parse_rule_file
from coachcheck.rulepack.yaml_lines import load_yaml

BASE_RULE = {
    "id": "managing.base",
    "category": "managing",
    "weight": 2,
    "message": "Tells the rep what to do",
    "tip": "Ask what they plan instead.",
    "match": {"act": "directive"},
    "examples": {"match": ["Send it today."], "no_match": ["What would you like to try?"]},
}

# Broken fixtures the schema cannot see as such, and why (the Python validator still rejects them).
PYTHON_ONLY_FIXTURES = {
    "duplicate-id.yaml": "JSON Schema cannot require a property to be unique across list items",
    "duplicate-key.yaml": "a YAML loader keeps one of the two values before any schema sees the data",
    "bad-yaml.yaml": "not YAML at all",
    "two-documents.yaml": "a YAML stream of two documents is not one document to check",
    "tags.yaml": "tags are YAML syntax, gone (or refused) before a schema sees the data",
    "anchors.yaml": "anchors and aliases are YAML syntax, expanded before a schema sees the data",
    "alias-bomb.yaml": "anchors and aliases are YAML syntax, expanded before a schema sees the data",
}


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema) -> Draft202012Validator:
    return Draft202012Validator(schema)


def python_errors(data) -> list[str]:
    """The Python validator's messages for a rule file given as plain data (via YAML, for positions)."""
    loaded, errors = load_yaml(yaml.safe_dump(data, sort_keys=False), "t.yaml")
    return [str(e) for e in errors] + [str(e) for e in parse_rule_file(loaded, "t.yaml").errors]


def with_rule(**changes) -> dict:
    """A one-rule file: BASE_RULE with top-level keys replaced (None deletes the key)."""
    rule = copy.deepcopy(BASE_RULE)
    for key, value in changes.items():
        if value is None:
            rule.pop(key)
        else:
            rule[key] = value
    return {"rules": [rule]}


def with_match(**match) -> dict:
    return with_rule(match=match)


def with_pattern(*tokens) -> dict:
    return with_match(patterns=[list(tokens)])


def with_examples(match=("Send it today.",), no_match=("Why not?",)) -> dict:
    return with_rule(examples={"match": list(match), "no_match": list(no_match)})


INVALID = {
    "unknown rule key": with_rule(colour="red"),
    **{f"missing {key}": with_rule(**{key: None}) for key in BASE_RULE},
    "bad id": with_rule(id="Managing Directive"),
    "id without a dot": with_rule(id="managing"),
    "unknown category": with_rule(category="managin"),
    "weight as text": with_rule(weight="2"),
    "weight zero": with_rule(weight=0),
    "weight above 10": with_rule(weight=11),
    "weight boolean": with_rule(weight=True),
    "empty message": with_rule(message=""),
    "blank tip": with_rule(tip="   "),
    "message a number": with_rule(message=3),
    "empty description": with_rule(description=""),
    "match a list": with_rule(match=["directive"]),
    "unknown match key": with_match(act="directive", phrase=["you need to"]),
    "unknown role": with_match(act="directive", role="boss"),
    "unknown act": with_match(act="order"),
    "empty act list": with_match(act=[]),
    "unknown act in a list": with_match(act=["directive", "order"]),
    "unknown question_type": with_match(act="question", question_type="rhetorical"),
    "null question_type": with_match(act="question", question_type=None),
    "question_type on a directive": with_match(act="directive", question_type="closed"),
    "nothing to match": with_match(role="coach"),
    "only empty phrases": with_match(phrases=[]),
    "phrases not a list": with_match(phrases="you need to"),
    "blank phrase": with_match(phrases=["you need to", " "]),
    "patterns not a list": with_match(patterns={"LOWER": "quota"}),
    "empty pattern": with_match(patterns=[[]]),
    "token not a mapping": with_pattern("quota"),
    "unknown token attribute": with_pattern({"LOWER": "quota", "COLOUR": "red"}),
    "lowercase token attribute": with_pattern({"lower": "quota"}),
    "POS without a tagger": with_pattern({"POS": "NOUN"}),
    "LEMMA without a lemmatizer": with_pattern({"LEMMA": "be"}),
    "custom attribute": with_pattern({"_": {"mood": "calm"}}),
    "bad OP": with_pattern({"LOWER": "your"}, {"OP": "x"}),
    "flag as text": with_pattern({"IS_TITLE": "true"}),
    "text attribute a number": with_pattern({"LOWER": 1}),
    "text attribute null": with_pattern({"LOWER": None}),
    "IN not a list": with_pattern({"LOWER": {"IN": "quota"}}),
    "IN with a boolean": with_pattern({"LOWER": {"IN": ["sure", True]}}),
    "unknown predicate": with_pattern({"LOWER": {"NOPE": ["what"]}}),
    "lowercase predicate": with_pattern({"LOWER": {"in": ["what"]}}),
    "LENGTH as text": with_pattern({"LENGTH": "x"}),
    "LENGTH a fraction": with_pattern({"LENGTH": 2.5}),
    "LENGTH comparison not a number": with_pattern({"LENGTH": {">=": "x"}}),
    "LENGTH IN with text": with_pattern({"LENGTH": {"IN": ["a"]}}),
    "LENGTH with FUZZY": with_pattern({"LENGTH": {"FUZZY": "a"}}),
    "unless a list": with_match(act="directive", unless=["what do you"]),
    "unknown unless key": with_match(act="directive", unless={"phrase": ["what do you"]}),
    "examples a string": with_rule(examples="Send it today."),
    "unknown examples key": with_rule(examples={"match": ["a"], "no_match": ["b"], "maybe": ["c"]}),
    "no no_match": with_rule(examples={"match": ["Send it today."]}),
    "empty match list": with_examples(match=()),
    "example a number": with_examples(match=(42,)),
    "example with blank text": with_examples(match=({"text": ""},)),
    "example with unknown key": with_examples(match=({"text": "Send it.", "prev": "I called."},)),
    "example without text": with_examples(match=({"previous": "I called."},)),
    "example previous a number": with_examples(match=({"text": "Send it.", "previous": 3},)),
    "unknown file key": {"version": 2, "rules": [BASE_RULE]},
    "rules not a list": {"rules": BASE_RULE},
    "no rules": {"description": "Nothing here."},
    "empty file description": {"description": "", "rules": [BASE_RULE]},
    "file a list": [BASE_RULE],
}

VALID = {
    "base rule": with_rule(),
    "with description": with_rule(description="Longer text."),
    "act list": with_match(act=["directive", "statement"]),
    "question_type alone": with_match(question_type="open"),
    "question_type on questions": with_match(act=["question"], question_type="closed"),
    "role any with phrases": with_match(role="any", phrases=["you need to"]),
    "unless": with_match(act="directive", unless={"phrases": ["what do you"], "patterns": []}),
    "empty token matches any token": with_pattern({"LOWER": "your"}, {}),
    "pattern with OP count": with_pattern({"LOWER": "very", "OP": "{1,3}"}, {"LOWER": "good"}),
    "REGEX and FUZZY": with_pattern({"TEXT": {"REGEX": "^Q[1-4]$"}}, {"LOWER": {"FUZZY": {"IN": ["quota"]}}}),
    "LENGTH comparisons": with_pattern({"LENGTH": {">=": 2, "<": 9.5}}, {"IS_ALPHA": True}),
    "example with previous": with_examples(match=({"text": "Send it today.", "previous": "I called."},)),
    "file description": {"description": "Made-up rules.", "rules": [BASE_RULE]},
}

PYTHON_ONLY = {
    "REGEX that does not compile": with_pattern({"LOWER": {"REGEX": "(quota"}}),
}


def test_schema_is_valid_draft_2020_12(schema):
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_object_in_the_schema_forbids_unknown_keys(schema):
    objects = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "object":
                objects.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert len(objects) >= 9
    assert all(o.get("additionalProperties") is False for o in objects)


@pytest.mark.parametrize("path", sorted(SHIPPED.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_rule_files_match_the_schema(validator, path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(data)] == []


@pytest.mark.parametrize("case", sorted(INVALID), ids=str)
def test_schema_and_python_both_reject(validator, case):
    data = INVALID[case]
    assert list(validator.iter_errors(data)), f"the schema accepts {case}"
    assert python_errors(data), f"the Python validator accepts {case}"


@pytest.mark.parametrize("case", sorted(VALID), ids=str)
def test_schema_and_python_both_accept(validator, case):
    data = VALID[case]
    assert [e.message for e in validator.iter_errors(data)] == []
    assert python_errors(data) == []


@pytest.mark.parametrize("case", sorted(PYTHON_ONLY), ids=str)
def test_python_rejects_what_the_schema_cannot_express(validator, case):
    assert python_errors(PYTHON_ONLY[case])
    assert not list(validator.iter_errors(PYTHON_ONLY[case]))


@pytest.mark.parametrize("path", [p for p in sorted(BROKEN.glob("*.yaml")) if p.name not in PYTHON_ONLY_FIXTURES],
                         ids=lambda p: p.name)
def test_broken_fixtures_are_rejected_by_the_schema_too(validator, path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert list(validator.iter_errors(data))


def test_fixtures_only_python_rejects_exist():
    # They are in test_rule_validation's table, so the Python validator's errors for them are checked there.
    assert set(PYTHON_ONLY_FIXTURES) <= {p.name for p in BROKEN.glob("*.yaml")}


def test_schema_enumerations_are_the_validators(schema):
    defs = schema["$defs"]
    assert defs["rule"]["properties"]["id"]["pattern"] == ID_PATTERN.pattern
    assert defs["rule"]["properties"]["category"]["enum"] == list(RULE_CATEGORIES)
    assert defs["match"]["properties"]["act"]["anyOf"][0]["enum"] == list(ACTS)
    assert list(defs["token"]["properties"]) == list(patterns.TOKEN_KEYS)
    assert list(defs["stringValue"]["anyOf"][1]["properties"]) == list(patterns.TEXT_PREDICATES)
    assert list(defs["numberValue"]["anyOf"][1]["properties"]) == list(patterns.NUMBER_PREDICATES)


def test_token_tables_follow_spacys_schema():
    from spacy.schemas import TokenPattern, TokenPatternNumber, TokenPatternString

    def aliases(model) -> set[str]:
        gen = model.model_config.get("alias_generator")
        return {(f.alias or (gen(n) if gen else n)).upper() for n, f in model.model_fields.items()}

    assert aliases(TokenPattern) == set(patterns.TOKEN_KEYS) | set(patterns.UNAVAILABLE)
    assert aliases(TokenPatternString) == set(patterns.TEXT_PREDICATES)
    assert aliases(TokenPatternNumber) == set(patterns.NUMBER_PREDICATES)


TOKENS = [
    {"LOWER": "quota"}, {}, {"LOWER": {"IN": ["a", "b"]}, "OP": "?"}, {"OP": "{2,}"}, {"OP": "{,3}"},
    {"TEXT": {"REGEX": "^[A-Z]"}}, {"LOWER": {"FUZZY2": "quota"}}, {"NORM": {"NOT_IN": []}},
    {"LENGTH": 3}, {"LENGTH": 2.5}, {"LENGTH": {"==": 2.5}}, {"LENGTH": {"IN": [1, 2]}}, {"LENGTH": {"!=": 1}},
    {"LIKE_NUM": False},
    {"LOWER": 1}, {"LOWER": True}, {"LOWER": None}, {"COLOUR": "red"}, {"OP": "x"}, {"OP": "{a}"},
    {"IS_ALPHA": "yes"}, {"IS_ALPHA": 1}, {"LOWER": {"IN": "ab"}}, {"LOWER": {"IN": [1]}},
    {"LOWER": {"NOPE": "x"}}, {"LENGTH": "3"}, {"LENGTH": True}, {"LENGTH": {"IN": [True]}},
    {"LENGTH": {">": "x"}}, {"LENGTH": {"FUZZY": "x"}}, {"LOWER": {"REGEX": "("}}, {"LOWER": {"REGEX": 3}},
    {"TEXT": {"FUZZY": {"IN": [1]}}},
]
STRICTER = [{"lower": "quota"}, {"LOWER": {"in": ["a"]}}, {"POS": "NOUN"}, {"DEP": "nsubj"}, {"_": {"x": 1}}]


def spacy_accepts(token: dict) -> bool:
    """Whether `Matcher(validate=True).add` takes a one-token pattern."""
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    try:
        Matcher(Vocab(), validate=True).add("t", [[token]])
    except Exception:  # MatchPatternError, ValueError, re.error: all mean "refused"
        return False
    return True


@pytest.mark.parametrize("token", TOKENS, ids=repr)
def test_token_check_agrees_with_spacys_matcher(token):
    assert (patterns.pattern_problems([token], (1, 1)) == []) == spacy_accepts(token)


@pytest.mark.parametrize("token", STRICTER, ids=repr)
def test_token_check_is_stricter_than_spacy_only_for_coachchecks_pipeline(token):
    assert spacy_accepts(token)
    assert patterns.pattern_problems([token], (1, 1))
