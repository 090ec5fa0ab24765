"""What a rule is, and strict validation of rule files (every problem reported, with its place).

A rule file holds a list of rules under `rules:`. Each rule:

    - id: managing.modal-pressure          # unique, lowercase, dots and dashes
      category: managing                   # coaching|managing|training|mentoring|role_modeling|neutral
      weight: 2                            # how strongly a match votes for the category
      message: Tells the rep what they must do
      tip: Ask what they plan to do instead - "What's your next step?"
      description: optional longer text for the docs
      match:
        role: coach                        # coach (default) | rep | any
        act: [directive]                   # any of question|directive|reflection|statement|backchannel
        question_type: open                # open | closed (questions only)
        phrases: ["you need to"]           # case-insensitive token phrases, any of them
        patterns: [[{LOWER: quota}]]       # spaCy Matcher token patterns, any of them
        unless:                            # not when any of these is in the sentence
          phrases: ["what do you"]
          patterns: []
      examples:
        match: ["You need to get those calls logged."]
        no_match: ["What do you need from me?"]

A rule matches a sentence when every condition given holds: the speaker's role, the act, the
question type, at least one phrase or pattern (when any are given), and none of `unless`.
An example is a sentence, or `{text: ..., previous: ...}` with what the rep said before it.

`parse_rule_file` reports every problem of a file, each at the line and column of the key or
value at fault; token patterns are checked by `coachcheck.rulepack.patterns`. The same format
is published as a JSON Schema (`coachcheck/schemas/rules.schema.json`) and documented key by
key in docs/writing-rules.md; tests keep the three in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from coachcheck.errors import RuleError
from coachcheck.model import ACTS, CATEGORIES, NEUTRAL, QUESTION_TYPES
from coachcheck.rulepack.patterns import pattern_problems, plain_data
from coachcheck.rulepack.yaml_lines import Pos, position

RULE_CATEGORIES = (*CATEGORIES, NEUTRAL)
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9][a-z0-9_-]*)+$")
_FILE_KEYS = {"rules", "description"}
_RULE_KEYS = {"id", "category", "weight", "message", "tip", "description", "match", "examples"}
_REQUIRED = ("id", "category", "weight", "message", "tip", "match", "examples")
_MATCH_KEYS = {"role", "act", "question_type", "phrases", "patterns", "unless"}
_UNLESS_KEYS = {"phrases", "patterns"}
_EXAMPLE_KEYS = {"match", "no_match"}
_EXAMPLE_ITEM_KEYS = {"text", "previous"}
_ROLES = ("coach", "rep", "any")


@dataclass(frozen=True, slots=True)
class Example:
    """A sentence a rule must (or must not) match, with what the rep said before it."""

    text: str
    previous: str | None = None
    line: int = 0
    col: int = 0


@dataclass(frozen=True, slots=True)
class Rule:
    """One validated rule (see the module docstring for the file format).

    `path`, `line` and `col` say where the rule starts; `pattern_pos` and `unless_pattern_pos`
    where each of its token patterns is, in the same order as `patterns` and `unless_patterns`.
    """

    id: str
    category: str
    weight: float
    message: str
    tip: str
    role: str = "coach"
    acts: tuple[str, ...] = ()
    question_type: str | None = None
    phrases: tuple[str, ...] = ()
    patterns: tuple[tuple[dict[str, Any], ...], ...] = ()
    unless_phrases: tuple[str, ...] = ()
    unless_patterns: tuple[tuple[dict[str, Any], ...], ...] = ()
    match_examples: tuple[Example, ...] = ()
    no_match_examples: tuple[Example, ...] = ()
    description: str = ""
    path: str = ""
    line: int = 0
    col: int = 0
    pattern_pos: tuple[tuple[int, int], ...] = ()
    unless_pattern_pos: tuple[tuple[int, int], ...] = ()

    @property
    def needs_words(self) -> bool:
        """Whether the rule needs a phrase or pattern hit, not only an act."""
        return bool(self.phrases or self.patterns)

    def to_dict(self) -> dict[str, Any]:
        """The rule as JSON-ready data (for `rules show` and `rules list --format json`)."""
        match: dict[str, Any] = {"role": self.role}
        if self.acts:
            match["act"] = list(self.acts)
        if self.question_type:
            match["question_type"] = self.question_type
        if self.phrases:
            match["phrases"] = list(self.phrases)
        if self.patterns:
            match["patterns"] = [list(p) for p in self.patterns]
        if self.unless_phrases or self.unless_patterns:
            match["unless"] = {"phrases": list(self.unless_phrases),
                               "patterns": [list(p) for p in self.unless_patterns]}
        return {
            "id": self.id, "category": self.category, "weight": self.weight, "message": self.message,
            "tip": self.tip, "description": self.description, "match": match,
            "examples": {"match": [_example_dict(e) for e in self.match_examples],
                         "no_match": [_example_dict(e) for e in self.no_match_examples]},
            "source": f"{self.path}:{self.line}:{self.col}",
        }


def _example_dict(e: Example) -> Any:
    return e.text if e.previous is None else {"text": e.text, "previous": e.previous}


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """What validating one rule file found.

    Attributes:
        rules (list[Rule]): the rules without problems.
        errors (list[RuleError]): every problem, each with its place.
        ids (list[tuple[str, int, int]]): every rule id written in the file (valid rule or not)
            with the line and column of its value, for duplicate checks across files.
        spans (list[tuple[str, int, int]]): (rule id, first line, last line) of each rule with
            a text id, to name the rule in problems found before validation (duplicate keys).
    """

    rules: list[Rule]
    errors: list[RuleError]
    ids: list[tuple[str, int, int]]
    spans: list[tuple[str, int, int]] = field(default_factory=list)

    def rule_at(self, line: int) -> str | None:
        """The id of the rule written at this line, if any."""
        return next((rid for rid, first, last in self.spans if first <= line <= last), None)


class _Collector:
    """Collects errors for one file instead of stopping at the first."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[RuleError] = []
        self.rule_id: str | None = None

    def add(self, pos: tuple[int, int], message: str) -> None:
        line, col = pos if pos != (0, 0) else (1, 1)
        self.errors.append(RuleError(self.path, line, col, message, self.rule_id))


def _allowed(keys: set[str]) -> str:
    return ", ".join(sorted(keys))


def _unknown_keys(mapping: dict, allowed: set[str], errs: _Collector, where: str = "") -> bool:
    """Report each key of mapping that is not allowed; True when there was none."""
    inside = f" in {where}" if where else ""
    clean = True
    for key in mapping:
        if key not in allowed:
            errs.add(position(mapping, key), f"unknown key {key!r}{inside} (allowed: {_allowed(allowed)})")
            clean = False
    return clean


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def parse_rule_file(data: Any, path: str) -> ParsedFile:
    """Validate a loaded rule file and build its rules.

    Args:
        data (Any): the file's content from `load_yaml`.
        path (str): the file, for errors.

    RETURNS (ParsedFile): the valid rules, every problem found, and the ids written.
    """
    errs = _Collector(path)
    if data is None:
        errs.add((1, 1), "the file is empty; a rule file is a mapping with a 'rules:' list")
        return ParsedFile([], errs.errors, [])
    if not isinstance(data, dict):
        errs.add(position(data), "a rule file must be a mapping with a 'rules:' list")
        return ParsedFile([], errs.errors, [])
    _unknown_keys(data, _FILE_KEYS, errs)
    if "description" in data and not _text(data["description"]):
        errs.add(position(data, "description", value=True), "'description' must be non-empty text")
    if "rules" not in data:
        errs.add(position(data), "missing required key 'rules'")
        return ParsedFile([], errs.errors, [])
    raw_rules = data["rules"]
    if not isinstance(raw_rules, list):
        errs.add(position(data, "rules", value=True), "'rules' must be a list of rules")
        return ParsedFile([], errs.errors, [])
    rules, ids, spans = [], [], []
    for i, raw in enumerate(raw_rules):
        rid = raw.get("id") if isinstance(raw, dict) else None
        errs.rule_id = rid if isinstance(rid, str) else None
        if errs.rule_id is not None:
            ids.append((errs.rule_id, *position(raw, "id", value=True)))
            spans.append((errs.rule_id, getattr(raw, "line", 0), getattr(raw, "end_line", 0)))
        before = len(errs.errors)
        rule = _parse_rule(raw, position(raw_rules, i), errs)
        if rule is not None and len(errs.errors) == before:
            rules.append(rule)
    return ParsedFile(rules, errs.errors, ids, spans)


def _parse_rule(raw: Any, pos: tuple[int, int], errs: _Collector) -> Rule | None:
    if not isinstance(raw, dict):
        errs.add(pos, "each rule must be a mapping")
        return None
    _unknown_keys(raw, _RULE_KEYS, errs)
    missing = [key for key in _REQUIRED if key not in raw]
    if missing:
        errs.add(pos, f"missing required key{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))}")
    rid = raw.get("id")
    if "id" in raw and (not isinstance(rid, str) or not ID_PATTERN.match(rid)):
        errs.add(position(raw, "id", value=True),
                 f"id {rid!r} must look like 'category.short-name' (lowercase letters, digits, dots, dashes)")
    category = raw.get("category")
    if "category" in raw and category not in RULE_CATEGORIES:
        errs.add(position(raw, "category", value=True),
                 f"unknown category {category!r} (choose from {', '.join(RULE_CATEGORIES)})")
    weight = raw.get("weight")
    if "weight" in raw and (isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 10):
        errs.add(position(raw, "weight", value=True), f"weight must be a number above 0 and at most 10, not {weight!r}")
    for key in ("message", "tip", "description"):
        if key in raw and not _text(raw[key]):
            errs.add(position(raw, key, value=True), f"{key!r} must be non-empty text")
    parsed_match = _parse_match(raw["match"], position(raw, "match", value=True), errs) if "match" in raw else {}
    ex_match: tuple[Example, ...] = ()
    ex_no: tuple[Example, ...] = ()
    if "examples" in raw:
        examples = raw["examples"]
        if not isinstance(examples, dict):
            errs.add(position(raw, "examples", value=True),
                     "'examples' must be a mapping with 'match' and 'no_match' lists")
        else:
            _unknown_keys(examples, _EXAMPLE_KEYS, errs, "examples")
            ex_match = _parse_examples(examples, "match", errs)
            ex_no = _parse_examples(examples, "no_match", errs)
    if any(k not in raw for k in _REQUIRED):
        return None
    return Rule(
        id=str(rid), category=str(category), weight=float(weight) if isinstance(weight, (int, float)) else 0.0,
        message=str(raw["message"]).strip(), tip=str(raw["tip"]).strip(),
        description=str(raw.get("description", "")).strip(),
        match_examples=ex_match, no_match_examples=ex_no, line=pos[0], col=pos[1], **parsed_match,
    )


def _parse_match(match: Any, pos: tuple[int, int], errs: _Collector) -> dict[str, Any]:
    if not isinstance(match, dict):
        errs.add(pos, "'match' must be a mapping")
        return {}
    _unknown_keys(match, _MATCH_KEYS, errs, "match")
    out: dict[str, Any] = {}
    role = match.get("role", "coach")
    if role not in _ROLES:
        errs.add(position(match, "role", value=True), f"role must be one of {', '.join(_ROLES)}, not {role!r}")
    out["role"] = role
    out["acts"] = _acts(match, errs)
    qt = match.get("question_type")
    if "question_type" in match and qt not in QUESTION_TYPES:
        errs.add(position(match, "question_type", value=True), f"question_type must be open or closed, not {qt!r}")
    elif qt is not None and out["acts"] and "question" not in out["acts"]:
        errs.add(position(match, "question_type"),
                 "question_type only applies to questions: add 'question' to act, or leave act out")
    out["question_type"] = qt if qt in QUESTION_TYPES else None
    out["phrases"] = _phrases(match, errs)
    out["patterns"], out["pattern_pos"] = _patterns(match, errs)
    if "unless" in match:
        unless = match["unless"]
        if not isinstance(unless, dict):
            errs.add(position(match, "unless", value=True),
                     "'unless' must be a mapping with 'phrases' and/or 'patterns'")
        else:
            _unknown_keys(unless, _UNLESS_KEYS, errs, "unless")
            out["unless_phrases"] = _phrases(unless, errs)
            out["unless_patterns"], out["unless_pattern_pos"] = _patterns(unless, errs)
    if not (match.get("act") or "question_type" in match or match.get("phrases") or match.get("patterns")):
        errs.add(pos, "a rule must match on at least one of act, question_type, phrases or patterns")
    return out


def _acts(match: dict, errs: _Collector) -> tuple[str, ...]:
    if "act" not in match:
        return ()
    value = match["act"]
    items = [value] if isinstance(value, str) else value
    choices = ", ".join(ACTS)
    if not isinstance(items, list) or not items:
        errs.add(position(match, "act", value=True), f"act must be one of {choices}, or a non-empty list of them")
        return ()
    bad = [i for i, a in enumerate(items) if a not in ACTS]
    for i in bad:
        at = position(items, i) if isinstance(value, list) else position(match, "act", value=True)
        errs.add(at, f"unknown act {items[i]!r} (choose from {choices})")
    return () if bad else tuple(items)


def _phrases(container: dict, errs: _Collector) -> tuple[str, ...]:
    if "phrases" not in container:
        return ()
    value = container["phrases"]
    if not isinstance(value, list):
        errs.add(position(container, "phrases", value=True), "'phrases' must be a list of text")
        return ()
    ok = True
    for i, phrase in enumerate(value):
        if not _text(phrase):
            errs.add(position(value, i), f"a phrase must be non-empty text, not {phrase!r}")
            ok = False
    return tuple(" ".join(p.split()) for p in value) if ok else ()


def _patterns(container: dict, errs: _Collector) -> tuple[tuple[tuple[dict[str, Any], ...], ...], tuple[Pos, ...]]:
    if "patterns" not in container:
        return (), ()
    value = container["patterns"]
    if not isinstance(value, list):
        errs.add(position(container, "patterns", value=True),
                 "'patterns' must be a list of token patterns (each a list of token mappings)")
        return (), ()
    ok = True
    for i, pattern in enumerate(value):
        for at, message in pattern_problems(pattern, position(value, i)):
            errs.add(at, f"invalid token pattern: {message}")
            ok = False
    if not ok:
        return (), ()
    return tuple(tuple(plain_data(t) for t in p) for p in value), tuple(position(value, i) for i in range(len(value)))


def _parse_examples(examples: dict, key: str, errs: _Collector) -> tuple[Example, ...]:
    value = examples.get(key)
    if not isinstance(value, list) or not value:
        at = position(examples, key, value=True) if key in examples else position(examples)
        errs.add(at, f"examples need a non-empty {key!r} list")
        return ()
    out = []
    for i, item in enumerate(value):
        line, col = position(value, i)
        if _text(item):
            out.append(Example(item.strip(), None, line, col))
        elif isinstance(item, dict):
            example = _dict_example(item, (line, col), errs)
            if example is not None:
                out.append(example)
        else:
            errs.add((line, col), f"an example must be non-empty text or a mapping with 'text', not {item!r}")
    return tuple(out)


def _dict_example(item: dict, pos: tuple[int, int], errs: _Collector) -> Example | None:
    ok = _unknown_keys(item, _EXAMPLE_ITEM_KEYS, errs, "example")
    if not _text(item.get("text")):
        at = position(item, "text", value=True) if "text" in item else pos
        errs.add(at, "an example needs 'text': the sentence, as non-empty text")
        ok = False
    if "previous" in item and not isinstance(item["previous"], str):
        errs.add(position(item, "previous", value=True), "an example's 'previous' must be text")
        ok = False
    if not ok:
        return None
    prev = item.get("previous")
    return Example(item["text"].strip(), prev.strip() if prev and prev.strip() else None, pos[0], pos[1])
