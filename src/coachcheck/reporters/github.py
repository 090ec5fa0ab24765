"""GitHub Actions workflow commands: one `::error` annotation per failed threshold, at the evidence line.

Escaping follows GitHub's rules (actions/toolkit `command.ts`): in the message `%`, CR and LF become
`%25`, `%0D`, `%0A`; in properties (file, line, title) `:` and `,` also become `%3A` and `%2C`.
Failures a baseline accepts are `::warning`s; files that could not be analyzed are `::error`s.
"""

from __future__ import annotations

from coachcheck.checking import CheckFailure, CheckRun
from coachcheck.reporters.checks import evidence_line, more_evidence, repo_path, title


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **properties: str | int) -> str:
    """One workflow command line: `::level key=value,...::message`."""
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items())
    return f"::{level} {props}::{escape_data(message)}" if props else f"::{level}::{escape_data(message)}"


def annotation(failure: CheckFailure, level: str = "error", prefix: str = "") -> str:
    """The workflow command for one failed threshold, pointing at its first evidence line."""
    lines = [prefix + failure.message, *(evidence_line(e) for e in failure.evidence)]
    if more_evidence(failure):
        lines.append(more_evidence(failure))
    lines.append(f"limit set by: {failure.limit_source}")
    props: dict[str, str | int] = {"file": repo_path(failure.source)}
    if failure.line:
        props["line"] = failure.line
    props["title"] = f"coachcheck: {title(failure)}"
    return command(level, "\n".join(lines), **props)


def render_github(run: CheckRun) -> str:
    """Every annotation of a run, then a plain summary line.

    Args:
        run (CheckRun): the checked calls.

    RETURNS (str): lines for stdout in a GitHub Actions step.
    """
    out = []
    for call in run.calls:
        out += [annotation(f) for f in call.failures]
        out += [annotation(f, "warning", "accepted by the baseline: ") for f in call.accepted]
    for e in run.errors:
        out.append(command("error", e.error, file=repo_path(e.source), title="coachcheck: cannot analyze"))
    out.append(f"coachcheck: {run.summary()}")
    return "\n".join(out) + "\n"
