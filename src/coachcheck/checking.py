"""The coaching-quality gate: thresholds, which of them apply to a call, and what a call that misses them shows.

Pure: `CallReport`s and thresholds in, `CallCheck`s out; no typer, no rich, no file access.

Threshold kinds (each is a SARIF rule `coachcheck/<kind>` and a JUnit failure type):

    min_score              coaching_score (0-100) at least this
    max_share              {category: share}: share of the non-neutral coach turns, at most this
    forbid_verdict         verdicts the call must not get
    min_rep_talk           share of the words spoken by reps, at least this
    min_open_questions     open / all coach questions, at least this; a coach who asks no question fails it
    max_monologue_words    the longest coach turn, at most this many words
    max_monologue_seconds  the longest coach turn by duration, at most this many seconds
                           (not checked, and said so in `notes`, when the transcript has no timestamps)

Shares are fractions (0.3 = 30%). Where a call's thresholds come from, later layers winning:

    DEFAULTS (min_score 50)  <  config `check:`  <  each matching override, in file order  <  command-line options

`max_share` merges per category; every other key replaces the one below it. To switch a
threshold off in an override, set it to its loosest value (`min_score: 0`, `managing: 1`).
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from coachcheck.model import CATEGORIES, VERDICTS, CallReport, FileFailure, TurnResult

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

MAX_EVIDENCE = 10
"""At most this many evidence turns per failed threshold (the total is kept in `evidence_total`)."""

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


@dataclass(frozen=True, slots=True)
class Evidence:
    """A turn behind a failed threshold.

    Attributes:
        turn (int): 0-based turn index.
        line (int): 1-based line of the turn in the transcript file (0 if unknown).
        speaker (str): who spoke.
        text (str): the sentence or turn that is the evidence.
        start (float | None): seconds from the start of the call, if known.
        note (str): why this turn is evidence ("managing: demands a deadline", "closed question").
    """

    turn: int
    line: int
    speaker: str
    text: str
    start: float | None = None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The evidence as JSON-ready data."""
        return {"turn": self.turn, "line": self.line, "speaker": self.speaker, "text": self.text,
                "start": self.start, "note": self.note}


@dataclass(frozen=True, slots=True)
class CheckFailure:
    """One threshold a call missed.

    Attributes:
        source (str): the call's path.
        kind (str): one of KINDS.
        subject (str | None): the category for max_share, the verdict for forbid_verdict.
        figure (float | str | None): the call's figure (None: the call has none, e.g. no questions).
        limit (float | str): the threshold (for forbid_verdict, the forbidden verdicts joined by ", ").
        limit_source (str): where the threshold came from.
        message (str): one sentence with the figure and the limit.
        evidence (tuple[Evidence, ...]): the turns behind the figure, at most MAX_EVIDENCE.
        evidence_total (int): how many turns there were before capping.
    """

    source: str
    kind: str
    subject: str | None
    figure: float | str | None
    limit: float | str
    limit_source: str
    message: str
    evidence: tuple[Evidence, ...] = ()
    evidence_total: int = 0

    @property
    def figure_key(self) -> str:
        """The name of the figure compared, as stored in CallCheck.figures and baselines."""
        return FIGURE_OF[self.kind] + (f".{self.subject}" if self.kind == "max_share" else "")

    @property
    def line(self) -> int:
        """The transcript line to point at: the first evidence turn's, else 0."""
        return next((e.line for e in self.evidence if e.line), 0)

    def to_dict(self) -> dict[str, Any]:
        """The failure as JSON-ready data."""
        return {"kind": self.kind, "subject": self.subject, "figure": self.figure, "limit": self.limit,
                "limit_source": self.limit_source, "message": self.message, "line": self.line,
                "evidence": [e.to_dict() for e in self.evidence], "evidence_total": self.evidence_total}


FIGURE_OF = {
    "min_score": "coaching_score", "max_share": "share", "forbid_verdict": "verdict",
    "min_rep_talk": "rep_talk_share", "min_open_questions": "open_question_share",
    "max_monologue_words": "longest_monologue_words", "max_monologue_seconds": "longest_monologue_seconds",
}
"""Which figure each kind compares."""


@dataclass(frozen=True, slots=True)
class CallCheck:
    """One call held against its thresholds.

    Attributes:
        source (str): the call's path.
        coach (tuple[str, ...]): the coach speaker(s).
        verdict (str): the call's verdict.
        coaching_score (float): 0-100.
        figures (dict[str, float | str | None]): every figure a threshold can compare (see FIGURE_OF;
            shares as "share.<category>").
        thresholds (Thresholds): the thresholds that applied.
        threshold_sources (dict[str, str]): threshold key -> where it came from.
        failures (tuple[CheckFailure, ...]): the thresholds missed that fail the call.
        accepted (tuple[CheckFailure, ...]): thresholds missed that a baseline accepts (no worse than before).
        notes (tuple[str, ...]): thresholds that could not be checked, and baseline remarks.
        baseline (str | None): None without a baseline; else new | same | edited | moved.
    """

    source: str
    coach: tuple[str, ...]
    verdict: str
    coaching_score: float
    figures: dict[str, float | str | None]
    thresholds: Thresholds
    threshold_sources: dict[str, str]
    failures: tuple[CheckFailure, ...] = ()
    accepted: tuple[CheckFailure, ...] = ()
    notes: tuple[str, ...] = ()
    baseline: str | None = None

    @property
    def passed(self) -> bool:
        """True when no threshold fails the call."""
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        """The check as JSON-ready data."""
        return {
            "source": self.source, "passed": self.passed, "coach": list(self.coach), "verdict": self.verdict,
            "coaching_score": self.coaching_score, "figures": dict(self.figures),
            "thresholds": self.thresholds.to_dict(), "threshold_sources": dict(self.threshold_sources),
            "failures": [f.to_dict() for f in self.failures], "accepted": [f.to_dict() for f in self.accepted],
            "notes": list(self.notes), "baseline": self.baseline,
        }


CHECK_SCHEMA = "coachcheck.check/1"


@dataclass(frozen=True, slots=True)
class CheckRun:
    """The result of a whole `coachcheck check` run.

    Attributes:
        calls (tuple[CallCheck, ...]): the calls analyzed, in input order.
        errors (tuple[FileFailure, ...]): files that could not be analyzed.
        baseline (str | None): the baseline file compared against, if any.
        tool_version (str): coachcheck's version.
    """

    calls: tuple[CallCheck, ...]
    errors: tuple[FileFailure, ...] = ()
    baseline: str | None = None
    tool_version: str = ""

    @property
    def failed(self) -> tuple[CallCheck, ...]:
        """The calls that fail their thresholds."""
        return tuple(c for c in self.calls if not c.passed)

    @property
    def outcome(self) -> str:
        """"error" if a file could not be analyzed, else "fail" if a call failed, else "pass"."""
        return "error" if self.errors else "fail" if self.failed else "pass"

    def summary(self) -> str:
        """One line: how many calls passed and failed, and how many files could not be analyzed."""
        n = len(self.calls)
        text = f"{n - len(self.failed)} of {n} call{'s' if n != 1 else ''} passed"
        if self.failed:
            text += f", {len(self.failed)} failed"
        accepted = sum(1 for c in self.calls if c.passed and c.accepted)
        if accepted:
            text += f" ({accepted} known failing call{'s' if accepted != 1 else ''} accepted by the baseline)"
        if self.errors:
            text += f"; {len(self.errors)} file{'s' if len(self.errors) != 1 else ''} could not be analyzed"
        return text

    def to_dict(self) -> dict[str, Any]:
        """The run as JSON-ready data (schema `coachcheck.check/1`)."""
        return {"schema": CHECK_SCHEMA, "tool_version": self.tool_version, "outcome": self.outcome,
                "summary": self.summary(), "baseline": self.baseline,
                "calls": [c.to_dict() for c in self.calls], "errors": [e.to_dict() for e in self.errors]}


def figures(report: CallReport) -> dict[str, float | str | None]:
    """Every figure a threshold compares, for one call.

    `longest_monologue_seconds` is the longest coach turn by duration (the analyze report's
    metric is the duration of the longest turn by words).
    """
    m = report.metrics
    longest = _longest_by_seconds(report.turns)
    out: dict[str, float | str | None] = {
        "coaching_score": report.coaching_score, "verdict": report.verdict,
        "rep_talk_share": m.rep_talk_share, "open_question_share": m.open_question_share,
        "longest_monologue_words": m.longest_monologue_words,
        "longest_monologue_seconds": longest[1] if longest else None,
    }
    out.update((f"share.{c}", report.category_shares.get(c, 0.0)) for c in CATEGORIES)
    return out


def check_call(report: CallReport, thresholds: Thresholds, sources: Mapping[str, str] | None = None) -> CallCheck:
    """Hold one call against its thresholds.

    Args:
        report (CallReport): the analyzed call.
        thresholds (Thresholds): the thresholds that apply (see Gate.for_call).
        sources (Mapping[str, str] | None): threshold key -> where it came from.

    RETURNS (CallCheck): the figures, the failures with their evidence, and notes.
    """
    sources = dict(sources or {})
    figs = figures(report)
    failures: list[CheckFailure] = []
    notes: list[str] = []

    def fail(kind: str, subject: str | None, figure, limit, message: str, evidence: list[Evidence]) -> None:
        key = f"max_share.{subject}" if kind == "max_share" else kind
        failures.append(CheckFailure(report.source, kind, subject, figure, limit, sources.get(key, SOURCE_DEFAULT),
                                     message, tuple(evidence[:MAX_EVIDENCE]), len(evidence)))

    t = thresholds
    if t.min_score is not None and report.coaching_score < t.min_score:
        parts = report.score_parts
        weakest = min(parts, key=lambda k: parts[k]) if parts else None
        why = f" (weakest part: {weakest.replace('_', ' ')} {parts[weakest]:.0%} of its target)" if weakest else ""
        fail("min_score", None, report.coaching_score, t.min_score,
             f"coaching score {_num(report.coaching_score)} is below the minimum {_num(t.min_score)}{why}",
             _category_evidence(report, [c for c in CATEGORIES if c != "coaching"]))
    counts = report.category_counts
    stance_turns = sum(counts.get(c, 0) for c in CATEGORIES)
    for cat, limit in t.max_share:
        share = report.category_shares.get(cat, 0.0)
        if share > limit:
            fail("max_share", cat, share, limit,
                 f"{_label(cat)} share {_pct(share)} is above the maximum {_pct(limit)} "
                 f"({counts.get(cat, 0)} of {stance_turns} coach turns)", _category_evidence(report, [cat]))
    if t.forbid_verdict and report.verdict in t.forbid_verdict:
        fail("forbid_verdict", report.verdict, report.verdict, ", ".join(t.forbid_verdict),
             f"verdict {_label(report.verdict)} is forbidden", _category_evidence(report, [report.verdict]))
    m = report.metrics
    if t.min_rep_talk is not None and m.rep_talk_share < t.min_rep_talk:
        fail("min_rep_talk", None, m.rep_talk_share, t.min_rep_talk,
             f"reps spoke {_pct(m.rep_talk_share)} of the words, below the minimum {_pct(t.min_rep_talk)}",
             _longest_coach_turns(report, 3))
    if t.min_open_questions is not None:
        share = m.open_question_share
        if share is None:
            fail("min_open_questions", None, None, t.min_open_questions,
                 f"the coach asked no questions; the minimum open-question share is {_pct(t.min_open_questions)}", [])
        elif share < t.min_open_questions:
            fail("min_open_questions", None, share, t.min_open_questions,
                 f"open-question share {_pct(share)} is below the minimum {_pct(t.min_open_questions)}",
                 _closed_questions(report))
    if t.max_monologue_words is not None and m.longest_monologue_words > t.max_monologue_words:
        turn = next((r for r in report.turns if r.turn.index == m.longest_monologue_turn), None)
        fail("max_monologue_words", None, m.longest_monologue_words, t.max_monologue_words,
             f"the longest coach turn has {m.longest_monologue_words} words, above the maximum "
             f"{t.max_monologue_words}", [_turn_evidence(turn, f"{turn.words} words")] if turn else [])
    if t.max_monologue_seconds is not None:
        longest = _longest_by_seconds(report.turns)
        if longest is None:
            notes.append("max_monologue_seconds not checked: the transcript has no timestamps")
        elif longest[1] > t.max_monologue_seconds:
            turn, seconds = longest
            fail("max_monologue_seconds", None, seconds, t.max_monologue_seconds,
                 f"the longest coach turn lasts {_num(seconds)} s, above the maximum {_num(t.max_monologue_seconds)} s",
                 [_turn_evidence(turn, f"{_num(seconds)} s")])
    return CallCheck(report.source, report.coach, report.verdict, report.coaching_score, figs, thresholds,
                     {k: sources.get(k, SOURCE_DEFAULT) for k, _ in thresholds.items()}, tuple(failures),
                     notes=tuple(notes))


def check_reports(results: Sequence[CallReport | FileFailure], gate: Gate, tool_version: str = "") -> CheckRun:
    """Hold every analyzed call against the gate; files that failed to load are kept as errors."""
    calls, errors = [], []
    for r in results:
        if isinstance(r, FileFailure):
            errors.append(r)
        else:
            thresholds, sources = gate.for_call(r.source, r.coach)
            calls.append(check_call(r, thresholds, sources))
    return CheckRun(tuple(calls), tuple(errors), tool_version=tool_version)


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


def _category_evidence(report: CallReport, cats: Sequence[str]) -> list[Evidence]:
    out = []
    for r in report.turns:
        if r.role != "coach" or r.category not in cats:
            continue
        ranked = sorted((f for f in r.findings if f.category == r.category), key=lambda f: -f.weight)
        if ranked:
            top = ranked[0]
            out.append(Evidence(r.turn.index, r.turn.line, r.turn.speaker, top.evidence, r.turn.start,
                                f"{_label(r.category)}: {top.message}"))
        else:
            out.append(_turn_evidence(r, f"{_label(r.category)} turn"))
    return out


def _closed_questions(report: CallReport) -> list[Evidence]:
    return [Evidence(r.turn.index, r.turn.line, r.turn.speaker, s.text, r.turn.start, "closed question")
            for r in report.turns if r.role == "coach"
            for s in r.sentences if s.act == "question" and s.question_type == "closed"]


def _longest_coach_turns(report: CallReport, n: int) -> list[Evidence]:
    coach = sorted((r for r in report.turns if r.role == "coach"), key=lambda r: (-r.words, r.turn.index))[:n]
    return [_turn_evidence(r, f"coach turn of {r.words} words") for r in sorted(coach, key=lambda r: r.turn.index)]


def _turn_evidence(r: TurnResult, note: str) -> Evidence:
    return Evidence(r.turn.index, r.turn.line, r.turn.speaker, r.turn.text, r.turn.start, note)


def _longest_by_seconds(turns: Sequence[TurnResult]) -> tuple[TurnResult, float] | None:
    best: tuple[TurnResult, float] | None = None
    for i, r in enumerate(turns):
        if r.role != "coach" or r.turn.start is None:
            continue
        end = r.turn.end
        if end is None:  # a turn without an end lasts until the next timed turn starts
            end = next((u.turn.start for u in turns[i + 1:] if u.turn.start is not None), None)
        if end is None or end < r.turn.start:
            continue
        seconds = round(end - r.turn.start, 1)
        if best is None or seconds > best[1]:
            best = (r, seconds)
    return best


def _pct(share: float) -> str:
    return f"{share * 100:.1f}".rstrip("0").rstrip(".") + "%"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _label(category: str) -> str:
    return category.replace("_", " ")


__all__ = [
    "DEFAULTS", "KINDS", "CallCheck", "CheckFailure", "CheckRun", "Evidence", "Gate", "Override", "Thresholds",
    "check_call", "check_reports", "check_verdict", "figures", "merge", "parse_fraction", "parse_share", "path_keys",
]
