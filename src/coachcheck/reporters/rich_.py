"""The terminal report: Rich renderables for one call, and a summary of a batch."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from coachcheck.model import CATEGORIES, CallReport
from coachcheck.reporters.evidence import clock, shorten, strongest_evidence
from coachcheck.reporters.summary import Summary
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
    return Panel(Group(*parts), title=f"coachcheck · {escape(r.source)}", title_align="left")


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
        ("asks or reflects", "-" if m.asking_share is None else f"{m.asking_share:.0%}", "asking_share"),
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


SHORT = {"coaching": "coach", "managing": "manag", "training": "train", "mentoring": "mentr", "role_modeling": "model"}


def render_summary(summary: Summary) -> RenderableType:
    """A batch: one row per call, then the roll-ups per coach and for the team."""
    import os

    try:
        root = os.path.commonpath([os.path.dirname(r.source) or "." for r in summary.calls]) if summary.calls else ""
    except ValueError:  # absolute and relative paths mixed
        root = ""
    calls = Table(title=escape(_calls_title(summary, root)), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
                  padding=0, caption="coach … model: share of the coach's non-neutral turns per category, "
                  "%; rep: rep share of the words, %", caption_justify="left")
    calls.add_column("call", overflow="fold", ratio=3, min_width=14)
    calls.add_column("coach", overflow="fold", ratio=2)
    calls.add_column("verdict")
    calls.add_column("score", justify="right", no_wrap=True)
    for c in CATEGORIES:
        calls.add_column(SHORT[c], justify="right", no_wrap=True, style=COLORS[c] if c == "coaching" else None)
    calls.add_column("rep", justify="right", no_wrap=True)
    for r in summary.calls:
        name = os.path.relpath(r.source, root) if root and root != "." else r.source
        calls.add_row(escape(name), escape(r.coach), Text(r.verdict.replace("_", " "), style=COLORS[r.verdict]),
                      f"{r.score:.0f}", *(f"{r.shares[c] * 100:.0f}" for c in CATEGORIES),
                      f"{r.rep_talk_share * 100:.0f}")
    parts: list[RenderableType] = [calls]
    if summary.team is not None:
        parts += [Text(""), _rollups(summary)]
    return Group(*parts)


def _calls_title(summary: Summary, root: str) -> str:
    shown = len(summary.calls)
    title = f"{summary.total_calls} calls" if shown == summary.total_calls else \
        f"First {shown} of {summary.total_calls} calls"
    if root and root != ".":
        title += f" in {root}"
    return title if summary.sort == "input" else f"{title}, by {summary.sort}"


def _rollups(summary: Summary) -> Table:
    table = Table(title="By coach", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, padding=0)
    table.add_column("coach", overflow="fold")
    table.add_column("calls", justify="right")
    table.add_column("mean score", justify="right")
    table.add_column("stdev", justify="right")
    table.add_column("verdicts", overflow="fold")
    rows = [*summary.coaches, summary.team] if summary.team else list(summary.coaches)
    for i, g in enumerate(rows):
        team = summary.team is not None and i == len(rows) - 1
        verdicts = Text(", ").join(Text(f"{n} {v.replace('_', ' ')}", style=COLORS[v])
                                   for v, n in g.verdicts.items() if n)
        stdev = "-" if g.stdev_score is None else f"{g.stdev_score:.1f}"
        table.add_row(escape(g.name), str(g.calls), f"{g.mean_score:.1f}", stdev, verdicts,
                      style="bold" if team else None, end_section=not team and i == len(rows) - 2)
    return table
