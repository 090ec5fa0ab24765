"""Shared helpers for the loader tests: the source tree on sys.path, fixture access."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from coachcheck.model import Transcript  # noqa: E402
from coachcheck.transcripts import parse_bytes  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "formats"


def load(relative: str, input_format: str | None = None) -> Transcript:
    """Parse a fixture through the public byte-level entry point."""
    path = FIXTURES / relative
    return parse_bytes(path.read_bytes(), str(path), input_format)


def rows(transcript: Transcript) -> list[tuple]:
    """(speaker, text, start, end) per turn, for compact assertions."""
    return [(t.speaker, t.text, t.start, t.end) for t in transcript.turns]


def speakers(transcript: Transcript) -> list[str]:
    """The speaker of every turn, in order."""
    return [t.speaker for t in transcript.turns]
