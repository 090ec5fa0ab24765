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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from coachcheck.errors import RuleError
from coachcheck.model import ACTS, CATEGORIES, NEUTRAL, QUESTION_TYPES
from coachcheck.rulepack.yaml_lines import LineDict, LineList

RULE_CATEGORIES = (*CATEGORIES, NEUTRAL)
_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9][a-z0-9_-]*)+$")
_FILE_KEYS = {"rules", "description"}
_RULE_KEYS = {"id", "category", "weight", "message", "tip", "description", "match", "examples"}
_REQUIRED = ("id", "category", "weight", "message", "tip", "match", "examples")
_MATCH_KEYS = {"role", "act", "question_type", "phrases", "patterns", "unless"}
_UNLESS_KEYS = {"phrases", "patterns"}
_EXAMPLE_KEYS = {"match", "no_match"}
_ROLES = ("coach", "rep", "any")


@dataclass(frozen=True, slots=True)
class Example:
    """A sentence a rule must (or must not) match, with what the rep said before it."""

    text: str
    previous: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """One validated rule (see the module docstring for the file format)."""

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
            match["unless"] = {"phrases": list(self.unless_phrases), "patterns": [list(p) for p in self.unless_patterns]}
        return {
            "id": self.id, "category": self.category, "weight": self.weight, "message": self.message,
            "tip": self.tip, "description": self.description, "match": match,
            "examples": {"match": [_example_dict(e) for e in self.match_examples],
                         "no_match": [_example_dict(e) for e in self.no_match_examples]},
            "source": f"{self.path}:{self.line}",
        }


def _example_dict(e: Example) -> Any:
    return e.text if e.previous is None else {"text": e.text, "previous": e.previous}


class _Collector:
    """Collects errors for one file instead of stopping at the first."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[RuleError] = []
        self.rule_id: str | None = None

    def add(self, pos: tuple[int, int], message: str) -> None:
        self.errors.append(RuleError(self.path, pos[0], pos[1], message, self.rule_id))


def _pos(container: Any, key: Any = None) -> tuple[int, int]:
    if isinstance(container, LineDict) and key in container.key_pos:
        return container.key_pos[key]
    if isinstance(container, LineList) and isinstance(key, int) and key < len(container.item_pos):
        return container.item_pos[key]
    return (getattr(container, "line", 0), getattr(container, "col", 0))


def parse_rule_file(data: Any, path: str) -> tuple[list[Rule], list[RuleError]]:
    """Validate a loaded rule file and build its rules.

    Args:
        data (Any): the file's content from `load_yaml`.
        path (str): the file, for errors.

    RETURNS (tuple[list[Rule], list[RuleError]]): the valid rules, and every problem found.
    """
    errs = _Collector(path)
    if not isinstance(data, dict):
        errs.add(_pos(data), "a rule file must be a mapping with a 'rules:' list")
        return [], errs.errors
    for key in data:
        if key not in _FILE_KEYS:
            errs.add(_pos(data, key), f"unknown key {key!r} (allowed: {', '.join(sorted(_FILE_KEYS))})")
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list):
        errs.add(_pos(data, "rules") if "rules" in data else _pos(data), "'rules' must be a list of rules")
        return [], errs.errors
    rules = []
    for i, raw in enumerate(raw_rules):
        errs.rule_id = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
        before = len(errs.errors)
        rule = _parse_rule(raw, _pos(raw_rules, i), errs)
        if rule is not None and len(errs.errors) == before:
            rules.append(rule)
    return rules, errs.errors


def _parse_rule(raw: Any, pos: tuple[int, int], errs: _Collector) -> Rule | None:
    if not isinstance(raw, dict):
        errs.add(pos, "each rule must be a mapping")
        return None
    for key in raw:
        if key not in _RULE_KEYS:
            errs.add(_pos(raw, key), f"unknown key {key!r} (allowed: {', '.join(sorted(_RULE_KEYS))})")
    for key in _REQUIRED:
        if key not in raw:
            errs.add(pos, f"missing required key {key!r}")
    rid = raw.get("id")
    if "id" in raw and (not isinstance(rid, str) or not _ID.match(rid)):
        errs.add(_pos(raw, "id"), f"id {rid!r} must look like 'category.short-name' (lowercase, dots, dashes)")
    category = raw.get("category")
    if "category" in raw and category not in RULE_CATEGORIES:
        errs.add(_pos(raw, "category"), f"unknown category {category!r} (choose from {', '.join(RULE_CATEGORIES)})")
    weight = raw.get("weight")
    if "weight" in raw and (isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 10):
        errs.add(_pos(raw, "weight"), f"weight must be a number above 0 and at most 10, not {weight!r}")
    for key in ("message", "tip", "description"):
        if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
            errs.add(_pos(raw, key), f"{key!r} must be non-empty text")
    match = raw.get("match")
    parsed_match: dict[str, Any] = {}
    if "match" in raw:
        parsed_match = _parse_match(match, _pos(raw, "match"), errs)
    examples = raw.get("examples")
    ex_match: tuple[Example, ...] = ()
    ex_no: tuple[Example, ...] = ()
    if "examples" in raw:
        if not isinstance(examples, dict):
            errs.add(_pos(raw, "examples"), "'examples' must be a mapping with 'match' and 'no_match' lists")
        else:
            for key in examples:
                if key not in _EXAMPLE_KEYS:
                    errs.add(_pos(examples, key), f"unknown key {key!r} (allowed: match, no_match)")
            ex_match = _parse_examples(examples, "match", errs)
            ex_no = _parse_examples(examples, "no_match", errs)
    if any(k not in raw for k in _REQUIRED):
        return None
    return Rule(
        id=str(rid), category=str(category), weight=float(weight) if isinstance(weight, (int, float)) else 0.0,
        message=str(raw["message"]).strip(), tip=str(raw["tip"]).strip(),
        description=str(raw.get("description", "")).strip(),
        match_examples=ex_match, no_match_examples=ex_no, line=pos[0], **parsed_match,
    )


def _parse_match(match: Any, pos: tuple[int, int], errs: _Collector) -> dict[str, Any]:
    if not isinstance(match, dict):
        errs.add(pos, "'match' must be a mapping")
        return {}
    for key in match:
        if key not in _MATCH_KEYS:
            errs.add(_pos(match, key), f"unknown key {key!r} in match (allowed: {', '.join(sorted(_MATCH_KEYS))})")
    out: dict[str, Any] = {}
    role = match.get("role", "coach")
    if role not in _ROLES:
        errs.add(_pos(match, "role"), f"role must be one of {', '.join(_ROLES)}, not {role!r}")
    out["role"] = role
    acts = match.get("act", [])
    acts = [acts] if isinstance(acts, str) else acts
    if not isinstance(acts, list) or any(a not in ACTS for a in acts):
        errs.add(_pos(match, "act"), f"act must be one or a list of {', '.join(ACTS)}, not {match.get('act')!r}")
        acts = []
    out["acts"] = tuple(acts)
    qt = match.get("question_type")
    if qt is not None and qt not in QUESTION_TYPES:
        errs.add(_pos(match, "question_type"), f"question_type must be open or closed, not {qt!r}")
    out["question_type"] = qt
    out["phrases"] = _phrases(match, "phrases", errs)
    out["patterns"] = _patterns(match, "patterns", errs)
    unless = match.get("unless")
    if unless is not None:
        if not isinstance(unless, dict):
            errs.add(_pos(match, "unless"), "'unless' must be a mapping with 'phrases' and/or 'patterns'")
        else:
            for key in unless:
                if key not in _UNLESS_KEYS:
                    errs.add(_pos(unless, key), f"unknown key {key!r} in unless (allowed: phrases, patterns)")
            out["unless_phrases"] = _phrases(unless, "phrases", errs)
            out["unless_patterns"] = _patterns(unless, "patterns", errs)
    if not (out["acts"] or out["phrases"] or out["patterns"] or qt):
        errs.add(pos, "a rule must match on at least one of act, question_type, phrases or patterns")
    return out


def _phrases(container: dict, key: str, errs: _Collector) -> tuple[str, ...]:
    value = container.get(key, [])
    if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
        errs.add(_pos(container, key), f"{key!r} must be a list of non-empty strings")
        return ()
    return tuple(" ".join(p.split()) for p in value)


def _patterns(container: dict, key: str, errs: _Collector) -> tuple[tuple[dict[str, Any], ...], ...]:
    value = container.get(key, [])
    ok = isinstance(value, list) and all(
        isinstance(p, list) and p and all(isinstance(t, dict) for t in p) for p in value
    )
    if not ok:
        errs.add(_pos(container, key), f"{key!r} must be a list of token patterns (each a list of mappings)")
        return ()
    return tuple(tuple(_plain(t) for t in p) for p in value)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _parse_examples(examples: dict, key: str, errs: _Collector) -> tuple[Example, ...]:
    value = examples.get(key)
    if not isinstance(value, list) or not value:
        errs.add(_pos(examples, key) if key in examples else _pos(examples), f"examples need a non-empty {key!r} list")
        return ()
    out = []
    for i, item in enumerate(value):
        if isinstance(item, str) and item.strip():
            out.append(Example(item.strip()))
        elif isinstance(item, dict) and set(item) <= {"text", "previous"} and isinstance(item.get("text"), str):
            prev = item.get("previous")
            if prev is not None and not isinstance(prev, str):
                errs.add(_pos(value, i), "an example's 'previous' must be text")
                continue
            out.append(Example(item["text"].strip(), prev))
        else:
            errs.add(_pos(value, i), "an example must be text or a mapping with 'text' (and optional 'previous')")
    return tuple(out)
