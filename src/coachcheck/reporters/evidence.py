"""Choosing what to show as evidence: shared by the terminal and Markdown reports."""

from __future__ import annotations

from coachcheck.model import CATEGORIES, CallReport, Finding


def strongest_evidence(report: CallReport, per_category: int = 2) -> dict[str, list[Finding]]:
    """The heaviest findings per category, taken from turns that got that category."""
    out: dict[str, list[Finding]] = {}
    for cat in CATEGORIES:
        found = [f for t in report.turns if t.category == cat for f in t.findings if f.category == cat]
        found.sort(key=lambda f: (-f.weight, f.turn_index))
        seen: set[int] = set()
        picked = []
        for f in found:
            if f.turn_index in seen:
                continue
            seen.add(f.turn_index)
            picked.append(f)
            if len(picked) == per_category:
                break
        if picked:
            out[cat] = picked
    return out


def clock(seconds: float | None) -> str:
    """`m:ss` or `h:mm:ss`, or an empty string when unknown."""
    if seconds is None:
        return ""
    s = int(seconds)
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def shorten(text: str, limit: int = 140) -> str:
    """Text cut at a word boundary with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
