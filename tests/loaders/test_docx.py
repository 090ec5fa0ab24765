"""Word .docx exports (FORMATS.md §2, §3), built here with python-docx; skipped without it."""

from __future__ import annotations

import io
import sys
import zipfile

import pytest
from loader_helpers import rows

from coachcheck.errors import InputError
from coachcheck.transcripts import load_transcript, parse_bytes

docx = pytest.importorskip("docx")


def build(paragraphs: list[list[str]], table: list[list[str]] | None = None) -> bytes:
    """A .docx whose paragraphs hold the given lines joined by <w:br/>, as Teams writes them."""
    document = docx.Document()
    for lines in paragraphs:
        paragraph = document.add_paragraph()
        for k, line in enumerate(lines):
            run = paragraph.add_run(line)
            if k < len(lines) - 1:
                run.add_break()
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, values in enumerate(table):
            for c, value in enumerate(values):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


TEAMS = [
    ["Pipeline review-20250312_140105-Meeting Recording"],
    ["12 March 2025, 02:01pm"],
    ["Maya Chen started transcription"],
    ["Maya Chen   0:04", "How many deals are in commit for this quarter?"],
    ["Leo Park   0:09", "Four. Northwind is the largest.", "About forty percent of the number."],
    ["Maya Chen   1:02:03", "Thanks."],
    ["Maya Chen stopped transcription"],
]


def test_teams_layout():
    t = parse_bytes(build(TEAMS), "call.docx")
    assert t.format == "docx"
    assert rows(t) == [
        ("Maya Chen", "How many deals are in commit for this quarter?", 4.0, None),
        ("Leo Park", "Four. Northwind is the largest. About forty percent of the number.", 9.0, None),
        ("Maya Chen", "Thanks.", 3723.0, None),
    ]
    assert all(turn.line == 0 for turn in t.turns)


def test_meet_layout_skips_header_and_gemini_notes():
    paragraphs = [[x] for x in [
        "📝 Notes", "Summary", "Maya Chen and Leo Park reviewed Northwind.", "📖 Transcript",
        "Pipeline review - 2025/03/12 14:00 GMT - Transcript", "Attendees", "Leo Park, Maya Chen", "Transcript",
        "This editable transcript was computer generated and might contain errors.", "00:00:00",
        "Maya Chen: Let's go deal by deal.", "Leo Park: Northwind first.", "Transcription ended after 00:01:00",
    ]]
    t = parse_bytes(build(paragraphs), "meet.docx")
    assert rows(t) == [("Maya Chen", "Let's go deal by deal.", 0.0, None), ("Leo Park", "Northwind first.", None, None)]


def test_legacy_teams_layout():
    paragraphs = [["0:0:5.100 --> 0:0:8.250", "Maya Chen", "How many deals are in commit?"],
                  ["0:0:8.500 --> 0:0:10.000", "Leo Park", "Four."]]
    assert rows(parse_bytes(build(paragraphs), "old.docx")) == [
        ("Maya Chen", "How many deals are in commit?", 5.1, 8.25), ("Leo Park", "Four.", 8.5, 10.0)]


def test_table_layout():
    table = [["0:04", "Maya Chen", "How many deals?"], ["0:09", "Leo Park", "Four."]]
    assert rows(parse_bytes(build([["Call notes"]], table), "t.docx")) == [
        ("Maya Chen", "How many deals?", 4.0, None), ("Leo Park", "Four.", 9.0, None)]


def test_load_transcript_detects_docx_by_bytes_not_name(tmp_path):
    path = tmp_path / "call.txt"
    path.write_bytes(build(TEAMS))
    assert load_transcript(path).format == "docx"


def test_missing_extra_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "docx", None)  # makes `import docx` raise ImportError
    with pytest.raises(InputError, match=r"reading \.docx needs the docx extra: pip install 'coachcheck\[docx\]'"):
        parse_bytes(build(TEAMS), "call.docx")


def test_damaged_and_foreign_zip_files():
    with pytest.raises(InputError, match="damaged"):
        parse_bytes(b"PK\x03\x04" + b"\x00garbage" * 20, "x.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "Maya: hi")
    with pytest.raises(InputError, match=r"not a Word \.docx"):
        parse_bytes(buffer.getvalue(), "x.docx")
    data = build(TEAMS)
    with pytest.raises(InputError, match=r"not a readable \.docx"):
        parse_bytes(data[: len(data) // 2], "x.docx")


def test_forced_formats_and_zip_bytes_disagree():
    with pytest.raises(InputError, match=r"not a \.docx file"):
        parse_bytes(b"Maya: hi\nLeo: hello\n", "x.txt", "docx")
    with pytest.raises(InputError, match="ZIP archive"):
        parse_bytes(build(TEAMS), "x.docx", "txt")


def test_docx_without_speech_is_refused():
    with pytest.raises(InputError, match="no speaker labels"):
        parse_bytes(build([["Pipeline review"], ["Nothing was said."]]), "x.docx")
