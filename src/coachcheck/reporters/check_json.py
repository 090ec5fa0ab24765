"""JSON output of `coachcheck check`: `CheckRun.to_dict()` (schema `coachcheck.check/1`), nothing added."""

from __future__ import annotations

import json

from coachcheck.checking import CheckRun


def render_check_json(run: CheckRun) -> str:
    """The run as indented JSON text."""
    return json.dumps(run.to_dict(), indent=2, ensure_ascii=False) + "\n"
