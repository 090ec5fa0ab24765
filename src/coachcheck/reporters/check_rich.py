"""The terminal output of `coachcheck check`: a table of calls, then each failure with its evidence."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from coachcheck.checking import CheckRun
from coachcheck.reporters.checks import evidence_line, more_evidence, repo_path, title

_STYLE = {"pass": "green", "fail": "bold red", "error": "bold yellow"}


def render_check(run: CheckRun) -> RenderableType:
    """Rich renderables for a run.

    Args:
        run (CheckRun): the checked calls.

    RETURNS (RenderableType): a group to print on a console.
    """
    parts: list[RenderableType] = []
    if run.calls:
        table = Table(title="coachcheck check", title_justify="left")
        table.add_column("call", overflow="fold")
        table.add_column("coach")
        table.add_column("verdict")
        table.add_column("score", justify="right")
        table.add_column("result")
        for c in run.calls:
            result = Text("pass", style="green") if c.passed else Text(
                "FAIL " + ", ".join(title(f) for f in c.failures), style="bold red")
            if c.passed and c.accepted:
                result.append(" (known failures accepted)", style="dim")
            table.add_row(escape(repo_path(c.source)), escape(", ".join(c.coach)), c.verdict.replace("_", " "),
                          f"{c.coaching_score:g}", result)
        parts.append(table)
    for c in run.calls:
        if not c.failures and not c.notes:
            continue
        text = Text()
        text.append(repo_path(c.source), style="bold")
        for f in c.failures:
            text.append(f"\n  ✗ {title(f)}: ", style="red")
            text.append(f"{f.message}")
            text.append(f" (limit set by {f.limit_source})", style="dim")
            for e in f.evidence:
                text.append(f"\n      {evidence_line(e)}", style="italic")
            if more_evidence(f):
                text.append(f"\n      {more_evidence(f)}", style="dim")
        for n in c.notes:
            text.append(f"\n  note: {n}", style="dim")
        parts.append(text)
    for e in run.errors:
        parts.append(Text(f"error: {e.error}", style="yellow"))
    parts.append(Text(run.summary(), style=_STYLE[run.outcome]))
    return Group(*parts)
