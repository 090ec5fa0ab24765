"""Baselines: accept the calls a team already has, and fail only on new calls and calls that got worse.

A baseline file (JSON, schema `coachcheck.baseline/1`) holds, for each call, its figures and the
SHA-256 of the transcript file, keyed by the call's path relative to the baseline file's folder:

    {"schema": "coachcheck.baseline/1", "tool_version": "0.1.0",
     "calls": {"calls/q3/maya-leo.txt": {"sha256": "…", "figures": {"coaching_score": 41.2, "verdict": "managing",
                                                                    "share.managing": 0.6, …}}}}

With a baseline, a call found in it (by path, or by content hash when the file was moved) still
misses its thresholds, but each missed threshold fails the call only when its figure is worse than
the stored one: a lower score, rep talk or open-question share; a higher category share or longer
monologue; a forbidden verdict the call did not have before. Calls not in the baseline are checked
as usual.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from coachcheck.checking import CallCheck, CheckFailure
from coachcheck.errors import InputError

BASELINE_SCHEMA = "coachcheck.baseline/1"
_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    """One call as recorded in a baseline.

    Attributes:
        key (str): the call's path relative to the baseline file's folder, with `/`.
        sha256 (str): the hex digest of the transcript file.
        figures (dict[str, Any]): the call's figures (see checking.figures).
    """

    key: str
    sha256: str
    figures: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Baseline:
    """A loaded baseline file.

    Attributes:
        path (str): the file.
        entries (dict[str, BaselineEntry]): key -> entry.
    """

    path: str
    entries: dict[str, BaselineEntry]

    def lookup(self, source: str, digest: str | None) -> tuple[BaselineEntry | None, str]:
        """The stored entry for a call and how it was found.

        Args:
            source (str): the call's path as analyzed.
            digest (str | None): the transcript's SHA-256, None if it could not be read.

        RETURNS (tuple[BaselineEntry | None, str]): the entry (None for a new call) and
            "same" (path and content match), "edited" (path matches, content changed),
            "moved" (content found under another path) or "new".
        """
        entry = self.entries.get(baseline_key(source, self.path))
        if entry is not None:
            return entry, "same" if digest == entry.sha256 else "edited"
        if digest is not None:
            moved = next((e for e in self.entries.values() if e.sha256 == digest), None)
            if moved is not None:
                return moved, "moved"
        return None, "new"


def baseline_key(source: str, baseline_path: str | Path) -> str:
    """A call's path relative to the baseline file's folder, with forward slashes."""
    folder = os.path.dirname(os.path.abspath(baseline_path))
    return os.path.relpath(os.path.abspath(source), folder).replace(os.sep, "/")


def file_digest(path: str | Path) -> str | None:
    """The SHA-256 of a file's bytes, or None when it cannot be read."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def build_baseline(calls: Sequence[CallCheck], baseline_path: str | Path, tool_version: str = "") -> str:
    """The text of a baseline file recording these calls (keys relative to baseline_path's folder).

    Args:
        calls (Sequence[CallCheck]): the calls to record.
        baseline_path (str | Path): where the file will be written.
        tool_version (str): coachcheck's version, for the record.

    RETURNS (str): JSON text, keys sorted so the file diffs well.
    """
    entries = {baseline_key(c.source, baseline_path): {"sha256": file_digest(c.source) or "", "figures": c.figures}
               for c in calls}
    data = {"schema": BASELINE_SCHEMA, "tool_version": tool_version, "calls": dict(sorted(entries.items()))}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline file; raises InputError naming the file when it is missing or malformed."""
    source = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(source, "no such baseline file (write one with --write-baseline)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(source, f"cannot read the baseline ({exc})") from None
    except json.JSONDecodeError as exc:
        raise InputError(source, f"line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict) or data.get("schema") != BASELINE_SCHEMA:
        raise InputError(source, f"not a coachcheck baseline (expected \"schema\": \"{BASELINE_SCHEMA}\")")
    calls = data.get("calls")
    if not isinstance(calls, dict):
        raise InputError(source, "\"calls\" must be an object of path -> figures")
    entries = {}
    for key, value in calls.items():
        if not isinstance(value, dict) or not isinstance(value.get("figures"), dict):
            raise InputError(source, f"call {key!r} has no \"figures\" object")
        entries[key] = BaselineEntry(key, str(value.get("sha256", "")), dict(value["figures"]))
    return Baseline(source, entries)


def apply_baseline(check: CallCheck, entry: BaselineEntry | None, found: str) -> CallCheck:
    """Accept the failures of a known call that are no worse than its stored figures.

    Args:
        check (CallCheck): the call as checked against its thresholds.
        entry (BaselineEntry | None): the stored call, None for a new call.
        found (str): how the entry was found (see Baseline.lookup).

    RETURNS (CallCheck): the check with accepted failures moved out of `failures`.
    """
    if entry is None:
        return replace(check, baseline=found)
    worse, accepted = [], []
    for failure in check.failures:
        (worse if got_worse(failure, entry.figures) else accepted).append(failure)
    notes = list(check.notes)
    if found == "moved":
        notes.append(f"baseline: same content as {entry.key}")
    elif found == "edited":
        notes.append("baseline: the transcript changed since the baseline was written")
    for f in worse:
        stored = entry.figures.get(f.figure_key)
        notes.append(f"baseline: {f.figure_key.replace('_', ' ')} got worse ({_show(stored)} -> {_show(f.figure)})")
    return replace(check, failures=tuple(worse), accepted=(*check.accepted, *accepted), notes=tuple(notes),
                   baseline=found)


def got_worse(failure: CheckFailure, stored: dict[str, Any]) -> bool:
    """Whether a failed threshold's figure is worse than the stored one (a missing stored figure counts as worse)."""
    key = failure.figure_key
    if key not in stored:
        return True
    before, now = stored[key], failure.figure
    if failure.kind == "forbid_verdict":
        return before != now
    before = 0.0 if before is None else before
    now = 0.0 if now is None else now
    if not isinstance(before, (int, float)) or not isinstance(now, (int, float)):
        return True
    if failure.kind.startswith("min_"):
        return now < before - _EPSILON
    return now > before + _EPSILON


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return "none" if value is None else str(value)
