"""Coaching thresholds: the kinds, one layer of them, and which layers apply to a call.

Threshold kinds (each is a SARIF rule and a JUnit failure type of `coachcheck check`):

    min_score              coaching_score (0-100) at least this
    max_share              {category: share}: share of the non-neutral coach turns, at most this
    forbid_verdict         verdicts the call must not get
    min_rep_talk           share of the words spoken by reps, at least this
    min_open_questions     open / all coach questions, at least this; a coach who asks no question fails it
    max_monologue_words    the longest coach turn, at most this many words
    max_monologue_seconds  the longest coach turn by duration, at most this many seconds
                           (not checked, and said so, when the transcript has no timestamps)

Shares are fractions (0.3 = 30%). Where a call's thresholds come from, later layers winning:

    DEFAULTS (min_score 50)  <  config `check:`  <  each matching override, in file order  <  command-line options

`max_share` merges per category; every other key replaces the one below it. To switch a
threshold off in an override, set it to its loosest value (`min_score: 0`, `managing: 1`).
Pure: standard library and the model only.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from coachcheck.model import CATEGORIES, VERDICTS

KINDS = ("min_score", "max_share", "forbid_verdict", "min_rep_talk", "min_open_questions",
         "max_monologue_words", "max_monologue_seconds")
"""Every threshold kind, in report order."""

KIND_HELP = {
    "min_score": "The call's coaching score (0-100) must reach the minimum.",
    "max_share": "The share of coach turns in a category (managing, training, ...) must stay under the maximum.",
    "forbid_verdict": "The call's verdict must not be one of the forbidden ones.",
    "min_rep_talk": "Reps must speak at least this share of the words (managers who coach talk 20-40%).",
    "min_open_questions": "At least this share of the coach's questions must be open (MITI: 50% fair, 70% good).",
    "max_monologue_words": "No coach turn may be longer than this many words.",
    "max_monologue_seconds": "No coach turn may last longer than this many seconds (2 minutes counts as a monologue).",
}
"""One line per kind, for SARIF rule descriptions and help texts."""

SOURCE_DEFAULT = "default"
SOURCE_OPTION = "option"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """One layer of thresholds; None (or an empty max_share) leaves the key to the layer below.

    Attributes:
        min_score (float | None): lowest coaching score, 0-100.
        max_share (tuple[tuple[str, float], ...]): (category, highest share 0-1) pairs.
        forbid_verdict (tuple[str, ...] | None): verdicts that fail the call; () forbids none.
        min_rep_talk (float | None): lowest rep share of the words, 0-1.
        min_open_questions (float | None): lowest open share of the coach's questions, 0-1.
        max_monologue_words (int | None): most words in one coach turn.
        max_monologue_seconds (float | None): most seconds in one coach turn.
    """

    min_score: float | None = None
    max_share: tuple[tuple[str, float], ...] = ()
    forbid_verdict: tuple[str, ...] | None = None
    min_rep_talk: float | None = None
    min_open_questions: float | None = None
    max_monologue_words: int | None = None
    max_monologue_seconds: float | None = None

    def items(self) -> list[tuple[str, Any]]:
        """The keys this layer sets, as (key, value) pairs; max_share as one key per category."""
        out: list[tuple[str, Any]] = []
        for kind in KINDS:
            if kind == "max_share":
                out += [(f"max_share.{cat}", limit) for cat, limit in self.max_share]
            elif getattr(self, kind) is not None:
                out.append((kind, getattr(self, kind)))
        return out

    def to_dict(self) -> dict[str, Any]:
        """The keys this layer sets, as JSON-ready data."""
        out: dict[str, Any] = {}
        for key, value in self.items():
            if key.startswith("max_share."):
                out.setdefault("max_share", {})[key.split(".", 1)[1]] = value
            else:
                out[key] = list(value) if isinstance(value, tuple) else value
        return out


DEFAULTS = Thresholds(min_score=50.0)
"""What applies when nothing else is set: a coaching score of at least 50, nothing more."""


def merge(base: Thresholds, top: Thresholds) -> Thresholds:
    """`top` over `base`: set keys replace, max_share merges per category.

    Args:
        base (Thresholds): the lower layer.
        top (Thresholds): the layer that wins.

    RETURNS (Thresholds): the combined layer.
    """
    shares = dict(base.max_share)
    shares.update(top.max_share)
    changes: dict[str, Any] = {k: getattr(top, k) for k in KINDS if k != "max_share" and getattr(top, k) is not None}
    return replace(base, max_share=tuple((c, shares[c]) for c in CATEGORIES if c in shares), **changes)


@dataclass(frozen=True, slots=True)
class Override:
    """Thresholds for the calls in some folders and/or of some coaches (both must match when both are given).

    Attributes:
        thresholds (Thresholds): what it sets.
        paths (tuple[str, ...]): fnmatch globs on the call's path relative to the config file's folder
            (`*` also crosses folders, so `calls/onboarding/**` takes everything below it).
        coaches (tuple[str, ...]): coach names, compared without case and extra spaces.
        label (str): where it was defined, for reports ("coachcheck.yaml:12").
    """

    thresholds: Thresholds
    paths: tuple[str, ...] = ()
    coaches: tuple[str, ...] = ()
    label: str = "override"

    def matches(self, path_keys: Sequence[str], coaches: Sequence[str]) -> bool:
        """Whether a call with these paths (as given, relative to the config) and coaches is covered."""
        if self.paths and not any(fnmatch.fnmatchcase(p, g) for p in path_keys for g in self.paths):
            return False
        if self.coaches:
            wanted = {_name(c) for c in self.coaches}
            if not any(_name(c) in wanted for c in coaches):
                return False
        return True

    def to_dict(self) -> dict[str, Any]:
        """The override as JSON-ready data."""
        out: dict[str, Any] = {}
        if self.paths:
            out["paths"] = list(self.paths)
        if self.coaches:
            out["coach"] = list(self.coaches)
        return {**out, **self.thresholds.to_dict(), "defined_at": self.label}


@dataclass(frozen=True, slots=True)
class Gate:
    """All threshold layers of a run; `for_call` picks the ones that apply to one call.

    Attributes:
        config (Thresholds): the config file's `check:` thresholds.
        config_source (str): where they came from (the config file's path).
        overrides (tuple[Override, ...]): per-folder and per-coach overrides, in file order.
        options (Thresholds): the command-line thresholds.
        root (str | None): the folder override globs are relative to (the config file's).
    """

    config: Thresholds = Thresholds()
    config_source: str = SOURCE_DEFAULT
    overrides: tuple[Override, ...] = ()
    options: Thresholds = Thresholds()
    root: str | None = None

    def for_call(self, source: str, coaches: Sequence[str] = ()) -> tuple[Thresholds, dict[str, str]]:
        """The thresholds for one call and where each came from.

        Args:
            source (str): the call's path as analyzed.
            coaches (Sequence[str]): the call's coach speaker names.

        RETURNS (tuple[Thresholds, dict[str, str]]): the merged thresholds, and key -> source
            ("default", the config path, an override's label, or "option").
        """
        keys = path_keys(source, self.root)
        layers = [(DEFAULTS, SOURCE_DEFAULT), (self.config, self.config_source)]
        layers += [(o.thresholds, o.label) for o in self.overrides if o.matches(keys, coaches)]
        layers.append((self.options, SOURCE_OPTION))
        merged = Thresholds()
        sources: dict[str, str] = {}
        for layer, where in layers:
            merged = merge(merged, layer)
            sources.update((key, where) for key, _ in layer.items())
        return merged, sources


def path_keys(source: str, root: str | None) -> tuple[str, ...]:
    """The forms of a call's path that override globs are matched against: as given, and relative to root."""
    given = source.replace(os.sep, "/")
    keys = [given[2:] if given.startswith("./") else given]
    if root is not None:
        rel = os.path.relpath(os.path.abspath(source), root)
        if not rel.startswith(".."):
            keys.append(rel.replace(os.sep, "/"))
    return tuple(dict.fromkeys(keys))


def _name(name: str) -> str:
    return " ".join(name.split()).casefold()


def parse_share(text: str) -> tuple[str, float]:
    """Read a `--max-share` value: `managing=0.3` or `managing=30%`.

    RETURNS (tuple[str, float]): (category, share 0-1); raises ValueError with a readable message.
    """
    cat, sep, value = text.partition("=")
    cat = cat.strip().replace("-", "_").replace(" ", "_").lower()
    if not sep or cat not in CATEGORIES:
        raise ValueError(f"expected CATEGORY=SHARE with a category among {', '.join(CATEGORIES)}, not {text!r}")
    return cat, parse_fraction(value)


def parse_fraction(text: str) -> float:
    """A share given as `0.3` or `30%`; raises ValueError unless it is within 0-1."""
    raw = text.strip()
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise ValueError(f"expected a share like 0.3 or 30%, not {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"a share must be between 0 and 1 (0% and 100%), not {text!r}")
    return value


def check_verdict(name: str) -> str:
    """A verdict name, normalized (`role-modeling` -> `role_modeling`); ValueError if unknown."""
    v = name.strip().replace("-", "_").replace(" ", "_").lower()
    if v not in VERDICTS:
        raise ValueError(f"{name!r} is not a verdict (use {', '.join(VERDICTS)})")
    return v
