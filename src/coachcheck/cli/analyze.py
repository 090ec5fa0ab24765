"""`coachcheck analyze PATH...`: one call in detail, or a batch with a summary.

One transcript gets the detailed report. Several get a summary: one row per call and roll-ups
per coach and for the team (rich, markdown, json), or one row per call (csv), or every full
report as a JSON line (jsonl). Batches run in worker processes (`--jobs`); results stream back
in input order, so jsonl and csv are written as they come and the summaries keep only small
rows. Output files are written whole or not at all; a failed, killed or interrupted run
leaves none behind.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from coachcheck.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    AtomicOutput,
    CoachOpt,
    DisableOpt,
    InputFormatOpt,
    ModelOpt,
    RulesOpt,
    check_output,
    dash_is_stdout,
    fail,
    stderr_console,
    stdout_console,
    user_errors,
    write_atomic,
)
from coachcheck.cli.config import ConfigOpt, exit_with, load_or_exit

EXIT_INTERRUPTED = 130


class Format(str, Enum):
    """Output formats of analyze."""

    rich = "rich"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    csv = "csv"


class SortKey(str, Enum):
    """Orders of the calls in a batch summary."""

    file = "file"
    score = "score"
    coach = "coach"
    verdict = "verdict"


def analyze(
    paths: Annotated[list[str], typer.Argument(help="Transcript files, folders (searched recursively) or globs.")],
    config_file: ConfigOpt = None,
    coach: CoachOpt = [],  # noqa: B006 - typer reads the default
    fmt: Annotated[Format | None, typer.Option(
        "--format", "-f", show_default=False, help="Output format (default: rich). For several calls: rich, markdown "
        "and json give a summary with roll-ups per coach, csv one row per call, jsonl every full report.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the report here (whole or not at all; - for stdout).",
        callback=dash_is_stdout)] = None,
    model: ModelOpt = None,
    rules: RulesOpt = [],  # noqa: B006
    disable: DisableOpt = [],  # noqa: B006
    roster: Annotated[Path | None, typer.Option("--roster", help="A roster file saying who is coach and rep.")] = None,
    input_format: InputFormatOpt = None,
    include: Annotated[list[str], typer.Option(
        "--include", help="Glob a file in a folder must match (repeatable).")] = [],  # noqa: B006
    exclude: Annotated[list[str], typer.Option(
        "--exclude", help="Glob of files or folders to leave out (repeatable).")] = [],  # noqa: B006
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=0, show_default=False,
        help="Worker processes for a batch; 0: one per core (default: one per core, or none, analyzing in this "
        "process, for under 256 KB of transcripts).")] = None,
    sort: Annotated[SortKey | None, typer.Option(
        "--sort", help="Order of the calls in a summary: file, score (highest first), coach, verdict.")] = None,
    top: Annotated[int | None, typer.Option(
        "--top", min=1, help="Show only the first N calls of a summary.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 2 if any file could not be analyzed.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Analyze call transcripts: who coached, and how much.

    Settings not given here come from the config file (coach, rules, disable, weights, roster,
    format, jobs); see `coachcheck config`.
    """
    from coachcheck.config import merge_options, with_options
    from coachcheck.engine import auto_jobs, default_jobs, discover
    from coachcheck.errors import CoachcheckError

    config = with_options(load_or_exit(config_file), coach=coach, rules=rules, disable=disable, roster=roster,
                          format=fmt.value if fmt else None, jobs=jobs)
    fmt = Format(config.format) if config.format in Format.__members__ else Format.rich
    if fmt is Format.jsonl and (sort is not None or top is not None):
        fail("--sort and --top order and cut a summary; --format jsonl streams every report in input order")
    try:
        options = merge_options(config, model=model, input_format=input_format)
    except CoachcheckError as exc:
        exit_with(exc)
    files, failures = discover(paths, include, exclude)
    if not files:
        for f in failures:
            typer.echo(f"coachcheck: error: {f.error}", err=True)
        if failures:
            raise typer.Exit(EXIT_ERROR)
        fail("no transcript files found in " + ", ".join(paths))
    check_output(output, files)
    if len(files) == 1 and not failures:
        _one(files[0], options, fmt, output)
    n_jobs = auto_jobs(files) if config.jobs is None else config.jobs or default_jobs()
    _batch(files, failures, options, fmt, output, n_jobs, sort.value if sort else None, top, strict, quiet)


def _one(path: str, options, fmt: Format, output: Path | None) -> None:
    """The detailed report of a single call, analyzed in this process."""
    from coachcheck.engine import analyze_paths
    from coachcheck.model import FileFailure

    result = _run_or_exit(lambda: next(iter(analyze_paths([path], options, 1))))
    if isinstance(result, FileFailure):
        fail(result.error)
    if fmt is Format.rich and output is None:
        from coachcheck.reporters.rich_ import render_call

        stdout_console().print(render_call(result))
    else:
        _emit(_render_one(result, fmt), output)
    raise typer.Exit(EXIT_OK)


def _render_one(report, fmt: Format) -> str:
    if fmt is Format.json:
        from coachcheck.reporters.json_ import render_json

        return render_json([report])
    if fmt is Format.jsonl:
        from coachcheck.reporters.json_ import report_line

        return report_line(report) + "\n"
    if fmt is Format.markdown:
        from coachcheck.reporters.markdown import render_markdown

        return render_markdown([report])
    if fmt is Format.csv:
        from coachcheck.reporters.csv_ import render_csv
        from coachcheck.reporters.summary import call_row

        return render_csv([call_row(report)])
    from coachcheck.reporters.rich_ import render_call

    return _rich_text(render_call(report))


def _batch(files, failures, options, fmt: Format, output: Path | None, jobs: int, sort: str | None,
           top: int | None, strict: bool, quiet: bool) -> None:
    """Analyze many files, streaming jsonl/csv out as results arrive, then list the failures."""
    from contextlib import closing

    from coachcheck.engine import WorkerDied, analyze_paths
    from coachcheck.errors import CoachcheckError, RuleErrorGroup
    from coachcheck.model import FileFailure
    from coachcheck.reporters import summary as summary_
    from coachcheck.reporters.csv_ import csv_header, csv_row

    err = stderr_console()
    out = AtomicOutput(output) if output is not None else _Stdout()
    streaming = fmt is Format.jsonl or (fmt is Format.csv and sort is None and top is None)
    convert = summary_.call_row_and_line if fmt is Format.jsonl else summary_.call_row
    rows: list = []
    done = 0
    progress = _Progress(err, len(files), enabled=not quiet and err.is_interactive, stdout_is_file=output is not None)
    try:
        with progress, closing(analyze_paths(files, options, jobs, convert)) as results:
            for result in results:
                if isinstance(result, FileFailure):
                    failures.append(result)
                    progress.advance(0)
                    continue
                done += 1
                row, line = result if fmt is Format.jsonl else (result, None)
                if fmt is Format.jsonl:
                    out.write(line + "\n")
                elif streaming:
                    out.write((csv_header() if done == 1 else "") + csv_row(row))
                else:
                    rows.append(row)
                progress.advance(row.words)
        if done and not streaming:
            summary = summary_.summarize(rows, failures, sort, top)
            _write_summary(summary, fmt, out)
        if done:
            out.commit()
    except KeyboardInterrupt:
        out.abort()
        where = "no output written" if output is not None or not streaming else "output incomplete"
        typer.echo(f"coachcheck: interrupted: {done} of {len(files)} file(s) done; {where}", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except RuleErrorGroup as exc:
        out.abort()
        for e in exc.errors:
            typer.echo(str(e), err=True)
        raise typer.Exit(EXIT_ERROR) from None
    except WorkerDied as exc:
        out.abort()
        fail(f"{exc}; " + ("no output written" if output is not None or not streaming else "output incomplete"))
    except CoachcheckError as exc:
        out.abort()
        fail(str(exc))
    except BaseException:
        out.abort()
        raise
    finally:
        out.close()
    progress.report_done(done, failures)
    if failures:
        total = len(files) + _missing(failures, files)
        typer.echo(f"coachcheck: {len(failures)} of {total} file(s) could not be analyzed:", err=True)
        for f in failures:
            typer.echo(f"  {f.error}", err=True)
    if done == 0:
        fail("nothing could be analyzed; no output written" if output is not None else "nothing could be analyzed")
    raise typer.Exit(EXIT_ERROR if failures and strict else EXIT_OK)


def _missing(failures, files) -> int:
    """Failures that are not among `files` (paths and patterns that named nothing)."""
    names = set(files)
    return sum(1 for f in failures if f.source not in names)


def _write_summary(summary, fmt: Format, out) -> None:
    if fmt is Format.json:
        import json

        out.write(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif fmt is Format.markdown:
        from coachcheck.reporters.markdown import render_summary_markdown

        out.write(render_summary_markdown(summary))
    elif fmt is Format.csv:
        from coachcheck.reporters.csv_ import render_csv

        out.write(render_csv(summary.calls))
    else:
        from coachcheck.reporters.rich_ import render_summary

        renderable = render_summary(summary)
        if isinstance(out, _Stdout):
            stdout_console().print(renderable)
        else:
            out.write(_rich_text(renderable))


def _rich_text(renderable) -> str:
    """A renderable as plain text, for a file."""
    import io

    from rich.console import Console

    buf = io.StringIO()
    Console(file=buf, width=120, color_system=None, force_terminal=False, legacy_windows=False).print(renderable)
    return buf.getvalue()


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(output, text)


def _run_or_exit(fn):
    """fn(), turning rule and configuration errors into their messages and exit 2."""
    with user_errors():
        return fn()


class _Stdout:
    """Results to stdout as they come (looked up on each write: Rich's progress may redirect it)."""

    def write(self, text: str) -> None:
        sys.stdout.write(text)

    def commit(self) -> None:
        sys.stdout.flush()

    def abort(self) -> None:
        sys.stdout.flush()

    def close(self) -> None:
        pass


class _Progress:
    """A Rich progress bar on stderr: files done, words per second, time left (a no-op when disabled)."""

    def __init__(self, console, total: int, enabled: bool, stdout_is_file: bool) -> None:
        self.enabled = enabled
        self.words = 0
        self._progress = None
        if not enabled:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("analyzing"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
            TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), console=console, transient=True,
            redirect_stdout=not stdout_is_file and sys.stdout.isatty(), redirect_stderr=False,
        )
        self._task = self._progress.add_task("analyze", total=total, rate="")

    def __enter__(self) -> _Progress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, words: int) -> None:
        """One more file done, with its words."""
        self.words += words
        if self._progress is not None:
            elapsed = self._progress.tasks[0].elapsed or 0.0
            rate = f"{self.words / elapsed / 1000:,.0f}k words/s" if elapsed else ""
            self._progress.update(self._task, advance=1, rate=rate)

    def report_done(self, done: int, failures) -> None:
        """A last line on stderr after a shown progress bar: how much was analyzed, how fast."""
        if self._progress is None:
            return
        task = self._progress.tasks[0]
        seconds = task.finished_time or task.elapsed or 0.0
        rate = f", {self.words / seconds:,.0f} words/s" if seconds else ""
        self._progress.console.print(f"analyzed {done} file(s), {self.words:,} words in {seconds:.1f} s{rate}",
                                     markup=False, highlight=False)
