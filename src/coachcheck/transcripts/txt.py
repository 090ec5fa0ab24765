"""Plain-text transcripts: `Name: text` lines, optional timestamps, and Otter's header layout.

Accepted line forms (timestamps optional):
    Name: text                 [00:01:02] Name: text      [01:02] Name: text
    Name (00:01): text         00:01:02 Name: text        **Name:** text
    Name  0:01                 (Otter or Teams header: two or more spaces, text on the next lines)
    0:15                       (Otter with speaker names off: a bare time after a blank line)
Lines without a label continue the previous turn; text before the first label is skipped.
A word before a colon is a speaker only when it looks like a name: not "Note:", "Agenda:",
"https:" or "3:30". A bare time on its own line followed by a labelled line gives that
line's start (Meet-style timecodes); followed by plain text it is an Otter header without a
name, and the text is attributed to "Unknown speaker". Otter's "Transcribed by
https://otter.ai" footer and Teams' "Name started/stopped transcription" lines are not speech.
"""

from __future__ import annotations

import re
from functools import lru_cache

from coachcheck.errors import InputError
from coachcheck.model import Transcript
from coachcheck.transcripts.merge import UNKNOWN_SPEAKER, Piece, merge_pieces, parse_clock

_TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_NAME = r"[^\W\d_][\w.'’\-|@()&/ ]{0,59}?(?:\s?\[[^\[\]]{1,40}\])?"  # "Sam (he/him)", "Maya Chen [External]"
_LABELLED = re.compile(
    rf"^\s*(?:[\[(]?(?P<ts1>{_TS})[\])]?\s+)?"       # [00:01:02] or 00:01:02 before the name
    rf"(?:\*\*)?(?P<name>{_NAME})(?:\*\*)?"
    rf"(?:\s*[\[(](?P<ts2>{_TS})[\])])?"             # Name (00:01)
    r"\s*(?:\*\*)?[:：](?:\*\*)?(?P<text>(?:\s.*)?)$"  # noqa: RUF001
)
_OTTER_HEADER = re.compile(rf"^\s*(?P<name>\S.*?)(?:\s{{2,}}|\t)(?P<ts>{_TS})\s*$")
_OTTER_FOOTER = re.compile(r"^\s*transcribed by\s+\S*otter\.ai\s*$", re.IGNORECASE)
_BARE_TS = re.compile(rf"^\s*[\[(]?(?P<ts>{_TS})[\])]?\s*$")
_TRANSCRIPTION_EVENT = re.compile(r"^\s*\S.{0,80}\s(?:started|stopped) transcription\s*$", re.IGNORECASE)
_CASE_TWINS = ("\u017f", "\u0131", "\u0130")  # long s, dotless i, dotted capital I
"""Letters the footer and event regexes, ignoring case, read as "s" or "i" but `str.lower()` does not
turn into them: a file holding one gets the line-by-line check whatever `lower()` shows."""
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
"""Zero-width characters (and a byte order mark where files were joined) that can sit before a label."""
_SPEAKER_ID = re.compile(r"^(?:speaker|spk|spkr)[ _-]?\d+$|^[A-Z]$", re.IGNORECASE)

# Words that end in a colon in prose and notes, never speakers.
_NOT_NAMES = frozenset("""
note notes agenda summary subject re fwd fw ps p.s todo to-do update updates example examples tip tips
step warning question answer topic date time attendees transcript title location result results outcome
goal goals honestly well also okay ok so yes no yeah reminder fyi important action actions next
bottom line http https mailto ftp www edit edited source reference ref caveat update status
follow-up followup recap context background problem solution idea ideas option options note-to-self
""".split())  # noqa: SIM905
_MAX_NAME_WORDS = 5


def parse(text: str, source: str) -> Transcript:
    """Parse a plain-text transcript.

    Args:
        text (str): the decoded file content.
        source (str): the path, for messages.

    RETURNS (Transcript): the turns; raises InputError when there are no speaker labels.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    if any(c in text for c in _INVISIBLE):
        lines = [line.lstrip(_INVISIBLE) for line in lines]
    candidates = [_label(line) for line in lines]
    # Lowercase labels ("client:") count only when the same label recurs, so prose like
    # "the thing is: ..." is not mistaken for a speaker.
    counts: dict[str, int] = {}
    for c in candidates:
        if c:
            counts[c[0].lower()] = counts.get(c[0].lower(), 0) + 1
    pieces: list[Piece] = []
    pending: float | None = None
    # Only a file that mentions them can hold a footer or a transcription event (checked line by line).
    lowered = text.lower()
    not_speech = "otter.ai" in lowered or "transcription" in lowered or any(twin in text for twin in _CASE_TWINS)
    for number, (line, cand) in enumerate(zip(lines, candidates, strict=True), start=1):
        if not_speech and (_OTTER_FOOTER.match(line) or _TRANSCRIPTION_EVENT.match(line)):
            continue
        if cand and (_is_name(cand[0]) or (counts[cand[0].lower()] >= 3 and cand[0].lower() not in _NOT_NAMES)):
            name, start, said = cand
            pieces.append(Piece(name, said, start if start is not None else pending, None, number))
            pending = None
            continue
        header = _OTTER_HEADER.match(line)
        if header and name_like(header["name"]):
            pieces.append(Piece(header["name"].strip(), "", parse_clock(header["ts"]), None, number))
            pending = None
            continue
        bare = _BARE_TS.match(line)
        if bare:
            following = _next_text_line(lines, number)
            if following is not None and candidates[following] and name_like(candidates[following][0]):
                pending = parse_clock(bare["ts"])
                continue
            # Text right below a bare time that follows a blank line: an Otter header with names off.
            if following == number and (number == 1 or not lines[number - 2].strip()):
                pieces.append(Piece(UNKNOWN_SPEAKER, "", parse_clock(bare["ts"]), None, number))
                pending = None
                continue
        if line.strip() and pieces:
            pieces[-1].text = f"{pieces[-1].text} {line.strip()}"
    turns = merge_pieces(pieces)
    if not turns:
        raise InputError(source, "no speaker labels found (expected lines like 'Name: text')")
    return Transcript(source=source, format="txt", turns=turns)


def looks_like(text: str) -> bool:
    """Whether some of the first lines carry a speaker label or an Otter header."""
    hits = 0
    for line in text.split("\n")[:200]:
        cand = _label(line)
        if (cand and name_like(cand[0])) or _OTTER_HEADER.match(line):
            hits += 1
            if hits >= 2:
                return True
    return False


def _label(line: str) -> tuple[str, float | None, str] | None:
    m = _LABELLED.match(line)
    if not m:
        return None
    name = m["name"].strip().strip("*").strip()
    said = m["text"].strip()
    if said.startswith("//"):  # https://...
        return None
    ts = m["ts1"] or m["ts2"]
    return name, (parse_clock(ts) if ts else None), said


def _next_text_line(lines: list[str], number: int) -> int | None:
    """The 0-based index of the first non-blank line after 1-based line `number`, if any."""
    for i in range(number, len(lines)):
        if lines[i].strip():
            return i
    return None


def name_like(name: str) -> bool:
    """Whether a label looks like a speaker: a few capitalised words, an all-caps name, or an id like SPEAKER_00.

    Args:
        name (str): the text before a colon (or in a header).

    RETURNS (bool): False for prose labels such as "Note", "Agenda", "https" or "3:30".
    """
    words = name.replace("(", " ").replace(")", " ").split()
    if not words or len(words) > _MAX_NAME_WORDS:
        return False
    if name.strip().lower() in _NOT_NAMES or (words[0].lower() in _NOT_NAMES and len(words) <= 2):
        return False
    if _SPEAKER_ID.match(name.strip()):
        return True
    first = words[0][:1]
    # Scripts without case (CJK, Arabic, Hebrew...) have no capital to look for.
    return first.isupper() or (first.isalpha() and first.lower() == first.upper())


_is_name = lru_cache(maxsize=4096)(name_like)
"""`name_like`, remembered: a call names its few speakers on every line."""
