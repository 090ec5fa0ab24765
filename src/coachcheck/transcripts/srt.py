"""SubRip (.srt) subtitles used as transcripts.

Handled: indices missing, duplicated or out of order (cues are found by their timing
lines), `.` instead of `,` in times, coordinates or settings after the end time, blank
lines inside a cue, `<i>`/`<font>`/`{\\an8}` tags, BOM, CRLF, and speakers by the caption
conventions `NAME: text`, `[Name] text`, `>> NAME:`, `>>` alone and `- ` dash lines (two
speakers in one cue). `[Music]`-style sound tags are not speakers. Speaker rules, including
how unnamed changes and unlabelled cues are attributed, are in `_cues`.
"""

from __future__ import annotations

import re

from coachcheck.model import Transcript
from coachcheck.transcripts._cues import arrow_timing, parse_cues

_TIMING = re.compile(r"^\s*\d+:\d+(?::\d+)?(?:[.,]\d+)?\s*-->\s*\d+:\d+")


def parse(text: str, source: str) -> Transcript:
    """Parse a SubRip file.

    Args:
        text (str): the decoded file content.
        source (str): the path, for messages.

    RETURNS (Transcript): the turns; raises InputError when no cue has text.
    """
    return parse_cues(text, source, "srt", arrow_timing, webvtt=False)


def looks_like(text: str) -> bool:
    """Whether one of the first lines is a `start --> end` timing line (and it is not WebVTT)."""
    if "-->" not in text or text.lstrip("\ufeff \t\r\n").startswith("WEBVTT"):
        return False
    return any(_TIMING.match(line) for line in text.split("\n", 400)[:400])
