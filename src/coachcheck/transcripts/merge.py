"""Turning raw speaker pieces into Turns: the one place where pieces of one speaker merge."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from coachcheck.model import Turn

# Digits only (float() would also take "nan", "inf" and "1e9"), at most three fields.
_CLOCK = re.compile(r"^(?P<fields>\d{1,9}(?::\d{1,9}){0,2})(?:[.,](?P<fraction>\d{1,9}))?$")

UNKNOWN_SPEAKER = "Unknown speaker"
"""The label for speech a file does not attribute to anyone."""


@dataclass(slots=True)
class Piece:
    """A stretch of text a loader found, before merging.

    Attributes:
        speaker (str): the speaker label.
        text (str): the words.
        start (float | None): seconds, if known.
        end (float | None): seconds, if known.
        line (int): 1-based source line (0 if unknown).
    """

    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    line: int = 0


def merge_pieces(pieces: Iterable[Piece]) -> tuple[Turn, ...]:
    """Join consecutive pieces of the same speaker into turns; drop empty pieces.

    Speaker labels that differ only in case or spacing are one speaker, spelled as first seen.

    Args:
        pieces (Iterable[Piece]): pieces in call order.

    RETURNS (tuple[Turn, ...]): the turns, indexed from 0.
    """
    merged: list[Piece] = []
    spelling: dict[str, str] = {}
    speakers: dict[str, str] = {}  # label as written -> the speaker it names (a call repeats a few labels)
    for p in pieces:
        text = " ".join(p.text.split())
        speaker = speakers.get(p.speaker)
        if speaker is None:
            clean = " ".join(p.speaker.split())
            # "MAYA CHEN" and "Maya Chen" in one file are one person: keep the first spelling.
            speaker = speakers[p.speaker] = spelling.setdefault(clean.casefold(), clean)
        if not text or not speaker:
            continue
        if merged and merged[-1].speaker == speaker:
            last = merged[-1]
            last.text = f"{last.text} {text}"
            if p.end is not None:
                last.end = p.end
            if last.start is None:
                last.start = p.start
        else:
            merged.append(Piece(speaker, text, p.start, p.end, p.line))
    return tuple(Turn(i, p.speaker, p.text, p.start, p.end, p.line) for i, p in enumerate(merged))


def parse_clock(value: str) -> float | None:
    """Seconds from a clock string: `SS`, `MM:SS`, `H:MM:SS`, with `.mmm` or `,mmm` fractions.

    RETURNS (float | None): the seconds, or None when the string is not a clock.
    """
    m = _CLOCK.match(value.strip())
    if not m:
        return None
    nums = [int(x) for x in m["fields"].split(":")]
    if any(n >= 60 for n in nums[1:]):
        return None
    seconds = 0.0
    for n in nums:
        seconds = seconds * 60 + n
    if m["fraction"]:
        seconds += int(m["fraction"]) / 10 ** len(m["fraction"])
    return round(seconds, 3)
