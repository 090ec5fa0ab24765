"""Finding the transcripts of a batch: folders, --include/--exclude, globs, missing paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachcheck.engine import discover


@pytest.fixture
def tree(tmp_path) -> Path:
    files = ["b.txt", "a.vtt", "notes.pdf", "a.labels.json", ".hidden.txt", "sub/c.srt", "sub/deeper/d.txt",
             ".git/e.txt", "archive/old.txt", "archive/2023/older.txt", "sub/skip-me.txt", "x.json"]
    for f in files:
        p = tmp_path / f
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("A: hi\nB: hello\n", encoding="utf-8")
    return tmp_path


def rel(files: list[str], root: Path) -> list[str]:
    return [str(Path(f).relative_to(root)) for f in files]


def test_discover_walks_folders_recursively_in_sorted_order(tree):
    files, missing = discover([str(tree)])
    assert rel(files, tree) == ["a.vtt", "archive/2023/older.txt", "archive/old.txt", "b.txt", "sub/c.srt",
                                "sub/deeper/d.txt", "sub/skip-me.txt", "x.json"]
    assert missing == []


def test_discover_skips_hidden_labels_and_unknown_suffixes(tree):
    files, _ = discover([str(tree)])
    names = {Path(f).name for f in files}
    assert not names & {"notes.pdf", "a.labels.json", ".hidden.txt", "e.txt"}


def test_discover_include_replaces_the_suffix_filter(tree):
    files, _ = discover([str(tree)], include=["*.txt"])
    assert rel(files, tree) == ["archive/2023/older.txt", "archive/old.txt", "b.txt", "sub/deeper/d.txt",
                                "sub/skip-me.txt"]
    files, _ = discover([str(tree)], include=["sub/*"])
    assert rel(files, tree) == ["sub/c.srt", "sub/deeper/d.txt", "sub/skip-me.txt"]


def test_discover_exclude_by_name_relative_path_and_folder(tree):
    files, _ = discover([str(tree)], exclude=["skip-*", "archive"])
    assert rel(files, tree) == ["a.vtt", "b.txt", "sub/c.srt", "sub/deeper/d.txt", "x.json"]
    files, _ = discover([str(tree)], exclude=["sub/deeper/*", "archive/2023"])
    assert rel(files, tree) == ["a.vtt", "archive/old.txt", "b.txt", "sub/c.srt", "sub/skip-me.txt", "x.json"]


def test_discover_include_and_exclude_together(tree):
    files, _ = discover([str(tree)], include=["*.txt"], exclude=["archive"])
    assert rel(files, tree) == ["b.txt", "sub/deeper/d.txt", "sub/skip-me.txt"]


def test_discover_takes_named_files_as_given_and_keeps_argument_order(tree):
    files, _ = discover([str(tree / "b.txt"), str(tree / "notes.pdf"), str(tree / "a.vtt")])
    assert rel(files, tree) == ["b.txt", "notes.pdf", "a.vtt"]


def test_discover_expands_globs(tree):
    files, missing = discover([str(tree / "**" / "*.txt")])
    assert rel(files, tree) == ["archive/2023/older.txt", "archive/old.txt", "b.txt", "sub/deeper/d.txt",
                                "sub/skip-me.txt"]
    assert missing == []


def test_discover_removes_duplicates(tree):
    files, _ = discover([str(tree / "b.txt"), str(tree), str(tree / "b.txt")])
    assert rel(files, tree).count("b.txt") == 1
    assert rel(files, tree)[0] == "b.txt"


def test_discover_reports_missing_paths_and_empty_globs(tree):
    files, missing = discover([str(tree / "nope.txt"), str(tree / "*.docx"), str(tree / "b.txt")])
    assert rel(files, tree) == ["b.txt"]
    assert [m.source for m in missing] == [str(tree / "nope.txt"), str(tree / "*.docx")]
    assert "no such file or folder" in missing[0].error and str(tree / "nope.txt") in missing[0].error
    assert "no files match" in missing[1].error
