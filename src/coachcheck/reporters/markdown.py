"""Markdown output for one call or a batch (fit for a PR comment or $GITHUB_STEP_SUMMARY)."""

from __future__ import annotations

from collections.abc import Sequence

from coachcheck.model import CATEGORIES, CallReport
from coachcheck.reporters.evidence import clock, shorten, strongest_evidence


def render_markdown(reports: Sequence[CallReport]) -> str:
    """A detailed section for one call; a summary table for several."""
    if len(reports) == 1:
        return _one(reports[0])
    lines = ["# coachcheck summary", "", "| call | coach | verdict | score | coaching | managing | training | "
             "mentoring | role modeling | rep talk |", "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in reports:
        shares = " | ".join(f"{r.category_shares[c]:.0%}" for c in CATEGORIES)
        lines.append(f"| {r.source} | {', '.join(r.coach)} | {r.verdict} | {r.coaching_score:.0f} | {shares} | "
                     f"{r.metrics.rep_talk_share:.0%} |")
    return "\n".join(lines) + "\n"


def _one(r: CallReport) -> str:
    m = r.metrics
    out = [f"# coachcheck: {r.source}", "",
           f"**Verdict: {r.verdict}** · coaching score **{r.coaching_score:.0f}/100** · coach: {', '.join(r.coach)}"
           f" ({r.coach_reason})", "", "## Coach turns by category", "", "| category | turns | share |", "|---|---:|---:|"]
    for c in CATEGORIES:
        out.append(f"| {c} | {r.category_counts[c]} | {r.category_shares[c]:.0%} |")
    out.append(f"| neutral | {r.category_counts['neutral']} | |")
    out += ["", "## Metrics", "", "| metric | value |", "|---|---:|",
            f"| rep talk share | {m.rep_talk_share:.0%} |",
            f"| questions per coach turn | {m.questions_per_coach_turn} |",
            f"| open-question share | {'-' if m.open_question_share is None else f'{m.open_question_share:.0%}'} |",
            f"| reflections per question | {'-' if m.reflection_to_question is None else m.reflection_to_question} |",
            f"| longest coach monologue | {m.longest_monologue_words} words"
            + (f", {m.longest_monologue_seconds:.0f} s" if m.longest_monologue_seconds is not None else "") + " |",
            "", "## Evidence", ""]
    for cat, findings in strongest_evidence(r).items():
        out.append(f"**{cat}**")
        for f in findings:
            when = f" at {clock(f.start)}" if f.start is not None else ""
            out.append(f"- turn {f.turn_index + 1}{when}: “{shorten(f.evidence)}” — `{f.rule_id}` — tip: {f.tip}")
        out.append("")
    for w in r.warnings:
        out.append(f"> warning: {w}")
    return "\n".join(out).rstrip() + "\n"
