"""The shipped examples are the target: each gets the verdict it was written for, and its coach is
found without --coach. File name = verdict; `<name>.labels.json` names the coach."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

VERDICTS = ("coaching", "managing", "training", "mentoring", "role_modeling", "mixed")
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.txt"))


def test_there_is_an_example_for_every_verdict():
    assert sorted(p.stem for p in EXAMPLE_FILES) == sorted(VERDICTS)
    for p in EXAMPLE_FILES:
        assert p.with_suffix(".labels.json").is_file(), p


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_example_verdict_and_coach(cli, path):
    result = cli("analyze", path, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    labels = json.loads(path.with_suffix(".labels.json").read_text(encoding="utf-8"))
    assert labels["verdict"] == path.stem  # the example says what it was written for
    assert report["coach"] == [labels["coach"]], report["coach_reason"]
    assert set(report["reps"]) == set(labels["reps"])
    assert report["verdict"] == path.stem, (
        f"{path.name}: verdict {report['verdict']} (counts {report['category_counts']}), want {path.stem}")


def test_the_readme_shows_the_real_output_of_the_coaching_example(monkeypatch, cli):
    """The README's "Example output" is what `coachcheck analyze examples/coaching.txt` prints today."""
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("```\n╭─ coachcheck · examples/coaching.txt") + 4
    shown = readme[start : readme.index("```", start)].splitlines()
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.chdir(EXAMPLES.parent)
    result = cli("analyze", "examples/coaching.txt")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[: len(shown)] == shown
