"""Fixtures for batch runs: a CLI runner, and a folder of calls whose verdicts are known.

`run` invokes the CLI in-process with one `Analyzer` per set of options for the whole session
(building the pipeline costs more than analyzing these calls); runs with `--jobs 2` still spawn
real worker processes, which build their own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from batch_helpers import COACHING, MANAGING, MANAGING_2
from typer.testing import CliRunner

_ANALYZERS: dict = {}


@pytest.fixture
def run(monkeypatch) -> Callable[..., object]:
    """Invoke `coachcheck ARGS...` in-process; returns click's Result (stdout, stderr, exit_code)."""
    from coachcheck import engine
    from coachcheck.cli import app

    real = engine.Analyzer

    def cached(options):
        if options not in _ANALYZERS:
            _ANALYZERS[options] = real(options)
        return _ANALYZERS[options]

    monkeypatch.setattr(engine, "Analyzer", cached)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("COLUMNS", raising=False)
    runner = CliRunner()

    def invoke(*args: object):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture
def team(tmp_path) -> Path:
    """A folder of three calls with known verdicts: Maya coaches once and manages once, Ravi manages."""
    root = tmp_path / "calls"
    (root / "maya").mkdir(parents=True)
    (root / "ravi").mkdir()
    (root / "maya" / "a-coaching.txt").write_text(COACHING, encoding="utf-8")
    (root / "maya" / "b-managing.txt").write_text(MANAGING, encoding="utf-8")
    (root / "ravi" / "c-managing.txt").write_text(MANAGING_2, encoding="utf-8")
    return root
