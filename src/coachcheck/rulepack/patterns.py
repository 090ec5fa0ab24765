"""Checking spaCy Matcher token patterns, each problem placed at its own line and column.

The check mirrors what `Matcher(vocab, validate=True).add` accepts (spaCy's `TokenPattern`
schema in `spacy/schemas.py`, plus compiling each REGEX), without importing spaCy: rule packs
are read below the nlp layer. `tests/rules` compares these tables with spaCy's own schema, so a
spaCy upgrade that changes them fails a test instead of drifting. On top, coachcheck asks for:

- attribute and predicate names in capitals (`LOWER`, `IN`), as in spaCy's documentation;
- no attribute its pipeline cannot fill: it is blank English with no tagger, parser, lemmatizer
  or entity recognizer, and the Matcher raises at match time on POS, TAG, MORPH, DEP and LEMMA,
  and on custom `_` attributes nobody registered.
"""

from __future__ import annotations

import re
from typing import Any

from coachcheck.rulepack.yaml_lines import Pos, position

TEXT_ATTRS = ("ORTH", "TEXT", "LOWER", "NORM", "SHAPE")
NUMBER_ATTRS = ("LENGTH",)
FLAG_ATTRS = (
    "SPACY", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE",
    "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY", "IS_STOP", "IS_SENT_START",
    "SENT_START", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL",
)
TOKEN_KEYS = (*TEXT_ATTRS, *NUMBER_ATTRS, *FLAG_ATTRS, "OP")
"""Every key a token of a coachcheck pattern may have."""

UNAVAILABLE = {
    "POS": "needs a tagger",
    "TAG": "needs a tagger",
    "MORPH": "needs a morphologizer",
    "DEP": "needs a parser",
    "LEMMA": "needs a lemmatizer",
    "ENT_TYPE": "needs an entity recognizer",
    "ENT_IOB": "needs an entity recognizer",
    "ENT_ID": "needs an entity recognizer",
    "ENT_KB_ID": "needs an entity recognizer",
    "_": "needs a custom extension",
}
"""Token attributes spaCy knows but coachcheck's blank pipeline cannot match on, and why."""

SET_PREDICATES = ("IN", "NOT_IN", "IS_SUBSET", "IS_SUPERSET", "INTERSECTS")
FUZZY_PREDICATES = ("FUZZY", *(f"FUZZY{i}" for i in range(1, 10)))
COMPARISONS = ("==", "!=", ">=", "<=", ">", "<")
TEXT_PREDICATES = ("REGEX", *SET_PREDICATES, *FUZZY_PREDICATES)
NUMBER_PREDICATES = ("REGEX", *SET_PREDICATES, *COMPARISONS)

_TEXT_PREDICATES_SHOWN = "REGEX, IN, NOT_IN, IS_SUBSET, IS_SUPERSET, INTERSECTS, FUZZY, FUZZY1 ... FUZZY9"
_OP = re.compile(r"^([+*?!]|\{\d+\}|\{\d+,\d*\}|\{\d*,\d+\})$")
_OP_HELP = "OP must be '+', '*', '?', '!' or a count such as '{2}', '{1,3}', '{2,}' or '{,3}'"


def pattern_problems(pattern: Any, where: Pos) -> list[tuple[Pos, str]]:
    """Every problem of one token pattern, each with the position of the token or value at fault.

    Args:
        pattern (Any): the pattern as loaded by `load_yaml` (a list of mappings, one per token).
        where (tuple[int, int]): the pattern's own position, for problems with no better place.

    RETURNS (list[tuple[tuple[int, int], str]]): (position, message) pairs; empty when valid.
    """
    if not isinstance(pattern, list) or not pattern:
        return [(where, "a token pattern must be a non-empty list of token mappings")]
    problems: list[tuple[Pos, str]] = []
    for i, token in enumerate(pattern):
        if isinstance(token, dict):
            problems += _token_problems(token, f"token {i + 1}")
        else:
            problems.append((position(pattern, i), f"token {i + 1} must be a mapping like {{LOWER: word}}"))
    return problems


def _token_problems(token: dict, name: str) -> list[tuple[Pos, str]]:
    out: list[tuple[Pos, str]] = []
    for key, value in token.items():
        at, value_at = position(token, key), position(token, key, value=True)
        if key in UNAVAILABLE:
            out.append((at, f"{name}: {key} {UNAVAILABLE[key]}, which coachcheck's pipeline does not run; "
                            "match on LOWER, NORM, ORTH, TEXT, SHAPE, LENGTH or the IS_/LIKE_ flags"))
        elif isinstance(key, str) and key.upper() in TOKEN_KEYS and key != key.upper():
            out.append((at, f"{name}: write the attribute in capitals: {key.upper()!r}, not {key!r}"))
        elif key not in TOKEN_KEYS:
            out.append((at, f"{name}: unknown attribute {key!r}"))
        elif value is None:
            out.append((value_at, f"{name}: {key} must not be empty (null)"))
        elif key == "OP":
            if not isinstance(value, str) or not _OP.match(value):
                out.append((value_at, f"{name}: {_OP_HELP}, not {_shown(value)}"))
        elif key in FLAG_ATTRS:
            if not isinstance(value, bool):
                out.append((value_at, f"{name}: {key} must be true or false, not {_shown(value)}"))
        elif key in NUMBER_ATTRS:
            out += _number_value(value, value_at, f"{name}: {key}")
        else:
            out += _text_value(value, value_at, f"{name}: {key}")
    return out


def _text_value(value: Any, at: Pos, name: str) -> list[tuple[Pos, str]]:
    if isinstance(value, str):
        return []
    if not isinstance(value, dict):
        return [(at, f"{name} must be text or a mapping of predicates such as {{IN: [...]}}, not {_shown(value)}")]
    out: list[tuple[Pos, str]] = []
    for pred, arg in value.items():
        pred_at, arg_at = position(value, pred), position(value, pred, value=True)
        if _misspelt(pred, TEXT_PREDICATES):
            out.append((pred_at, f"{name}: write the predicate in capitals: {pred.upper()!r}, not {pred!r}"))
        elif pred not in TEXT_PREDICATES:
            out.append((pred_at, f"{name}: unknown predicate {pred!r} (choose from {_TEXT_PREDICATES_SHOWN})"))
        elif pred in SET_PREDICATES:
            out += _list_of(arg, arg_at, f"{name}.{pred}", str, "text")
        elif isinstance(arg, dict):
            out += _text_value(arg, arg_at, f"{name}.{pred}")
        elif not isinstance(arg, str):
            out.append((arg_at, f"{name}.{pred} must be text, not {_shown(arg)}"))
        elif pred == "REGEX":
            out += _regex(arg, arg_at, f"{name}.{pred}")
    return out


def _number_value(value: Any, at: Pos, name: str) -> list[tuple[Pos, str]]:
    if isinstance(value, int) and not isinstance(value, bool):
        return []  # a bare float passes spaCy's schema but the Matcher refuses it (E153)
    if not isinstance(value, dict):
        return [(at, f"{name} must be a whole number or a mapping of predicates such as {{'>=': 3}}, "
                     f"not {_shown(value)}")]
    out: list[tuple[Pos, str]] = []
    for pred, arg in value.items():
        pred_at, arg_at = position(value, pred), position(value, pred, value=True)
        if _misspelt(pred, NUMBER_PREDICATES):
            out.append((pred_at, f"{name}: write the predicate in capitals: {pred.upper()!r}, not {pred!r}"))
        elif pred not in NUMBER_PREDICATES:
            out.append((pred_at, f"{name}: unknown predicate {pred!r} (choose from {', '.join(NUMBER_PREDICATES)})"))
        elif pred in SET_PREDICATES:
            out += _list_of(arg, arg_at, f"{name}.{pred}", int, "whole numbers")
        elif pred == "REGEX":
            out += _regex(arg, arg_at, f"{name}.{pred}") if isinstance(arg, str) else [
                (arg_at, f"{name}.{pred} must be text, not {_shown(arg)}")]
        elif not _is_number(arg):
            out.append((arg_at, f"{name}.{pred} must be a number, not {_shown(arg)}"))
    return out


def _list_of(value: Any, at: Pos, name: str, kind: type, kind_name: str) -> list[tuple[Pos, str]]:
    if not isinstance(value, list):
        return [(at, f"{name} must be a list of {kind_name}, not {_shown(value)}")]
    return [(position(value, i), f"{name}[{i + 1}] must be {'text' if kind is str else 'a whole number'}, "
                                 f"not {_shown(item)}")
            for i, item in enumerate(value) if isinstance(item, bool) or not isinstance(item, kind)]


def _regex(value: str, at: Pos, name: str) -> list[tuple[Pos, str]]:
    try:
        re.compile(value)
    except re.error as exc:
        return [(at, f"{name} is not a valid regular expression ({exc})")]
    return []


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _misspelt(key: Any, allowed: tuple[str, ...]) -> bool:
    return isinstance(key, str) and key != key.upper() and key.upper() in allowed


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        # YAML 1.1 reads yes/no/on/off as booleans: the usual cause of a surprising true/false.
        return f"{str(value).lower()} (quote words like yes, no, on and off: YAML reads them as true/false)"
    if value is None:
        return "null"
    return repr(value)


def plain_data(value: Any) -> Any:
    """A copy of loaded YAML with plain dicts and lists, as spaCy and JSON expect."""
    if isinstance(value, dict):
        return {k: plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_data(v) for v in value]
    return value
