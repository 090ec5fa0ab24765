"""YouTube SBV captions: `H:MM:SS.mmm,H:MM:SS.mmm` timing lines, then text.

SBV has no speaker field; speakers come from the caption conventions `>> NAME: text`,
`NAME: text`, `>>` alone and dash lines, as for SubRip (rules in `_cues`). A file without
any names yields "Unknown speaker" turns and a warning.
"""

from __future__ import annotations

import re

from coachcheck.model import Transcript
from coachcheck.transcripts._cues import parse_cues, sbv_timing

_TIMING = re.compile(r"^\s*\d+:\d{1,2}:\d{1,2}(?:\.\d+)?\s*,\s*\d+:\d{1,2}:\d{1,2}(?:\.\d+)?\s*$")


def parse(text: str, source: str) -> Transcript:
    """Parse a YouTube SBV file.

    Args:
        text (str): the decoded file content.
        source (str): the path, for messages.

    RETURNS (Transcript): the turns; raises InputError when no cue has text.
    """
    return parse_cues(text, source, "sbv", sbv_timing, webvtt=False)


def looks_like(text: str) -> bool:
    """Whether the first non-blank line is an SBV timing line."""
    for line in text.lstrip("\ufeff").split("\n", 50)[:50]:
        if line.strip():
            return bool(_TIMING.match(line))
    return False
