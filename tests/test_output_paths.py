"""`--output` and `--write-baseline` that cannot take a file: a folder, or one of the transcripts
being analyzed. Each is a one-line error before any analysis, exit 2, and nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def calls(tmp_path) -> list[Path]:
    out = []
    for name in ("a.txt", "b.txt"):
        shutil.copy(EXAMPLES / "coaching.txt", tmp_path / name)
        out.append(tmp_path / name)
    return out


def _assert_refused(result, message: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [f"coachcheck: error: {message}"]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", [
    ("analyze", "{a}", "--format", "json"),
    ("analyze", "{a}", "{b}", "--format", "csv"),
    ("analyze", "{a}", "{b}", "--format", "jsonl"),
    ("check", "{a}"),
])
def test_a_folder_as_output_is_refused(cli, calls, tmp_path, args):
    folder = tmp_path / "out"
    folder.mkdir()
    a, b = calls
    result = cli(*(x.format(a=a, b=b) for x in args), "--output", folder)
    _assert_refused(result, f"{folder}: is a folder; --output takes a file name")
    assert list(folder.iterdir()) == []
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("args", [
    ("analyze", "{a}", "--format", "json"),
    ("analyze", "{a}", "{b}", "--format", "csv"),
    ("check", "{a}", "{b}"),
])
def test_an_input_as_output_is_refused_and_left_alone(cli, calls, args):
    a, b = calls
    before = a.read_bytes()
    result = cli(*(x.format(a=a, b=b) for x in args), "--output", a)
    _assert_refused(result, f"{a}: is one of the transcripts being analyzed; --output would overwrite it")
    assert a.read_bytes() == before


def test_an_input_named_another_way_is_still_an_input(cli, calls, monkeypatch):
    a, b = calls
    monkeypatch.chdir(a.parent)
    before = b.read_bytes()
    result = cli("analyze", "a.txt", "b.txt", "--format", "csv", "--output", f"./{b.name}")
    _assert_refused(result, f"{b.name}: is one of the transcripts being analyzed; --output would overwrite it")
    assert b.read_bytes() == before


def test_write_baseline_refuses_a_folder_and_an_input(cli, calls, tmp_path):
    a, _ = calls
    result = cli("check", a, "--write-baseline", tmp_path)
    _assert_refused(result, f"{tmp_path}: is a folder; --write-baseline takes a file name")
    before = a.read_bytes()
    result = cli("check", a, "--write-baseline", a)
    _assert_refused(result, f"{a}: is one of the transcripts being analyzed; --write-baseline would overwrite it")
    assert a.read_bytes() == before


def test_rules_new_refuses_a_folder(cli, tmp_path):
    result = cli("rules", "new", "training.example", "--output", tmp_path)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", [
    ("analyze", "{a}", "--format", "json"),
    ("analyze", "{a}", "{b}", "--format", "jsonl"),
    ("check", "{a}", "--format", "json"),
    ("rules", "new", "training.example"),
])
def test_a_dash_as_output_is_stdout(cli, calls, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    a, b = calls
    result = cli(*(x.format(a=a, b=b) for x in args), "--output", "-")
    assert result.exit_code in (0, 1), result.output  # check exits 1 when a call fails its thresholds
    assert result.stdout.strip(), "nothing on stdout"
    assert not (tmp_path / "-").exists()
