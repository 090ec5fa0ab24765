"""`coachcheck config`: the settings in force and where each came from; and the `--config` option for commands.

Other commands take the config file like `coachcheck check` does::

    from coachcheck.cli.config import ConfigOpt, load_or_exit

    def mycommand(..., config_file: ConfigOpt = None):
        config = load_or_exit(config_file)          # prints the error and exits 2 when the file is bad
        # then coachcheck.config.with_options / merge_options, see that module's docstring
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from coachcheck.cli.common import EXIT_ERROR

ConfigOpt = Annotated[Path | None, typer.Option(
    "--config", help="Read settings from this file instead of searching for coachcheck.yaml, .coachcheck.yaml "
    "or \\[tool.coachcheck] in pyproject.toml from the current folder upwards.")]


def load_or_exit(config_file: Path | None, start: Path | None = None):
    """The config for a command: `--config FILE`, or the one found from `start` upwards.

    Args:
        config_file (Path | None): the --config value.
        start (Path | None): where to search from (default: the current folder).

    RETURNS (Config): the settings; on a ConfigError prints every problem on stderr and exits 2.
    """
    from coachcheck.config import load_config
    from coachcheck.errors import ConfigError

    try:
        return load_config(start, config_file)
    except ConfigError as exc:
        exit_with(exc)


def exit_with(exc: Exception) -> typer.Exit:
    """Print a (possibly multi-line) user error, one `coachcheck: error:` line per problem, and exit 2."""
    for line in str(exc).splitlines() or [type(exc).__name__]:
        typer.echo(f"coachcheck: error: {line}", err=True)
    raise typer.Exit(EXIT_ERROR)


def show_config(
    config_file: ConfigOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON with each setting's value and source.")] = False,
) -> None:
    """Show the settings in force and where each came from (default, config file, option)."""
    from coachcheck.config import effective_settings

    config = load_or_exit(config_file)
    settings = effective_settings(config)
    if as_json:
        data = {"config_file": config.path,
                "settings": {k: {"value": v, "source": _where(s)} for k, (v, s) in settings.items()}}
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    from rich.markup import escape
    from rich.table import Table

    from coachcheck.cli.common import stdout_console

    table = Table(title=f"config file: {escape(_where(config.path)) if config.path else 'none found (defaults)'}",
                  title_justify="left")
    table.add_column("setting")
    table.add_column("value", overflow="fold")
    table.add_column("source", overflow="fold")
    for name, (value, source) in settings.items():
        table.add_row(name, escape(_show(value)), escape(_where(source)))
    stdout_console().print(table)


def _where(source: str) -> str:
    from coachcheck.config import display_path

    return display_path(source) if source and os.path.isabs(source) else source


def _show(value: Any) -> str:
    if value is None or value == [] or value == {}:
        return "-"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_show(v)}" for k, v in value.items())
    return str(value)
