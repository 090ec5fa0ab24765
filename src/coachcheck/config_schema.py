"""What a coachcheck configuration file may hold, checked strictly: unknown keys and wrong types are errors.

Every problem is collected and reported at once, each as `path:line:col: key.path: message` for
YAML (positions from `coachcheck.rulepack.yaml_lines`) or `path: tool.coachcheck.key.path: message`
for TOML. The keys are documented in `coachcheck.config`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coachcheck.errors import ConfigError
from coachcheck.model import CATEGORIES
from coachcheck.thresholds import KINDS, Override, Thresholds, check_verdict

FORMATS = ("rich", "json", "jsonl", "markdown", "github", "junit", "sarif")
"""Every output format of any command; each command accepts its own subset."""

SETTINGS = ("rules", "disable", "weights", "roster", "coach", "format", "jobs")
"""The top-level settings besides `check:`."""
DEFAULT_SOURCE = "default"


@dataclass(frozen=True, slots=True)
class CheckSettings:
    """The `check:` section.

    Attributes:
        thresholds (Thresholds): the section's own thresholds.
        overrides (tuple[Override, ...]): per-folder and per-coach thresholds, in file order.
        format (str | None): the output format of `coachcheck check`.
    """

    thresholds: Thresholds = field(default_factory=Thresholds)
    overrides: tuple[Override, ...] = ()
    format: str | None = None


class Reader:
    """Collects validation errors with the best position the format allows.

    Args:
        path (str): the config file as shown in messages.
        prefix (str): put before every key path ("tool.coachcheck." for a pyproject.toml).
    """

    def __init__(self, path: str, prefix: str = "") -> None:
        self.path = path
        self.prefix = prefix
        self.errors: list[tuple[int, int, str]] = []

    def error(self, container: Any, key: Any, where: str, message: str) -> None:
        """Record a problem with `container[key]` (a YAML LineDict/LineList knows where that is)."""
        line, col = _position(container, key)
        self.errors.append((line, col, f"{self.prefix}{where}: {message}"))

    def raise_if_any(self) -> None:
        """Raise one ConfigError listing every problem recorded, in file order."""
        if not self.errors:
            return
        lines = []
        for line, col, message in sorted(self.errors, key=lambda e: (e[0], e[1])):
            lines.append(f"{self.path}:{line}:{col}: {message}" if line else f"{self.path}: {message}")
        raise ConfigError("\n".join(lines))


def _position(container: Any, key: Any) -> tuple[int, int]:
    if isinstance(key, str) and hasattr(container, "key_pos") and key in container.key_pos:
        return container.key_pos[key]
    if isinstance(key, int) and hasattr(container, "item_pos") and key < len(container.item_pos):
        return container.item_pos[key]
    return getattr(container, "line", 0), getattr(container, "col", 0)


def validate(data: Any, path: str, r: Reader) -> tuple[dict[str, Any], dict[str, str]]:
    """Check raw config data and turn it into Config fields.

    Args:
        data (Any): the parsed file (the `[tool.coachcheck]` table of a pyproject.toml).
        path (str): the config file's absolute path (relative paths in it are resolved against its folder).
        r (Reader): collects the problems; raises ConfigError listing all of them at the end.

    RETURNS (tuple[dict[str, Any], dict[str, str]]): Config field values, and setting -> source (path).
    """
    if not isinstance(data, dict):
        r.error(data, None, "config", f"must be a mapping of settings, not {_kind(data)}")
        r.raise_if_any()
    root = Path(path).parent
    known = (*SETTINGS, "check")
    for key in data:
        if key not in known:
            r.error(data, key, str(key), f"unknown setting (expected one of {', '.join(known)})")
    values: dict[str, Any] = {}
    if "rules" in data:
        values["rules"] = tuple(str(_resolve(root, p)) for p in _names(data, "rules", r))
    if "disable" in data:
        values["disable"] = _names(data, "disable", r)
    if "coach" in data:
        values["coach"] = _names(data, "coach", r)
    if "weights" in data:
        values["weights"] = _weights(data, r)
    if "roster" in data:
        roster = _text(data, "roster", "roster", r)
        values["roster"] = str(_resolve(root, roster)) if roster else None
    if "format" in data:
        values["format"] = _choice(data, "format", "format", FORMATS, r)
    if "jobs" in data:
        jobs = data["jobs"]
        if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 0:
            r.error(data, "jobs", "jobs", f"must be a whole number, 0 or more, not {jobs!r}")
        else:
            values["jobs"] = jobs
    check = CheckSettings()
    sources = {k: path for k in values}
    if "check" in data:
        check = _check(data["check"], data, path, r)
        if check.format is not None:
            sources["check.format"] = path
        sources.update((f"check.{k}", path) for k, _ in check.thresholds.items())
        if check.overrides:
            sources["check.overrides"] = path
    r.raise_if_any()
    return {**values, "check": check}, sources


def _check(section: Any, parent: Any, path: str, r: Reader) -> CheckSettings:
    if not isinstance(section, dict):
        r.error(parent, "check", "check", f"must be a mapping, not {_kind(section)}")
        return CheckSettings()
    allowed = (*KINDS, "overrides", "format")
    for key in section:
        if key not in allowed:
            r.error(section, key, f"check.{key}", f"unknown setting (expected one of {', '.join(allowed)})")
    fmt = _choice(section, "format", "check.format", FORMATS, r) if "format" in section else None
    overrides: list[Override] = []
    if "overrides" in section:
        items = section["overrides"]
        if not isinstance(items, list):
            r.error(section, "overrides", "check.overrides", f"must be a list of mappings, not {_kind(items)}")
            items = []
        for i, item in enumerate(items):
            where = f"check.overrides[{i}]"
            if not isinstance(item, dict):
                r.error(items, i, where, f"must be a mapping with paths and/or coach, not {_kind(item)}")
                continue
            for key in item:
                if key not in (*KINDS, "paths", "coach"):
                    r.error(item, key, f"{where}.{key}",
                            f"unknown setting (expected paths, coach or one of {', '.join(KINDS)})")
            paths = _names(item, "paths", r, where) if "paths" in item else ()
            coaches = _names(item, "coach", r, where) if "coach" in item else ()
            thresholds = _thresholds(item, where, r)
            if not paths and not coaches:
                r.error(items, i, where, "needs 'paths' (globs) or 'coach' (names) to say which calls it is for")
            elif not thresholds.items():
                r.error(items, i, where, "sets no threshold")
            line = _position(items, i)[0]
            label = f"{os.path.basename(path)}:{line}" if line else f"{os.path.basename(path)} {where}"
            overrides.append(Override(thresholds, paths, coaches, label))
    return CheckSettings(_thresholds(section, "check", r), tuple(overrides), fmt)


def _thresholds(data: dict, where: str, r: Reader) -> Thresholds:
    values: dict[str, Any] = {}

    def number(key: str, low: float, high: float | None, whole: bool = False) -> None:
        if key not in data:
            return
        v = data[key]
        ok = not isinstance(v, bool) and isinstance(v, int if whole else (int, float))
        if not ok or v < low or (high is not None and v > high):
            kind = "a whole number" if whole else "a number"
            span = f"between {low:g} and {high:g}" if high is not None else f"{low:g} or more"
            r.error(data, key, f"{where}.{key}", f"must be {kind} {span}, not {v!r}")
            return
        values[key] = v if whole else float(v)

    number("min_score", 0, 100)
    number("min_rep_talk", 0, 1)
    number("min_open_questions", 0, 1)
    number("max_monologue_words", 0, None, whole=True)
    number("max_monologue_seconds", 0, None)
    if "max_share" in data:
        shares = data["max_share"]
        if not isinstance(shares, dict):
            r.error(data, "max_share", f"{where}.max_share", f"must be a mapping category: share, not {_kind(shares)}")
        else:
            pairs = []
            for cat, v in shares.items():
                if cat not in CATEGORIES:
                    r.error(shares, cat, f"{where}.max_share.{cat}", f"not a category (use {', '.join(CATEGORIES)})")
                elif isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 1:
                    r.error(shares, cat, f"{where}.max_share.{cat}", f"must be a share between 0 and 1, not {v!r}")
                else:
                    pairs.append((cat, float(v)))
            values["max_share"] = tuple(pairs)
    if "forbid_verdict" in data:
        verdicts = []
        for i, v in enumerate(_names(data, "forbid_verdict", r, where)):
            try:
                verdicts.append(check_verdict(v))
            except ValueError as exc:
                r.error(data["forbid_verdict"], i, f"{where}.forbid_verdict", str(exc))
        values["forbid_verdict"] = tuple(verdicts)
    return Thresholds(**values)


def _names(data: dict, key: str, r: Reader, where: str = "") -> tuple[str, ...]:
    """A list of non-empty strings (a single string counts as a list of one)."""
    place = f"{where}.{key}" if where else key
    value = data[key]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        r.error(data, key, place, f"must be a list of text, not {_kind(value)}")
        return ()
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            r.error(value, i, f"{place}[{i}]", f"must be non-empty text, not {item!r}")
        else:
            out.append(item.strip())
    return tuple(out)


def _text(data: dict, key: str, place: str, r: Reader) -> str | None:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        r.error(data, key, place, f"must be non-empty text, not {value!r}")
        return None
    return value.strip()


def _choice(data: dict, key: str, place: str, choices: Sequence[str], r: Reader) -> str | None:
    value = _text(data, key, place, r)
    if value is not None and value not in choices:
        r.error(data, key, place, f"{value!r} is not one of {', '.join(choices)}")
        return None
    return value


def _weights(data: dict, r: Reader) -> tuple[tuple[str, float], ...]:
    value = data["weights"]
    if not isinstance(value, dict):
        r.error(data, "weights", "weights", f"must be a mapping rule id: weight, not {_kind(value)}")
        return ()
    out = []
    for rule_id, w in value.items():
        if isinstance(w, bool) or not isinstance(w, (int, float)) or not 0 < w <= 10:
            r.error(value, rule_id, f"weights.{rule_id}", f"must be a number above 0 and at most 10, not {w!r}")
        else:
            out.append((str(rule_id), float(w)))
    return tuple(out)


def _resolve(root: Path, value: str) -> Path:
    p = Path(value).expanduser()
    return p if p.is_absolute() else root / p


def _kind(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", type(None): "nothing"}
    for t, name in names.items():
        if isinstance(value, t):
            return name
    return "a number" if isinstance(value, (int, float)) else type(value).__name__
