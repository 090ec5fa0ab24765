"""CSV transcripts: one row per utterance, columns found by header aliases.

Columns (names compared without case, spaces or punctuation, so `Start Time`, `start_time`
and `StartTime` are the same): speaker (speaker, Speaker Name, name, participant, ...),
start (start, start_time, Start Time, timestamp, start_ms, ...), end (end, end_time, ...,
optional) and text (text, Transcript, utterance, content, ...). Only the text column is
required; without a speaker column every row is "Unknown speaker" (with a warning).

Times are seconds, `HH:MM:SS(.mmm)` clocks, or milliseconds when the column name ends in
`ms`/`milliseconds` or the values are clearly milliseconds (whole numbers, and either over
a day's worth of seconds or at least 10 000 with a median gap between rows of 1 000 or
more; a warning says so). Unreadable time cells stay empty, with a warning.

The delimiter (`,`, `;`, tab or `|`) is the one that makes the header line yield the known
columns. Quoted multi-line text, embedded quotes and a BOM are handled; a blank speaker
cell continues the previous speaker; rows without text are skipped.
"""

from __future__ import annotations

import csv
import math
import re
from itertools import pairwise

from coachcheck.errors import InputError
from coachcheck.model import Transcript
from coachcheck.transcripts.merge import UNKNOWN_SPEAKER, Piece, merge_pieces, parse_clock

_ALIASES = {
    "speaker": ("speaker", "speakername", "speakerlabel", "speakerid", "name", "participant", "participantname",
                "displayname", "who", "person", "user", "username", "author"),
    "start": ("start", "starttime", "startms", "startmilliseconds", "startseconds", "startsec", "starts",
              "startoffset", "begin", "begintime", "beginms", "timestamp", "time", "timems", "offset", "from"),
    "end": ("end", "endtime", "endms", "endmilliseconds", "endseconds", "endsec", "stop", "stoptime",
            "finish", "to"),
    "text": ("text", "transcript", "transcription", "utterance", "utterancetext", "content", "sentence",
             "words", "message", "caption", "speech", "said", "body"),
}
_DELIMITERS = (",", ";", "\t", "|")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def _key(header: str) -> str:
    return re.sub(r"[\W_]+", "", header.lstrip("\ufeff").lower())


def _columns(fields: list[str]) -> dict[str, int]:
    """Role -> column index for the header fields (the first matching column wins)."""
    found: dict[str, int] = {}
    keys = [_key(f) for f in fields]
    for role, aliases in _ALIASES.items():
        for alias in aliases:
            if alias in keys and role not in found and keys.index(alias) not in found.values():
                found[role] = keys.index(alias)
                break
    return found


_EXCEL_SEP = re.compile(r"^sep=(.)\s*$")


def _header(text: str) -> tuple[int, str, list[str], dict[str, int]] | None:
    """The header line's index, delimiter, fields and column roles, when a delimiter fits."""
    lines = text.split("\n")
    index = next((i for i, line in enumerate(lines[:50]) if line.strip()), None)
    if index is None:
        return None
    delimiters = _DELIMITERS
    if (sep := _EXCEL_SEP.match(lines[index])) is not None:  # Excel's "sep=;" line names the delimiter
        index = next((i for i, line in enumerate(lines[index + 1:50], index + 1) if line.strip()), None)
        if index is None:
            return None
        delimiters = (sep[1],)
    best = None
    for delimiter in delimiters:
        try:
            fields = next(csv.reader([lines[index]], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        if len(fields) < 2 or any(len(f) > 60 for f in fields):
            continue
        cols = _columns(fields)
        if "text" in cols:
            score = (len(cols), len(fields))
            if best is None or score > best[0]:
                best = (score, delimiter, fields, cols)
    if best is None:
        return None
    return index, best[1], best[2], best[3]


def parse(text: str, source: str) -> Transcript:
    """Parse a CSV transcript.

    Args:
        text (str): the decoded file content.
        source (str): the path, for messages.

    RETURNS (Transcript): the turns; raises InputError without a text column or text rows.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    found = _header(text)
    if found is None:
        raise InputError(source, "no CSV header with a text column (expected a column named "
                                 "text, transcript, utterance or content)")
    index, delimiter, fields, cols = found
    lines = text.split("\n")
    reader = csv.reader((line + "\n" for line in lines[index + 1:]), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    consumed = 0
    try:
        for row in reader:
            rows.append((index + 2 + consumed, row))
            consumed = reader.line_num
    except csv.Error as exc:
        raise InputError(source, f"CSV error at line {index + 2 + consumed}: {exc}") from None
    warnings: list[str] = []
    starts = _times(rows, cols.get("start"), fields, warnings)
    ends = _times(rows, cols.get("end"), fields, warnings)
    if "speaker" not in cols:
        warnings.append(f"no speaker column; all rows are attributed to '{UNKNOWN_SPEAKER}'")
    longer = sum(1 for _, row in rows if len(row) > len(fields))
    text_last = cols["text"] == len(fields) - 1
    if longer:
        warnings.append(f"{longer} row(s) have more fields than the header (text with unquoted "
                        f"{_NAMES.get(delimiter, repr(delimiter))}s?); "
                        + ("the extra fields were read as part of the text" if text_last
                           else "their columns may be shifted"))
    pieces: list[Piece] = []
    speaker = UNKNOWN_SPEAKER
    for k, (number, row) in enumerate(rows):
        name = _cell(row, cols.get("speaker")).strip()
        if name:
            speaker = name
        # In a row longer than the header, the text's own unquoted delimiters split it.
        said = delimiter.join(row[cols["text"]:]) if text_last and len(row) > len(fields) else _cell(row, cols["text"])
        if said.strip():
            pieces.append(Piece(speaker, said, starts[k], ends[k], number))
    turns = merge_pieces(pieces)
    if not turns:
        raise InputError(source, "the CSV has a header but no rows with text")
    return Transcript(source=source, format="csv", turns=turns, warnings=tuple(warnings))


def looks_like(text: str) -> bool:
    """Whether the first line is a delimited header naming a text column and a speaker or start column."""
    found = _header(text.lstrip("\ufeff"))
    return found is not None and ("speaker" in found[3] or "start" in found[3])


_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def _cell(row: list[str], col: int | None) -> str:
    return row[col] if col is not None and col < len(row) else ""


def _times(rows: list[tuple[int, list[str]]], col: int | None, fields: list[str],
           warnings: list[str]) -> list[float | None]:
    """The column's times in seconds, one per row (None when empty or unreadable)."""
    if col is None:
        return [None] * len(rows)
    cells = [_cell(row, col).strip() for _, row in rows]
    numbers = [float(c) if _NUMBER.match(c) else None for c in cells]
    numbers = [n if n is not None and math.isfinite(n) and n >= 0 else None for n in numbers]
    clocks = [parse_clock(c) if n is None and c else None for c, n in zip(cells, numbers, strict=True)]
    header = _key(fields[col])
    if header.endswith(("ms", "milliseconds")):
        scale = 1000.0
    elif _clearly_ms([n for n in numbers if n is not None]):
        scale = 1000.0
        warnings.append(f"the numbers in column '{fields[col].strip()}' look like milliseconds and were read so")
    else:
        scale = 1.0
    out = [round(n / scale, 3) if n is not None else c for n, c in zip(numbers, clocks, strict=True)]
    bad = [rows[k][0] for k, (c, v) in enumerate(zip(cells, out, strict=True)) if c and v is None]
    if bad:
        warnings.append(f"unreadable time in column '{fields[col].strip()}' at line {bad[0]}"
                        + (f" and {len(bad) - 1} more" if len(bad) > 1 else "") + "; left empty")
    return out


def _clearly_ms(values: list[float]) -> bool:
    if not values or any(v != int(v) for v in values):
        return False
    top = max(values)
    if top > 86_400:
        return True
    gaps = sorted(b - a for a, b in pairwise(values) if b > a)
    return top >= 10_000 and bool(gaps) and gaps[len(gaps) // 2] >= 1_000
