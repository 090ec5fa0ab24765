"""Google Meet transcripts (the Google Doc saved as .txt, or read from its .docx export).

Layout: a header `<title> - YYYY/MM/DD HH:MM TZ - Transcript`, an `Attendees` heading and a
comma-separated list, a `Transcript` heading, the boilerplate "This editable transcript was
computer generated...", then one `Name: text` paragraph per turn with bare `HH:MM:SS` lines
before runs of turns, and the trailer `Transcription ended after HH:MM:SS`.

What is speech: only `Name: text` lines (and lines continuing them) in the transcript body.
The body starts at the first bare timecode or the boilerplate when there is one, so the
title and attendee list are never read as turns; the trailer ends it. "Notes by Gemini"
sections (`📝 Notes` ... up to `📖 Transcript` or the next header) are AI summary, not speech,
and are skipped. A label counts when it looks like a name or is one of the attendees;
`**Name:**` (Markdown copies) works too. A timecode gives the start of the turn after it;
other turns have no start (times are not interpolated). Empty `Name:` lines are dropped.
Only the English boilerplate and headings are recognised.
"""

from __future__ import annotations

import re

from coachcheck.errors import InputError
from coachcheck.model import Transcript
from coachcheck.transcripts.merge import Piece, merge_pieces, parse_clock
from coachcheck.transcripts.txt import name_like

_HEADER = re.compile(r"^.{0,300}? - \d{4}/\d{1,2}/\d{1,2}\b.{0,60} - Transcript\s*$")
_TIMECODE = re.compile(r"^\s*(?P<ts>\d{1,2}:\d{2}:\d{2})\s*$")
_ENDED = re.compile(r"^\s*Transcription ended after\s+\d{1,2}:\d{2}:\d{2}\s*$", re.IGNORECASE)
_BOILERPLATE = re.compile(r"^\s*This editable transcript was computer generated", re.IGNORECASE)
_ATTENDEES = re.compile(r"^\s*(?:👥\s*)?Attendees\s*:?\s*$", re.IGNORECASE)
_TRANSCRIPT_HEADING = re.compile(r"^\s*(?:📖\s*)?Transcript\s*$", re.IGNORECASE)
_NOTES_HEADING = re.compile(r"^\s*(?:📝\s*Notes|Notes by Gemini)\s*$", re.IGNORECASE)
_LABEL = re.compile(r"^\s*(?:\*\*)?(?P<name>[^:：*]{1,80}?)(?:\*\*)?\s*[:：](?:\*\*)?(?:\s+(?P<text>.*))?$")  # noqa: RUF001


def parse(text: str, source: str) -> Transcript:
    """Parse a Google Meet transcript.

    Args:
        text (str): the decoded file content (or the paragraphs of the .docx export).
        source (str): the path, for messages.

    RETURNS (Transcript): the turns; raises InputError when there are no `Name: text` lines.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    attendees = _attendees(lines)
    explicit_body = any(_TIMECODE.match(x) or _BOILERPLATE.match(x) for x in lines)
    pieces: list[Piece] = []
    state = "preamble"
    pending: float | None = None
    expect_attendees = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if _NOTES_HEADING.match(line):
            state = "notes"
        elif _HEADER.match(line) or _TRANSCRIPT_HEADING.match(line):
            state = "preamble"
        elif state in ("notes", "ended"):
            continue
        elif _ATTENDEES.match(line):
            expect_attendees = True
        elif expect_attendees:
            expect_attendees = False
        elif _BOILERPLATE.match(line):
            state = "body"
        elif m := _TIMECODE.match(line):
            state, pending = "body", parse_clock(m["ts"])
        elif _ENDED.match(line):
            state = "ended"
        elif (label := _label(line, attendees)) and (state == "body" or not explicit_body):
            state = "body"
            pieces.append(Piece(label[0], label[1], pending, None, number))
            pending = None
        elif state == "body" and pieces:
            pieces[-1].text = f"{pieces[-1].text} {stripped}"
    turns = merge_pieces(pieces)
    if not turns:
        raise InputError(source, "no 'Name: text' lines found in the Google Meet transcript")
    return Transcript(source=source, format="meet", turns=turns)


def looks_like(text: str) -> bool:
    """A Meet header line, an Attendees heading with timecodes, or the Meet boilerplate/trailer.

    Ordinary `Name: text` files have none of these, so they stay plain text.
    """
    lines = [x for x in text.lstrip("\ufeff").split("\n", 2000)[:2000] if x.strip()]
    head = lines[:60]
    if any(_HEADER.match(x) for x in head[:5]) or any(_BOILERPLATE.match(x) for x in head):
        return True
    timecodes = any(_TIMECODE.match(x) for x in lines)
    if any(_ATTENDEES.match(x) for x in head) and (timecodes or any(_TRANSCRIPT_HEADING.match(x) for x in head)):
        return True
    return timecodes and any(_ENDED.match(x) for x in lines[-20:])


def _attendees(lines: list[str]) -> set[str]:
    """The lower-cased names listed after the `Attendees` heading, if any."""
    for i, line in enumerate(lines[:200]):
        if _ATTENDEES.match(line):
            following = next((x for x in lines[i + 1:i + 5] if x.strip()), "")
            return {n.strip().lower() for n in following.split(",") if n.strip()}
    return set()


def _label(line: str, attendees: set[str]) -> tuple[str, str] | None:
    m = _LABEL.match(line)
    if not m:
        return None
    name, said = m["name"].strip(), (m["text"] or "").strip()
    if said.startswith("//") or not (name_like(name) or name.lower() in attendees):
        return None
    return name, said
