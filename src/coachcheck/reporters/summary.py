"""The batch summary: one small row per call, and roll-ups per coach and for the whole team.

A `CallRow` is what a batch keeps of a `CallReport` (a few hundred bytes instead of every turn),
so a summary of ten thousand calls fits in memory. `call_row` and `call_row_and_line` are
module-level so a worker process can apply them and send back only their result.
The figures here are descriptive (means, spreads, counts); no pass/fail is decided.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from coachcheck.model import CATEGORIES, VERDICTS, CallReport, FileFailure

SUMMARY_SCHEMA = "coachcheck.summary/1"
SORT_KEYS = ("file", "score", "coach", "verdict")
"""--sort choices: file (path order), score (highest first), coach (by name), verdict (coaching first)."""
TEAM = "team"


@dataclass(frozen=True, slots=True)
class CallRow:
    """One call of a batch, as the summary shows it.

    Attributes:
        source (str): the transcript's path.
        coach (str): the coach speaker(s), joined with ", ".
        verdict (str): one of VERDICTS.
        score (float): the coaching score, 0-100.
        shares (dict[str, float]): share of the non-neutral coach turns per category.
        rep_talk_share (float): share of the words spoken by reps.
        words (int): words in the call.
    """

    source: str
    coach: str
    verdict: str
    score: float
    shares: dict[str, float]
    rep_talk_share: float
    words: int

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data."""
        return {"source": self.source, "coach": self.coach, "verdict": self.verdict, "coaching_score": self.score,
                "category_shares": dict(self.shares), "rep_talk_share": self.rep_talk_share, "words": self.words}


def call_row(report: CallReport) -> CallRow:
    """The summary row of a report."""
    return CallRow(
        source=report.source, coach=", ".join(report.coach), verdict=report.verdict, score=report.coaching_score,
        shares={c: report.category_shares[c] for c in CATEGORIES}, rep_talk_share=report.metrics.rep_talk_share,
        words=sum(t.words for t in report.turns),
    )


def call_row_and_line(report: CallReport) -> tuple[CallRow, str]:
    """The summary row of a report and the report as one JSON line (for `--format jsonl`)."""
    from coachcheck.reporters.json_ import report_line

    return call_row(report), report_line(report)


@dataclass(frozen=True, slots=True)
class Rollup:
    """Figures over a group of calls: one coach's, or the whole team's.

    Attributes:
        name (str): the coach, or "team".
        calls (int): number of calls.
        mean_score (float): mean coaching score, rounded to 0.1.
        stdev_score (float | None): sample standard deviation of the score (None for one call).
        verdicts (dict[str, int]): calls per verdict, every verdict listed in VERDICTS order.
    """

    name: str
    calls: int
    mean_score: float
    stdev_score: float | None
    verdicts: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        """The roll-up as JSON-ready data."""
        return {"name": self.name, "calls": self.calls, "mean_score": self.mean_score,
                "stdev_score": self.stdev_score, "verdicts": dict(self.verdicts)}


def rollup(name: str, rows: Sequence[CallRow]) -> Rollup:
    """The figures of a group of calls (at least one)."""
    scores = [r.score for r in rows]
    verdicts = dict.fromkeys(VERDICTS, 0)
    for r in rows:
        verdicts[r.verdict] = verdicts.get(r.verdict, 0) + 1
    stdev = round(statistics.stdev(scores), 1) if len(scores) > 1 else None
    return Rollup(name, len(rows), round(statistics.fmean(scores), 1), stdev, verdicts)


@dataclass(frozen=True, slots=True)
class Summary:
    """What a batch run shows: the calls (sorted, maybe cut to --top), per-coach and team roll-ups.

    Attributes:
        calls (tuple[CallRow, ...]): the rows to show.
        total_calls (int): calls analyzed (the roll-ups cover all of them, whatever --top shows).
        coaches (tuple[Rollup, ...]): one per coach, by name.
        team (Rollup | None): all calls together; None when no call was analyzed.
        failures (tuple[FileFailure, ...]): files that could not be analyzed.
        sort (str): the order of `calls`: one of SORT_KEYS, or "input" (the order files were given).
    """

    calls: tuple[CallRow, ...]
    total_calls: int
    coaches: tuple[Rollup, ...]
    team: Rollup | None
    failures: tuple[FileFailure, ...] = ()
    sort: str = "input"

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data (schema `coachcheck.summary/1`)."""
        return {
            "schema": SUMMARY_SCHEMA, "total_calls": self.total_calls, "sort": self.sort,
            "calls": [r.to_dict() for r in self.calls],
            "coaches": [c.to_dict() for c in self.coaches],
            "team": self.team.to_dict() if self.team else None,
            "failures": [f.to_dict() for f in self.failures],
        }


def sort_rows(rows: Iterable[CallRow], key: str = "file") -> list[CallRow]:
    """Rows in --sort order; ties keep file order.

    Args:
        rows (Iterable[CallRow]): the rows.
        key (str): file (by path), score (highest first), coach (by name), verdict (VERDICTS order,
            then highest score).

    RETURNS (list[CallRow]): the sorted rows.
    """
    rows = list(rows)
    if key == "file":
        return sorted(rows, key=lambda r: r.source)
    if key == "score":
        return sorted(rows, key=lambda r: (-r.score, r.source))
    if key == "coach":
        return sorted(rows, key=lambda r: (r.coach.casefold(), r.source))
    if key == "verdict":
        order = {v: i for i, v in enumerate(VERDICTS)}
        return sorted(rows, key=lambda r: (order.get(r.verdict, len(order)), -r.score, r.source))
    raise ValueError(f"unknown sort key {key!r} (choose from {', '.join(SORT_KEYS)})")


def summarize(
    rows: Sequence[CallRow],
    failures: Sequence[FileFailure] = (),
    sort: str | None = None,
    top: int | None = None,
) -> Summary:
    """The summary of a batch.

    Args:
        rows (Sequence[CallRow]): one per analyzed call, in input order.
        failures (Sequence[FileFailure]): the files that could not be analyzed.
        sort (str | None): a key of SORT_KEYS; None keeps input order.
        top (int | None): show only the first N rows after sorting (the roll-ups still cover all).

    RETURNS (Summary): rows to show, per-coach roll-ups (sorted by coach name) and the team roll-up.
    """
    shown = sort_rows(rows, sort) if sort else list(rows)
    if top is not None:
        shown = shown[:top]
    groups: dict[str, list[CallRow]] = {}
    names: dict[str, str] = {}
    for r in rows:
        key = r.coach.casefold()
        names.setdefault(key, r.coach)
        groups.setdefault(key, []).append(r)
    coaches = tuple(rollup(names[k], groups[k]) for k in sorted(groups))
    team = rollup(TEAM, rows) if rows else None
    return Summary(tuple(shown), len(rows), coaches, team, tuple(failures), sort or "input")
