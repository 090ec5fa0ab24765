"""Text from users (transcripts, file and speaker names, rule packs, config values) is printed as
written: square brackets in it are not read as Rich markup, which would drop "[laughs]" or
"[draft]" and fail outright on a stray closing tag such as "[/b]"."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def wide(cli, monkeypatch):
    """The `cli` runner on a terminal wide enough that no cell or help line wraps."""
    monkeypatch.setenv("COLUMNS", "250")
    return cli


def _call(tmp_path, folder: str, name: str):
    (tmp_path / folder).mkdir(exist_ok=True)
    path = tmp_path / folder / name
    shutil.copy(EXAMPLES / "coaching.txt", path)
    return path


def test_explain_prints_sentences_with_markup_like_text(wide):
    result = wide("explain", "What is getting in the way [/b] of it [laughs]?")
    assert result.exit_code == 0, result.output
    assert "[/b]" in result.stdout and "[laughs]" in result.stdout


def test_one_call_keeps_brackets_in_its_file_name(wide, tmp_path):
    result = wide("analyze", _call(tmp_path, "[Q3]", "call [draft].txt"))
    assert result.exit_code == 0, result.output
    assert "[Q3]/call [draft].txt" in result.stdout


def test_batch_summary_keeps_brackets_in_file_names_and_folder(wide, tmp_path):
    _call(tmp_path, "[Q3]", "call [draft].txt")
    _call(tmp_path, "[Q3]", "plain.txt")
    result = wide("analyze", tmp_path / "[Q3]")
    assert result.exit_code == 0, result.output
    assert "call [draft].txt" in result.stdout
    assert re.search(r"2 calls in \S*\[Q3\]", result.stdout)


def test_check_table_keeps_brackets_in_file_names(wide, tmp_path):
    result = wide("check", _call(tmp_path, "calls", "call [draft].txt"), "--format", "rich")
    assert "call [draft].txt" in result.stdout, result.output


def test_rules_list_prints_messages_with_brackets(wide, tmp_path):
    (tmp_path / "pack.yaml").write_text(
        "rules:\n"
        "  - id: training.bracket-message\n"
        "    category: training\n"
        "    weight: 1\n"
        "    message: Says [name] instead of the rep's name\n"
        "    tip: Use the rep's name.\n"
        "    match:\n"
        "      phrases: [\"zebra method\"]\n"
        "    examples:\n"
        "      match: [The zebra method has three steps.]\n"
        "      no_match: [Let's meet on Thursday.]\n", encoding="utf-8")
    result = wide("rules", "list", "--rules", tmp_path / "pack.yaml")
    assert result.exit_code == 0, result.output
    assert "Says [name] instead of the rep's name" in result.stdout


def test_config_table_prints_values_with_brackets(wide, tmp_path):
    (tmp_path / "team.yaml").write_text('coach: ["[west] Maya Chen"]\n', encoding="utf-8")
    result = wide("config", "--config", tmp_path / "team.yaml")
    assert result.exit_code == 0, result.output
    assert "[west] Maya Chen" in result.stdout
