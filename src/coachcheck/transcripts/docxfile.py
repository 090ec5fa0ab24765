"""Word .docx transcripts (Microsoft Teams and Google Meet exports), via the optional python-docx.

`parse_docx` reads the paragraphs (a `<w:br/>` inside a paragraph becomes a new line, as
Teams puts a turn's header and speech in one paragraph) and table rows, then `parse` picks
the layout of the resulting lines:
  * Google Meet (header, Attendees, timecodes): the Meet parser;
  * legacy Teams: `0:0:5.100 --> 0:0:8.250`, then the speaker's name, then the speech;
  * current Teams (`Name   0:04` header then speech, title and date lines first,
    `X started/stopped transcription` not speech) and anything else: the plain-text parser.
A .docx has no lines, so `Turn.line` is 0. Without python-docx installed, reading a .docx is
an InputError that says how to install the extra.
"""

from __future__ import annotations

import io
import re
from typing import Any

from coachcheck.errors import InputError
from coachcheck.model import Transcript, Turn
from coachcheck.transcripts import meet, txt
from coachcheck.transcripts._cues import arrow_timing, cue_parts, split_cues
from coachcheck.transcripts.merge import UNKNOWN_SPEAKER, Piece, merge_pieces

ZIP_MAGIC = b"PK\x03\x04"
MAX_UNZIPPED = 200 * 1024 * 1024
_CLOCKISH = re.compile(r"^\s*\[?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\]?\s*$")


def parse_docx(data: bytes, source: str) -> Transcript:
    """Read a .docx file's text and parse it (see `parse`).

    Args:
        data (bytes): the file content (a ZIP archive).
        source (str): the path, for messages.

    RETURNS (Transcript): the turns; raises InputError for damaged files or a missing extra.
    """
    import zipfile  # here, not at the top: it is slow to import and only .docx needs it

    try:
        import docx
    except ImportError:
        raise InputError(source, "reading .docx needs the docx extra: pip install 'coachcheck[docx]'") from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise InputError(source, "is not a readable .docx file (damaged ZIP archive)") from None
    if "word/document.xml" not in names:
        raise InputError(source, "is a ZIP archive but not a Word .docx document")
    if unzipped > MAX_UNZIPPED:
        raise InputError(source, f"unpacks to more than {MAX_UNZIPPED // (1024 * 1024)} MB")
    try:
        document = docx.Document(io.BytesIO(data))
        lines = _document_lines(document)
    # python-docx and lxml raise many kinds of errors on damaged files; all mean the same to a user.
    except Exception as exc:
        raise InputError(source, f"is not a readable .docx file ({type(exc).__name__})") from None
    return parse("\n".join(lines), source)


def _document_lines(document: Any) -> list[str]:
    """The text lines of the body, paragraphs and table rows in document order."""
    from docx.table import Table

    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = list(dict.fromkeys(c.text.strip() for c in row.cells))
                lines.append(_row_line([c for c in cells if c]))
        else:
            lines.extend(block.text.split("\n"))
    return lines


def _row_line(cells: list[str]) -> str:
    """A table row as a transcript line: `[time] Name: text`, `Name: text`, or the cells."""
    if len(cells) == 3 and _CLOCKISH.match(cells[0]):
        return f"[{cells[0].strip('[] ')}] {cells[1]}: {cells[2]}"
    if len(cells) == 3 and _CLOCKISH.match(cells[1]):
        return f"[{cells[1].strip('[] ')}] {cells[0]}: {cells[2]}"
    if len(cells) == 2 and txt.name_like(cells[0]) and "\n" not in cells[0]:
        return f"{cells[0]}: {cells[1]}"
    return "\n".join(cells)


def parse(text: str, source: str) -> Transcript:
    """Parse the text lines of a .docx transcript (Teams, legacy Teams or Meet layout).

    Args:
        text (str): the document's lines joined by newlines.
        source (str): the path, for messages.

    RETURNS (Transcript): the turns, with format "docx" and line 0.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if meet.looks_like(text):
        found = meet.parse(text, source)
    elif any(arrow_timing(line) for line in lines):
        found = _legacy_teams(lines, source)
    else:
        found = txt.parse(text, source)
    turns = tuple(Turn(t.index, t.speaker, t.text, t.start, t.end, 0) for t in found.turns)
    return Transcript(source=source, format="docx", turns=turns, warnings=found.warnings)


def looks_like(text: str) -> bool:
    """Always False: a .docx is recognised by its bytes (a ZIP archive), not its text."""
    return False


def _legacy_teams(lines: list[str], source: str) -> Transcript:
    """`0:0:5.100 --> 0:0:8.250`, then the name on its own line, then the speech."""
    cues, warnings, _ = split_cues(lines, arrow_timing, webvtt=False)
    pieces: list[Piece] = []
    for cue in cues:
        payload = [raw.strip() for _, raw in cue.lines if raw.strip()]
        if len(payload) >= 2 and ":" not in payload[0] and txt.name_like(payload[0]):
            pieces.append(Piece(payload[0], " ".join(payload[1:]), cue.start, cue.end))
            continue
        for part in cue_parts(cue, unescape=False):
            pieces.append(Piece(part.label or UNKNOWN_SPEAKER, " ".join(part.text), cue.start, cue.end))
    turns = merge_pieces(pieces)
    if not turns:
        raise InputError(source, "the .docx has timing lines but no speech")
    return Transcript(source=source, format="docx", turns=turns, warnings=tuple(warnings))
