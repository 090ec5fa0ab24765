"""`coachcheck analyze PATH...`: one call in detail, or a batch with a summary."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from coachcheck.cli.common import (
    EXIT_ERROR, EXIT_OK, CoachOpt, DisableOpt, InputFormatOpt, ModelOpt, RulesOpt, fail, stderr_console,
    stdout_console, write_atomic,
)


class Format(str, Enum):
    """Output formats of analyze."""

    rich = "rich"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"


def analyze(
    paths: Annotated[list[str], typer.Argument(help="Transcript files, folders (searched recursively) or globs.")],
    coach: CoachOpt = [],  # noqa: B006 - typer reads the default
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.rich,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report here (whole or not at all).")] = None,
    model: ModelOpt = None,
    rules: RulesOpt = [],  # noqa: B006
    disable: DisableOpt = [],  # noqa: B006
    input_format: InputFormatOpt = None,
    include: Annotated[list[str], typer.Option("--include", help="Glob a file in a folder must match (repeatable).")] = [],  # noqa: B006
    exclude: Annotated[list[str], typer.Option("--exclude", help="Glob of files to leave out (repeatable).")] = [],  # noqa: B006
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (0: one per core).")] = 1,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 2 if any file could not be analyzed.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Analyze call transcripts: who coached, and how much."""
    from coachcheck.engine import analyze_paths, default_jobs, discover
    from coachcheck.errors import CoachcheckError, RuleErrorGroup
    from coachcheck.model import CallReport, FileFailure, Options

    files, failures = discover(paths, include, exclude)
    options = Options(coaches=tuple(coach), input_format=input_format, model=model,
                      rule_dirs=tuple(str(r) for r in rules), disabled_rules=tuple(disable))
    reports: list[CallReport] = []
    done = 0
    err = stderr_console()
    streaming = fmt is Format.jsonl and output is None
    try:
        results = analyze_paths(files, options, jobs or default_jobs())
        for result in results:
            if isinstance(result, FileFailure):
                failures.append(result)
                continue
            done += 1
            if streaming:
                from coachcheck.reporters.json_ import report_line

                sys.stdout.write(report_line(result) + "\n")
            else:
                reports.append(result)
    except RuleErrorGroup as exc:
        for e in exc.errors:
            typer.echo(str(e), err=True)
        raise typer.Exit(EXIT_ERROR) from None
    except CoachcheckError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        err.print(f"interrupted: {done} file(s) done; no output written")
        raise typer.Exit(130) from None
    if reports:
        text = _render(reports, fmt)
        if output is not None:
            write_atomic(output, text)
        elif fmt is Format.rich:
            stdout_console().print(text)
        else:
            sys.stdout.write(text)
    for f in failures:
        err.print(f"error: {f.error}", markup=False, highlight=False)
    if not files and not failures:
        fail("no transcript files found in " + ", ".join(paths))
    if failures and (strict or done == 0):
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_OK)


def _render(reports, fmt: Format):
    if fmt is Format.json:
        from coachcheck.reporters.json_ import render_json

        return render_json(reports)
    if fmt is Format.jsonl:
        from coachcheck.reporters.json_ import report_line

        return "".join(report_line(r) + "\n" for r in reports)
    if fmt is Format.markdown:
        from coachcheck.reporters.markdown import render_markdown

        return render_markdown(reports)
    from coachcheck.reporters import rich_

    if len(reports) == 1:
        return rich_.render_call(reports[0])
    return rich_.render_summary(reports)
