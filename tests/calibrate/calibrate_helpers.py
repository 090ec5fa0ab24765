"""Paths and a CLI runner shared by the calibration tests (a plain module: `conftest` is ambiguous)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "calibrate"
CALLS = FIXTURES / "calls"
MADE_UP_RULES = FIXTURES / "rules"
LABELS_DOC = ROOT / "docs" / "labels-format.md"


def run_cli(*args):
    """Run `coachcheck ARGS...` in-process with NO_COLOR; returns click's Result (stdout and stderr apart)."""
    from coachcheck.cli import app

    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "200"})
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def only_made_up_rules() -> list[str]:
    """CLI options that switch every shipped rule off and load the made-up-word pack instead,
    so predictions depend only on the fixtures, not on the tuning of the shipped rules."""
    from coachcheck.rulepack import load_rules

    args = ["--rules", str(MADE_UP_RULES)]
    for rule in load_rules().rules:
        args += ["--disable", rule.id]
    return args
