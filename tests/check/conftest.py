"""Fixtures for the check and config tests: one Analyzer per rule setup for the session, an isolated work folder.

`engine.analyze_paths` builds a new Analyzer for every CLI run (about five seconds with spaCy);
`run_check` swaps in a cache keyed by what changes the pipeline, so a CLI run costs milliseconds.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coachcheck.model import Options

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "check"
CALLS = FIXTURES / "calls"

_PIPELINES: dict[tuple, object] = {}
_REAL: dict[str, type] = {}


def cached_analyzer(options: Options):
    """An Analyzer for these options, sharing the rule pack and pipeline with earlier ones."""
    from coachcheck import engine

    real = _REAL.setdefault("Analyzer", engine.Analyzer)
    key = (options.rule_dirs, options.disabled_rules, options.weights, options.model)
    if key not in _PIPELINES:
        _PIPELINES[key] = real(options)
    clone = copy.copy(_PIPELINES[key])
    clone.options = options  # coaches and roster are read per call, the pipeline is shared
    return clone


@pytest.fixture(scope="session")
def check_analyzer():
    """An Analyzer with default options."""
    return cached_analyzer(Options())


@pytest.fixture(scope="session")
def reports(check_analyzer) -> dict[str, object]:
    """The fixture calls analyzed once: name (coaching, managing, timed) -> CallReport."""
    return {p.stem: check_analyzer.analyze_file(str(p)) for p in sorted(CALLS.iterdir())}


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """A fresh current folder with the fixture calls in `calls/`; its `.git` stops the config search."""
    (tmp_path / ".git").mkdir()
    shutil.copytree(CALLS, tmp_path / "calls")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def run_check(monkeypatch, workdir) -> Callable[..., object]:
    """Invoke `coachcheck ARGS...` in-process in `workdir`; returns click's Result (stdout, stderr, exit_code)."""
    from coachcheck import engine
    from coachcheck.cli import app

    _REAL.setdefault("Analyzer", engine.Analyzer)
    monkeypatch.setattr(engine, "Analyzer", cached_analyzer)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)
    runner = CliRunner()

    def invoke(*args: str | Path):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return invoke
