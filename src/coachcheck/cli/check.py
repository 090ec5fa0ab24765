"""`coachcheck check PATH...`: a coaching-quality gate for CI.

Analyzes the calls like `analyze`, holds each against its thresholds (see coachcheck.checking)
and exits:

    0  EXIT_PASS   every call passes its thresholds
    1  EXIT_FAIL   at least one call fails them
    2  EXIT_ERROR  bad usage, config, rules or baseline, or a file that could not be analyzed
                   (a run that could not look at every file is never a pass)

Thresholds: command-line option > matching `check.overrides` entry > the config's `check:` >
defaults (min_score 50 and nothing else).
"""

from __future__ import annotations

import io
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from coachcheck.cli.common import (
    EXIT_ERROR,
    EXIT_FAIL,
    EXIT_OK,
    CoachOpt,
    DisableOpt,
    InputFormatOpt,
    ModelOpt,
    RulesOpt,
    check_output,
    dash_is_stdout,
    write_atomic,
)
from coachcheck.cli.config import ConfigOpt, exit_with, load_or_exit

EXIT_PASS = EXIT_OK
"""Every call passes its thresholds."""


class CheckFormat(str, Enum):
    """Output formats of check."""

    rich = "rich"
    github = "github"
    junit = "junit"
    sarif = "sarif"
    markdown = "markdown"
    json = "json"


CHECK_FORMATS = tuple(f.value for f in CheckFormat)
_THRESHOLDS = "Thresholds (override the config file)"
_BASELINE = "Baseline"


def _share(value: str) -> float:
    from coachcheck.thresholds import parse_fraction

    try:
        return parse_fraction(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def check(
    paths: Annotated[list[str], typer.Argument(help="Transcript files, folders (searched recursively) or globs.")],
    config_file: ConfigOpt = None,
    fmt: Annotated[CheckFormat | None, typer.Option(
        "--format", "-f", help="Output format \\[default: github when GITHUB_ACTIONS=true, else rich].",
        show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the report here (whole or not at all; - for stdout).",
        callback=dash_is_stdout)] = None,
    min_score: Annotated[float | None, typer.Option(
        "--min-score", min=0, max=100, help="Lowest coaching score (0-100).", rich_help_panel=_THRESHOLDS)] = None,
    max_share: Annotated[list[str], typer.Option(
        "--max-share", metavar="CATEGORY=SHARE", help="Highest share of coach turns in a category, e.g. managing=0.3 "
        "(repeatable).", rich_help_panel=_THRESHOLDS)] = [],  # noqa: B006 - typer reads the default
    forbid_verdict: Annotated[list[str], typer.Option(
        "--forbid-verdict", metavar="VERDICT", help="Fail calls with this verdict (repeatable).",
        rich_help_panel=_THRESHOLDS)] = [],  # noqa: B006
    min_rep_talk: Annotated[str | None, typer.Option(
        "--min-rep-talk", metavar="SHARE", help="Lowest rep share of the words, e.g. 0.5 or 50%.",
        rich_help_panel=_THRESHOLDS)] = None,
    min_open_questions: Annotated[str | None, typer.Option(
        "--min-open-questions", metavar="SHARE", help="Lowest open share of the coach's questions, e.g. 0.5.",
        rich_help_panel=_THRESHOLDS)] = None,
    max_monologue_words: Annotated[int | None, typer.Option(
        "--max-monologue-words", min=0, help="Most words in one coach turn.", rich_help_panel=_THRESHOLDS)] = None,
    max_monologue_seconds: Annotated[float | None, typer.Option(
        "--max-monologue-seconds", min=0, help="Most seconds in one coach turn (needs timestamps).",
        rich_help_panel=_THRESHOLDS)] = None,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", help="Fail only on calls that are new or got worse than in this baseline file.",
        rich_help_panel=_BASELINE)] = None,
    write_baseline: Annotated[Path | None, typer.Option(
        "--write-baseline", help="Record every call's figures in this file and exit 0 (unless a file failed).",
        rich_help_panel=_BASELINE)] = None,
    coach: CoachOpt = [],  # noqa: B006
    roster: Annotated[Path | None, typer.Option("--roster", help="A roster file saying who is coach and rep.")] = None,
    rules: RulesOpt = [],  # noqa: B006
    disable: DisableOpt = [],  # noqa: B006
    model: ModelOpt = None,
    input_format: InputFormatOpt = None,
    include: Annotated[list[str], typer.Option(
        "--include", help="Glob a file in a folder must match (repeatable).")] = [],  # noqa: B006
    exclude: Annotated[list[str], typer.Option("--exclude", help="Glob of files to leave out (repeatable).")] = [],  # noqa: B006
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=0, help="Worker processes (0: one per core) \\[default: 1].", show_default=False)] = None,
) -> None:
    """Fail calls that miss coaching thresholds: exit 0 all pass, 1 a call fails, 2 usage or input errors."""
    from coachcheck import __version__
    from coachcheck.baseline import apply_baseline, build_baseline, file_digest, load_baseline
    from coachcheck.checking import CheckRun, check_call
    from coachcheck.config import merge_options, with_options
    from coachcheck.engine import analyze_paths, default_jobs, discover
    from coachcheck.errors import CoachcheckError, RuleErrorGroup
    from coachcheck.model import FileFailure
    from coachcheck.thresholds import Gate, Thresholds, check_verdict, parse_share

    if baseline is not None and write_baseline is not None:
        raise typer.BadParameter("use --baseline or --write-baseline, not both", param_hint="--write-baseline")
    try:
        shares = tuple(parse_share(s) for s in max_share)
        verdicts = tuple(check_verdict(v) for v in forbid_verdict)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    cli = Thresholds(
        min_score=min_score, max_share=shares, forbid_verdict=verdicts or None,
        min_rep_talk=None if min_rep_talk is None else _share(min_rep_talk),
        min_open_questions=None if min_open_questions is None else _share(min_open_questions),
        max_monologue_words=max_monologue_words, max_monologue_seconds=max_monologue_seconds,
    )
    config = with_options(load_or_exit(config_file), coach=coach, rules=rules, disable=disable, roster=roster,
                          jobs=jobs)
    fmt_name = _format(fmt, config)
    try:
        options = merge_options(config, model=model, input_format=input_format)
        known = load_baseline(baseline) if baseline is not None else None
    except CoachcheckError as exc:
        exit_with(exc)
    gate = Gate(config.check.thresholds, _config_label(config), config.check.overrides, cli, config.root)

    files, failures = discover(paths, include, exclude)
    if not files and not failures:
        exit_with(ValueError("no transcript files found in " + ", ".join(paths)))
    check_output(output, files)
    check_output(write_baseline, files, "--write-baseline")
    calls = []
    try:
        n_jobs = 1 if config.jobs is None else config.jobs or default_jobs()
        for result in analyze_paths(files, options, n_jobs):
            if isinstance(result, FileFailure):
                failures.append(result)
                continue
            thresholds, sources = gate.for_call(result.source, result.coach)
            checked = check_call(result, thresholds, sources)
            if known is not None:
                checked = apply_baseline(checked, *known.lookup(result.source, file_digest(result.source)))
            calls.append(checked)
    except (RuleErrorGroup, CoachcheckError) as exc:
        exit_with(exc)
    except KeyboardInterrupt:
        typer.echo(f"interrupted: {len(calls)} call(s) checked; no output written", err=True)
        raise typer.Exit(130) from None
    errors = tuple(f if f.error.startswith(f.source) else FileFailure(f.source, f"{f.source}: {f.error}")
                   for f in failures)  # every error line names its file
    run = CheckRun(tuple(calls), errors, str(baseline) if baseline is not None else None, __version__)

    if write_baseline is not None:
        write_atomic(write_baseline, build_baseline(run.calls, write_baseline, __version__))
        typer.echo(f"coachcheck: wrote the figures of {len(run.calls)} call(s) to {write_baseline}", err=True)
    _emit(run, fmt_name, output)
    for f in run.errors:
        typer.echo(f"coachcheck: error: {f.error}", err=True)
    if run.errors:
        raise typer.Exit(EXIT_ERROR)
    if write_baseline is not None or not run.failed:
        raise typer.Exit(EXIT_PASS)
    raise typer.Exit(EXIT_FAIL)


def _config_label(config) -> str:
    from coachcheck.config import display_path

    return display_path(config.path) if config.path else "default"


def _format(fmt: CheckFormat | None, config) -> str:
    """--format, else the config's check.format or format, else github under GitHub Actions, else rich."""
    if fmt is not None:
        return fmt.value
    for candidate in (config.check.format, config.format):
        if candidate in CHECK_FORMATS:
            return candidate
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "rich"


def _emit(run, fmt: str, output: Path | None) -> None:
    if fmt == "rich":
        from coachcheck.cli.common import stdout_console
        from coachcheck.reporters.check_rich import render_check

        if output is None:
            stdout_console().print(render_check(run))
            return
        from rich.console import Console

        buffer = io.StringIO()
        Console(file=buffer, width=120, color_system=None, legacy_windows=False).print(render_check(run))
        text = buffer.getvalue()
    else:
        text = _render(run, fmt)
    if output is not None:
        write_atomic(output, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _render(run, fmt: str) -> str:
    if fmt == "github":
        from coachcheck.reporters.github import render_github

        return render_github(run)
    if fmt == "junit":
        from coachcheck.reporters.junit import render_junit

        return render_junit(run)
    if fmt == "sarif":
        from coachcheck.reporters.sarif import render_sarif

        return render_sarif(run)
    if fmt == "markdown":
        from coachcheck.reporters.check_markdown import render_check_markdown

        return render_check_markdown(run)
    from coachcheck.reporters.check_json import render_check_json

    return render_check_json(run)
