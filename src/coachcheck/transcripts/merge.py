"""Turning raw speaker pieces into Turns: the one place where pieces of one speaker merge."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coachcheck.model import Turn


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

    Args:
        pieces (Iterable[Piece]): pieces in call order.

    RETURNS (tuple[Turn, ...]): the turns, indexed from 0.
    """
    merged: list[Piece] = []
    for p in pieces:
        text = " ".join(p.text.split())
        speaker = " ".join(p.speaker.split())
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
    parts = value.strip().replace(",", ".").split(":")
    if not 1 <= len(parts) <= 3:
        return None
    try:
        nums = [float(x) for x in parts]
    except ValueError:
        return None
    if any(n < 0 for n in nums) or any(n >= 60 for n in nums[1:]):
        return None
    seconds = 0.0
    for n in nums:
        seconds = seconds * 60 + n
    return round(seconds, 3)
