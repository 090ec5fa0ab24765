"""CSV output of a batch: a header, then one row per call (`reporters.summary.CallRow`).

Shares are fractions (0.571), the score is 0-100. Text cells that a spreadsheet would run as a
formula (starting with =, +, -, @) get a leading apostrophe: speaker names come from the
transcripts, which are not trusted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from coachcheck.model import CATEGORIES
from coachcheck.reporters.summary import CallRow

COLUMNS = ("file", "coach", "verdict", "coaching_score", *(f"{c}_share" for c in CATEGORIES), "rep_talk_share", "words")


def csv_header() -> str:
    """The header line (with its newline)."""
    return _line(COLUMNS)


def csv_row(row: CallRow) -> str:
    """One call as a CSV line (with its newline)."""
    return _line((_cell(row.source), _cell(row.coach), row.verdict, f"{row.score:g}",
                  *(f"{row.shares[c]:g}" for c in CATEGORIES), f"{row.rep_talk_share:g}", str(row.words)))


def render_csv(rows: Iterable[CallRow]) -> str:
    """A whole CSV document: the header and one line per row."""
    return csv_header() + "".join(csv_row(r) for r in rows)


def _cell(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _line(cells: Iterable[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    return buf.getvalue()
