"""What the commands share: exit codes, consoles, options, error printing, atomic output."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Annotated, NoReturn

import typer

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_ERROR = 2


def stderr_console():
    """A Rich console on stderr (honours NO_COLOR)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def stdout_console():
    """A Rich console on stdout (honours NO_COLOR)."""
    from rich.console import Console

    return Console(highlight=False)


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """Print `coachcheck: error: message` on stderr and exit."""
    typer.echo(f"coachcheck: error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn rule and input errors into their one-line messages on stderr and exit code 2.

    Rule problems are printed one per line as `path:line:col: [rule-id] message`; any other
    CoachcheckError as `coachcheck: error: message`.
    """
    from coachcheck.errors import CoachcheckError, RuleErrorGroup

    try:
        yield
    except RuleErrorGroup as exc:
        for e in exc.errors:
            typer.echo(str(e), err=True)
        raise typer.Exit(EXIT_ERROR) from None
    except CoachcheckError as exc:
        fail(str(exc))


def dash_is_stdout(value: Path | None) -> Path | None:
    """An --output callback: `-o -` means standard output, as the option's absence does."""
    return None if value is not None and str(value) == "-" else value


def check_output(path: Path | None, inputs: Sequence[str] = (), option: str = "--output") -> None:
    """Stop with a one-line error, before any work, if `path` cannot take an output file: it is a
    folder, or one of the `inputs` (which writing it would destroy)."""
    if path is None:
        return
    if Path(path).is_dir():
        fail(f"{path}: is a folder; {option} takes a file name")
    if inputs and Path(path).exists():
        target = os.path.realpath(path)
        if any(os.path.realpath(f) == target for f in inputs):
            fail(f"{path}: is one of the transcripts being analyzed; {option} would overwrite it")


class AtomicOutput:
    """A file written through a temporary file beside it: renamed into place by commit(), removed otherwise.

    The temporary file is created at once, so a folder that cannot be written to is reported
    before any analysis. Characters UTF-8 cannot hold (the lone surrogates of a file name that is
    not UTF-8) are written as escapes. An error writing is a one-line error, exit 2.

    Args:
        path (Path): the file.
        newline (str | None): as `open()` takes it; "" writes "\\n" as it is (csv needs that).
    """

    def __init__(self, path: Path, newline: str | None = "") -> None:
        self.path = Path(path)
        try:
            fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent or ".")
        except OSError as exc:
            fail(f"{self.path}: cannot write ({exc.strerror or exc})")
        self.fh: IO[str] | None = os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline=newline)

    def write(self, text: str) -> None:
        assert self.fh is not None
        try:
            self.fh.write(text)
        except OSError as exc:
            fail(f"{self.path}: cannot write ({exc.strerror or exc})")

    def commit(self) -> None:
        assert self.fh is not None
        try:
            self.fh.close()
            self.fh = None
            os.replace(self.tmp, self.path)
        except OSError as exc:
            fail(f"{self.path}: cannot write ({exc.strerror or exc})")

    def abort(self) -> None:
        if self.fh is not None:
            with contextlib.suppress(OSError):
                self.fh.close()
            self.fh = None
        Path(self.tmp).unlink(missing_ok=True)

    def close(self) -> None:
        """Remove the temporary file unless commit() renamed it."""
        self.abort()


def write_atomic(path: Path, text: str) -> None:
    """Write text to path whole or not at all (see AtomicOutput)."""
    out = AtomicOutput(path, newline=None)
    try:
        out.write(text)
        out.commit()
    finally:
        out.close()


CoachOpt = Annotated[list[str], typer.Option(
    "--coach", "-c", help="The coach's speaker name (repeatable, case-insensitive).")]
ModelOpt = Annotated[str | None, typer.Option(
    "--model", help="An installed trained spaCy pipeline to use instead of blank English.")]
RulesOpt = Annotated[list[Path], typer.Option(
    "--rules", help="Extra rule pack folder or file (repeatable); same ids override.")]
DisableOpt = Annotated[list[str], typer.Option("--disable", help="Rule id to switch off (repeatable).")]
InputFormatOpt = Annotated[str | None, typer.Option(
    "--input-format", help="Skip format detection: txt, vtt, srt, json, csv, ...")]
