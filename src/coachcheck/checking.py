"""The coaching-quality gate: calls held against their thresholds, and what a call that misses them shows.

Pure: `CallReport`s and thresholds (coachcheck.thresholds) in, `CallCheck`s out; no typer, no rich,
no file access. Each failed threshold is a `CheckFailure` with the figure, the limit, where the
limit came from and the evidence turns behind the figure, with their transcript lines:

    min_score              the coach turns that were not coaching (what pulled the coaching share down)
    max_share              the turns of that category
    forbid_verdict         the turns of the forbidden category
    min_rep_talk           the three longest coach turns
    min_open_questions     the coach's closed questions
    max_monologue_*        the longest coach turn
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coachcheck.model import CATEGORIES, CallReport, FileFailure, TurnResult
from coachcheck.thresholds import SOURCE_DEFAULT, Gate, Thresholds

MAX_EVIDENCE = 10
"""At most this many evidence turns per failed threshold (the total is kept in `evidence_total`)."""

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
        return {"source": self.source, "kind": self.kind, "subject": self.subject, "figure": self.figure,
                "limit": self.limit, "limit_source": self.limit_source, "message": self.message, "line": self.line,
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
