"""The command line: `coachcheck analyze | explain | rules ...`. Only this package imports typer."""

from __future__ import annotations

import gc
import sys
from typing import Annotated

import typer

from coachcheck import __version__
from coachcheck.cli import analyze as _analyze
from coachcheck.cli import calibrate as _calibrate
from coachcheck.cli import check as _check
from coachcheck.cli import config as _config
from coachcheck.cli import explain as _explain
from coachcheck.cli import rules as _rules

app = typer.Typer(
    name="coachcheck",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    help="Does this manager really coach? Analyze 1:1 call transcripts for coaching versus managing, "
    "training, mentoring and role modeling.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"coachcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = None,
) -> None:
    """Does this manager really coach? Analyze 1:1 call transcripts."""


def _help(command) -> str:
    """A command's docstring with each paragraph on one line: Typer's Rich help keeps the docstring's
    line breaks, which on a terminal narrower than the source leaves half-empty lines."""
    import inspect

    return "\n\n".join(" ".join(p.split()) for p in inspect.cleandoc(command.__doc__ or "").split("\n\n"))


for _name, _command in (("analyze", _analyze.analyze), ("explain", _explain.explain), ("check", _check.check),
                        ("config", _config.show_config), ("calibrate", _calibrate.calibrate)):
    app.command(_name, help=_help(_command))(_command)
del _name, _command
app.add_typer(_rules.app, name="rules")


def main() -> None:
    """Entry point of the `coachcheck` console script."""
    # A file name that is not UTF-8 reaches Python as lone surrogates ("\udce9"), which stdout's
    # usual strict error handler cannot write: the run would end in a traceback. Written as an
    # escape instead, the output stays valid text, and inside a JSON string `\udce9` is the same
    # character. (stderr already does this.)
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")
    try:
        app()
    finally:
        # The process ends here: the garbage collections Python runs on its way out need not walk
        # every object of typer, Rich and spaCy (a quarter of a second once spaCy is loaded).
        gc.freeze()
