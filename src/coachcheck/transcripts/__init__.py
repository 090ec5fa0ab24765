"""Loading transcripts: read bytes, decode, detect the format, parse into a Transcript.

Each format module has `parse(text, source) -> Transcript` and `looks_like(text) -> bool`;
`FORMATS` lists them in detection order (most specific first, plain text last). Detection
is by content; the file extension only breaks ties between formats that both match.
A .docx (a ZIP archive) is recognised by its bytes and never decoded as text.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from coachcheck.errors import InputError
from coachcheck.model import Transcript
from coachcheck.transcripts import csvfile, docxfile, jsonfile, meet, sbv, srt, txt, vtt
from coachcheck.transcripts.decode import decode

FORMATS: dict[str, ModuleType] = {
    "json": jsonfile,
    "vtt": vtt,
    "sbv": sbv,
    "srt": srt,
    "meet": meet,
    "csv": csvfile,
    "docx": docxfile,
    "txt": txt,
}
"""Format name -> parser module, in detection order."""

_BY_EXTENSION = {".vtt": "vtt", ".srt": "srt", ".sbv": "sbv", ".csv": "csv", ".tsv": "csv", ".json": "json"}

MAX_BYTES = 50 * 1024 * 1024


def load_transcript(path: str | Path, input_format: str | None = None) -> Transcript:
    """Read a transcript file of any supported format.

    Args:
        path (str | Path): the file.
        input_format (str | None): a key of FORMATS to skip detection.

    RETURNS (Transcript): the parsed call; raises InputError for anything unreadable.
    """
    source = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(source, "is a folder, not a transcript file")
        if p.stat().st_size > MAX_BYTES:
            raise InputError(source, f"is larger than {MAX_BYTES // (1024 * 1024)} MB")
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except PermissionError:
        raise InputError(source, "permission denied") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc})") from None
    return parse_bytes(data, source, input_format)


def parse_bytes(data: bytes, source: str, input_format: str | None = None) -> Transcript:
    """Decode and parse transcript content (see load_transcript)."""
    if input_format is not None and input_format not in FORMATS:
        raise InputError(source, f"unknown input format {input_format!r} (choose from {', '.join(FORMATS)})")
    if not data.strip():
        raise InputError(source, "is empty")
    if data.startswith(docxfile.ZIP_MAGIC):
        if input_format not in (None, "docx"):
            raise InputError(source, f"is a ZIP archive (a .docx?), not {input_format} text")
        return docxfile.parse_docx(data, source)
    if input_format == "docx":
        raise InputError(source, "is not a .docx file (not a ZIP archive)")
    text, warnings = decode(data, source)
    if not text.strip():
        raise InputError(source, "is empty")
    fmt = input_format or detect(text, source)
    transcript = FORMATS[fmt].parse(text, source)
    if warnings:
        transcript = Transcript(transcript.source, transcript.format, transcript.turns,
                                tuple(warnings) + transcript.warnings)
    return transcript


def detect(text: str, source: str) -> str:
    """The name of the first format whose `looks_like` accepts the text; plain text otherwise.

    When several formats accept it, the one the file extension names wins.
    """
    matches = [name for name, module in FORMATS.items() if name != "txt" and module.looks_like(text)]
    if not matches:
        return "txt"
    preferred = _BY_EXTENSION.get(Path(source).suffix.lower())
    return preferred if preferred in matches else matches[0]
