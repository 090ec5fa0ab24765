"""Paths shared by the rule-pack tests (a plain module: `conftest` is ambiguous across test folders)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "rules"
BROKEN = FIXTURES / "broken"
SHIPPED = ROOT / "rules"
SCHEMA = ROOT / "src" / "coachcheck" / "schemas" / "rules.schema.json"
DOCS = ROOT / "docs" / "writing-rules.md"


def run_cli(*args):
    """Run `coachcheck ARGS...` in-process with NO_COLOR; returns click's Result (stdout and stderr apart)."""
    from coachcheck.cli import app

    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "200"})
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
