"""What the `coachcheck check` reporters share: titles for threshold kinds, paths to show, evidence lines."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from coachcheck.checking import CheckFailure, Evidence
from coachcheck.reporters.evidence import clock, shorten

TITLES = {
    "min_score": "Coaching score below the minimum",
    "max_share": "Too much {subject}",
    "forbid_verdict": "Forbidden verdict: {subject}",
    "min_rep_talk": "Rep talks too little",
    "min_open_questions": "Too few open questions",
    "max_monologue_words": "Coach monologue too long (words)",
    "max_monologue_seconds": "Coach monologue too long (seconds)",
}


def title(failure: CheckFailure) -> str:
    """A short title for a failed threshold ("Too much managing")."""
    return TITLES[failure.kind].format(subject=(failure.subject or "").replace("_", " "))


def repo_path(source: str) -> str:
    """A call's path relative to the current folder with `/` (as CI tools expect), or as given when outside it."""
    absolute = os.path.abspath(source)
    rel = os.path.relpath(absolute, os.getcwd())
    if rel.startswith(".."):
        return Path(absolute).as_posix()
    return rel.replace(os.sep, "/")


def artifact_uri(source: str) -> str:
    """A call's path as a URI: relative and percent-encoded, or a file: URI when outside the current folder."""
    path = repo_path(source)
    return Path(path).as_uri() if os.path.isabs(path) else quote(path)


def evidence_line(e: Evidence, limit: int = 120) -> str:
    """One evidence turn as text: `line 7 (1:05): managing: demands a deadline: “...”`."""
    where = f"line {e.line}" if e.line else f"turn {e.turn + 1}"
    when = f" ({clock(e.start)})" if e.start is not None else ""
    return f"{where}{when}: {e.note}: “{shorten(e.text, limit)}”"


def more_evidence(failure: CheckFailure) -> str:
    """"(and N more)" when evidence was capped, else an empty string."""
    extra = failure.evidence_total - len(failure.evidence)
    return f"(and {extra} more)" if extra > 0 else ""
