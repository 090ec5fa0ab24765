"""Shared fixtures: the rule pack and spaCy pipeline built once per session, a CLI runner, the report schema.

The CLI builds a new `Analyzer` (and `explain` a new rule pack and pipeline) on every invocation;
`cli` swaps in session caches keyed by everything that changes the result, so a CLI test costs milliseconds
instead of half a second. Failures (a bad --model, bad rules) are never cached, so they still
go through the real code.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coachcheck.model import (
    CallReport,
    Finding,
    Metrics,
    Options,
    Sentence,
    Turn,
    TurnResult,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CORE = Path(__file__).resolve().parent / "fixtures" / "core"

_ANALYZERS: dict[Options, object] = {}
_PIPELINES: dict[tuple, object] = {}
_PACKS: dict[tuple, object] = {}
_REAL: dict[str, Callable] = {}  # the unpatched Analyzer and build_nlp, captured before patching


@pytest.fixture(scope="session")
def analyzer():
    """An `engine.Analyzer` with default options (coach detected, shipped rules, blank English).

    It is the same object the `cli` fixture hands to `coachcheck analyze` for default options.
    """
    return _cached_analyzer(Options())


@pytest.fixture(scope="session")
def pack(analyzer):
    """The shipped rule pack."""
    return analyzer.pack


@pytest.fixture(scope="session")
def nlp(analyzer):
    """The blank-English analysis pipeline with the shipped rules."""
    return analyzer.nlp


@pytest.fixture(scope="session")
def report_schema() -> dict:
    """The report JSON Schema as shipped inside the package."""
    text = resources.files("coachcheck").joinpath("schemas", "report.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


@pytest.fixture(scope="session")
def validate_report(report_schema) -> Callable[[dict], None]:
    """A function that raises AssertionError listing every schema violation of a report dict."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(report_schema, format_checker=Draft202012Validator.FORMAT_CHECKER)

    def check(data: dict) -> None:
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])

    return check


def _cached_analyzer(options: Options):
    from coachcheck import engine

    real = _REAL.setdefault("Analyzer", engine.Analyzer)
    if options not in _ANALYZERS:
        built = _ANALYZERS[options] = real(options)
        _PIPELINES.setdefault(_pipeline_key(built.pack, options.model), built.nlp)  # explain reuses it
    return _ANALYZERS[options]


def _pipeline_key(pack, model) -> tuple:
    return (pack.sources, tuple((r.id, r.path, r.line) for r in pack.rules), model)


def _cached_build_nlp(pack, model=None):
    from coachcheck.nlp import pipeline

    real = _REAL.setdefault("build_nlp", pipeline.build_nlp)
    key = _pipeline_key(pack, model)
    if key not in _PIPELINES:
        _PIPELINES[key] = real(pack, model)
    return _PIPELINES[key]


def _cached_load_rules(*args, **kwargs):
    from coachcheck import rulepack

    real = _REAL.setdefault("load_rules", rulepack.load_rules)
    key = (args, tuple(sorted(kwargs.items())))
    if key not in _PACKS:
        _PACKS[key] = real(*args, **kwargs)
    return _PACKS[key]


@pytest.fixture
def cli(monkeypatch) -> Callable[..., object]:
    """Invoke `coachcheck ARGS...` in-process; returns click's Result (stdout, stderr, exit_code).

    Keyword `input` feeds stdin. Analyzers and pipelines are reused across tests.
    """
    from coachcheck import engine, rulepack
    from coachcheck.cli import app
    from coachcheck.nlp import pipeline

    _REAL.setdefault("Analyzer", engine.Analyzer)
    _REAL.setdefault("build_nlp", pipeline.build_nlp)
    _REAL.setdefault("load_rules", rulepack.load_rules)
    monkeypatch.setattr(engine, "Analyzer", _cached_analyzer)
    monkeypatch.setattr(pipeline, "build_nlp", _cached_build_nlp)
    monkeypatch.setattr(rulepack, "load_rules", _cached_load_rules)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("COLUMNS", raising=False)  # like a pipe or a CI log: Rich falls back to 80
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def write(tmp_path) -> Callable[[str, str | bytes], Path]:
    """Write a file under tmp_path (str as UTF-8, bytes as given) and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def user_error() -> Callable[..., str]:
    """A check that a CLI result is a clean user error about a file; returns the stderr line.

    Clean means: exit code 2, exactly one non-blank line on stderr naming the file, no traceback.
    """

    def check(result, path: str | Path, *words: str) -> str:
        assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
        assert "Traceback" not in result.output
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, f"expected one stderr line, got {lines!r}"
        assert str(path) in lines[0], f"{path} not named in {lines[0]!r}"
        for word in words:
            assert word in lines[0], f"{word!r} not in {lines[0]!r}"
        return lines[0]

    return check


def _sample_report() -> CallReport:
    """A small, internally consistent report built by hand: 3 coach turns (2 coaching, 1 managing),
    2 rep turns and a notetaker bot, with times on the coach turns."""
    t0 = Turn(0, "Dana Cole", "What would you like to try? Send me the deck.", 1.5, 6.0, 3)
    t2 = Turn(2, "Dana Cole", "You're behind on activity numbers.", 10.0, None, 5)
    t4 = Turn(4, "Dana Cole", "How do you feel about your quarter?", 75.0, None, 7)
    open_q = ("coaching.open-question", "coaching", 2.0, "Open question that invites the rep to think",
              "Keep asking one open question at a time.")
    f0 = Finding(*open_q, 0, 0, "What would you like to try?", 3, 1.5)
    f1 = Finding("managing.directive", "managing", 1.5, "Tells the rep what to do", "Ask what the rep plans instead.",
                 0, 1, "Send me the deck.", 3, 1.5)
    f2 = Finding("managing.targets", "managing", 2.0, "Pressure on targets", "Ask how the rep sees their number.",
                 2, 0, "You're behind on activity numbers.", 5, 10.0)
    f4 = Finding(*open_q, 4, 0, "How do you feel about your quarter?", 7, 75.0)
    turns = (
        TurnResult(t0, "coach", "coaching", (Sentence(0, 0, "What would you like to try?", "question", "open", ("WH",)),
                                             Sentence(0, 1, "Send me the deck.", "directive", None, ("IMPERATIVE",))),
                   (f0, f1)),
        TurnResult(Turn(1, "Lee Park", "A second meeting with Acme.", 6.5, None, 4), "rep", None,
                   (Sentence(1, 0, "A second meeting with Acme.", "statement"),)),
        TurnResult(t2, "coach", "managing", (Sentence(2, 0, t2.text, "statement"),), (f2,)),
        TurnResult(Turn(3, "Lee Park", "I know.", 12.0, None, 6), "rep", None,
                   (Sentence(3, 0, "I know.", "backchannel", None, ("BACKCHANNEL",)),)),
        TurnResult(t4, "coach", "coaching", (Sentence(4, 0, t4.text, "question", "open", ("WH",)),), (f4,)),
        TurnResult(Turn(5, "Notetaker Bot", "Recording stopped.", None, None, 8), "other", None,
                   (Sentence(5, 0, "Recording stopped.", "statement"),)),
    )
    metrics = Metrics({"Dana Cole": 0.667, "Lee Park": 0.242, "Notetaker Bot": 0.091}, 0.242, 3, 0.67, 1.0, 0.0,
                      0.5, 9, 4.5, 0)
    return CallReport(
        source="calls/dana-lee.txt", format="txt", coach=("Dana Cole",), coach_reason="named with --coach",
        reps=("Lee Park",), verdict="coaching", coaching_score=55.4,
        score_parts={"coaching_share": 0.667, "asking": 0.5, "rep_talk": 0.403, "open_questions": 1.0,
                     "reflections": 0.0},
        category_counts={"coaching": 2, "managing": 1, "training": 0, "mentoring": 0, "role_modeling": 0, "neutral": 0},
        category_shares={"coaching": 0.667, "managing": 0.333, "training": 0.0, "mentoring": 0.0, "role_modeling": 0.0},
        metrics=metrics, turns=turns, warnings=("not UTF-8; read as Windows-1252 (cp1252)",), tool_version="9.9.9",
        rule_pack="rules",
    )


@pytest.fixture
def sample_report() -> CallReport:
    """A hand-built report (see `_sample_report`): reporters and the model are tested without spaCy."""
    return _sample_report()
