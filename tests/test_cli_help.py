"""The help of each command, as a terminal of 80 columns (a pipe, a CI log) or a wide one shows it."""

from __future__ import annotations

from itertools import pairwise

import pytest

COMMANDS = ("analyze", "explain", "check", "config", "calibrate")


@pytest.fixture
def wide(cli, monkeypatch):
    """The `cli` runner on a terminal wide enough that no help line wraps."""
    monkeypatch.setenv("COLUMNS", "250")
    return cli


@pytest.mark.parametrize(("command", "shown"), [
    (("check", "--help"), "[default: github when GITHUB_ACTIONS=true, else rich]"),
    (("check", "--help"), "(0: one per core) [default: 1]"),
    (("analyze", "--help"), "or [tool.coachcheck] in pyproject.toml"),
])
def test_bracketed_text_is_shown(wide, command, shown):
    result = wide(*command)
    assert result.exit_code == 0, result.output
    assert shown in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_paragraphs_fill_the_width(cli, command):
    """Typer's Rich help keeps a docstring's line breaks; each paragraph must be one line of help text,
    wrapped by Rich, or a narrow terminal shows half-empty lines."""
    result = cli(command, "--help")
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.stdout.splitlines()]
    body = lines[lines.index(next(line for line in lines if line.startswith("Usage:"))) + 1:]
    body = body[: next(i for i, line in enumerate(body) if line.startswith("╭"))]
    # every wrapped line but a paragraph's last reaches most of the 80 columns
    for line, after in pairwise(body):
        if line and after:
            assert len(line) > 60, body
