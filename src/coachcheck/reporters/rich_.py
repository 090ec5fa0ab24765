"""The terminal report: Rich renderables for one call, and a summary table for several."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from coachcheck.model import CATEGORIES, CallReport
from coachcheck.reporters.evidence import clock, shorten, strongest_evidence
from coachcheck.scoring import GOOD_RANGES

COLORS = {"coaching": "green", "managing": "red", "training": "blue", "mentoring": "magenta",
          "role_modeling": "yellow", "mixed": "white", "neutral": "dim"}
BAR_WIDTH = 30


def render_call(r: CallReport) -> RenderableType:
    """The detailed report of one call."""
    head = Text.assemble(
        ("Verdict: ", "bold"), (r.verdict.replace("_", " "), f"bold {COLORS[r.verdict]}"),
        ("   Coaching score: ", "bold"), (f"{r.coaching_score:.0f}/100", "bold"),
        f"\nCoach: {', '.join(r.coach)} — {r.coach_reason}",
        f"\nReps: {', '.join(r.reps) or '-'}   Format: {r.format}   Rules: {r.rule_pack}",
    )
    parts = [head, _shares(r), _metrics(r), _evidence(r)]
    if r.warnings:
        parts.append(Text("\n".join(f"warning: {w}" for w in r.warnings), style="yellow"))
    return Panel(Group(*parts), title=f"coachcheck · {r.source}", title_align="left")


def _shares(r: CallReport) -> Table:
    table = Table(title="Coach turns by category", title_justify="left", box=None, pad_edge=False)
    table.add_column("category")
    table.add_column("turns", justify="right")
    table.add_column("share", justify="right")
    table.add_column("")
    for c in CATEGORIES:
        share = r.category_shares[c]
        bar = "█" * round(share * BAR_WIDTH)
        table.add_row(c.replace("_", " "), str(r.category_counts[c]), f"{share:.0%}", Text(bar, style=COLORS[c]))
    table.add_row("neutral", str(r.category_counts["neutral"]), "", "", style="dim")
    return table


def _metrics(r: CallReport) -> Table:
    m = r.metrics
    table = Table(title="Metrics", title_justify="left", box=None, pad_edge=False)
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_column("a coaching call")
    rows = [
        ("rep talk share", f"{m.rep_talk_share:.0%}", "rep_talk_share"),
        ("open-question share", "-" if m.open_question_share is None else f"{m.open_question_share:.0%}",
         "open_question_share"),
        ("reflections per question", "-" if m.reflection_to_question is None else f"{m.reflection_to_question:.2f}",
         "reflection_to_question"),
        ("questions per coach turn", f"{m.questions_per_coach_turn:.2f}", "questions_per_coach_turn"),
        ("longest coach monologue", f"{m.longest_monologue_words} words"
         + (f" / {clock(m.longest_monologue_seconds)}" if m.longest_monologue_seconds is not None else ""),
         "longest_monologue_seconds"),
    ]
    for name, value, key in rows:
        table.add_row(name, value, Text(GOOD_RANGES[key][2], style="dim"))
    return table


def _evidence(r: CallReport) -> RenderableType:
    table = Table(title="Strongest evidence", title_justify="left", box=None, pad_edge=False, show_lines=False)
    table.add_column("category")
    table.add_column("turn", justify="right")
    table.add_column("quote and tip", ratio=1)
    table.add_column("rule", style="dim")
    for cat, findings in strongest_evidence(r).items():
        for f in findings:
            when = f" {clock(f.start)}" if f.start is not None else ""
            quote = Text.assemble((f"“{shorten(f.evidence)}”", "italic"), ("\n→ " + f.tip, "dim"))
            table.add_row(Text(cat.replace("_", " "), style=COLORS[cat]), f"{f.turn_index + 1}{when}", quote, f.rule_id)
    return table


def render_summary(reports: Sequence[CallReport]) -> RenderableType:
    """One row per call."""
    table = Table(title="Calls", title_justify="left")
    table.add_column("call", overflow="fold")
    table.add_column("coach")
    table.add_column("verdict")
    table.add_column("score", justify="right")
    for c in CATEGORIES:
        table.add_column(c.replace("role_modeling", "role mod."), justify="right")
    table.add_column("rep talk", justify="right")
    for r in reports:
        table.add_row(r.source, ", ".join(r.coach), Text(r.verdict, style=COLORS[r.verdict]),
                      f"{r.coaching_score:.0f}", *(f"{r.category_shares[c]:.0%}" for c in CATEGORIES),
                      f"{r.metrics.rep_talk_share:.0%}")
    return table
