"""WebVTT transcripts: Zoom (`Name: text` cues), Microsoft Teams (`<v Name>` voice spans), generic.

Handled: BOM, CRLF/CR, header text and metadata, NOTE/STYLE/REGION blocks, cue ids (numbers,
Teams `GUID/15-0` split utterances), cue settings, `mm:ss.ttt` and unpadded Teams Graph
times (`0:0:0.0`), negative offsets (kept as negative seconds: Teams uses them when the
transcription began after the conversation), missing fractions, hours over 99, several
`<v>` spans in one cue, missing `</v>`, `<i>`/`<c.x>`/timestamp tags, HTML entities in names
and text (`&#233;`, `&amp;`, `&nbsp;`, `&lrm;`), multi-line cues, blank lines inside cues,
cues out of order (stable-sorted by start), and Teams `metadataContent` JSON payloads.
A missing `WEBVTT` header only adds a warning. Speaker rules are in `_cues`.

webvtt-py is not used at run time: on 0.6.0 it silently drops cues with negative offsets,
`,` fractions, times without a fraction and seconds over 59, loses cue text containing
`-->` and text after a blank line inside a cue, reads only the first voice of a cue, and
gives no line numbers, which turns need. The test suite checks this parser against it on
well-formed files.
"""

from __future__ import annotations

import re

from coachcheck.model import Transcript
from coachcheck.transcripts._cues import arrow_timing, parse_cues

_HEADER = re.compile(r"^\ufeff?\s*WEBVTT(?:[ \t].*)?$")
_TIMING_DOT = re.compile(r"^\s*-?\d+:\d+(?::\d+)?\.\d+\s*-->")
_TIMING_COMMA = re.compile(r"^\s*-?\d+:\d+(?::\d+)?,\d+\s*-->")
_VTT_ONLY = re.compile(r"<v[\s.]|^NOTE(?:\s|$)")


def parse(text: str, source: str) -> Transcript:
    """Parse a WebVTT transcript.

    Args:
        text (str): the decoded file content.
        source (str): the path, for messages.

    RETURNS (Transcript): the turns; raises InputError when no cue has text.
    """
    transcript = parse_cues(text, source, "vtt", arrow_timing, webvtt=True)
    first = text.lstrip("\ufeff \t\r\n").split("\n", 1)[0].rstrip("\r")
    if not _HEADER.match(first):
        return Transcript(transcript.source, transcript.format, transcript.turns,
                          ("no WEBVTT header line", *transcript.warnings))
    return transcript


def looks_like(text: str) -> bool:
    """A `WEBVTT` header, or (headerless) `.`-fraction timing lines with voice spans or NOTE blocks.

    Headerless timing lines alone are left to SubRip, which reads `.` fractions too.
    """
    stripped = text.lstrip("\ufeff \t\r\n")
    if _HEADER.match(stripped.split("\n", 1)[0].rstrip("\r")):
        return True
    if "-->" not in stripped:
        return False  # no timing line, and without a header nothing else makes it WebVTT
    lines = stripped.split("\n")[:400]
    return (any(_TIMING_DOT.match(x) for x in lines) and not any(_TIMING_COMMA.match(x) for x in lines)
            and any(_VTT_ONLY.search(x) for x in lines))
