"""Markdown output of `coachcheck check`, fit for `$GITHUB_STEP_SUMMARY` or a PR comment."""

from __future__ import annotations

from coachcheck.checking import CheckRun
from coachcheck.reporters.checks import evidence_line, more_evidence, repo_path, title


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_check_markdown(run: CheckRun) -> str:
    """A result line, a table of calls, then each failure with its evidence.

    Args:
        run (CheckRun): the checked calls.

    RETURNS (str): Markdown text.
    """
    mark = {"pass": "✅", "fail": "❌", "error": "⚠️"}[run.outcome]
    out = ["# coachcheck check", "", f"{mark} **{run.summary()}**", ""]
    if run.calls:
        out += ["| call | coach | verdict | score | result |", "|---|---|---|---:|---|"]
        for c in run.calls:
            result = "pass" if c.passed else "**fail**: " + ", ".join(title(f) for f in c.failures)
            if c.passed and c.accepted:
                result += " (known failures accepted by the baseline)"
            out.append(f"| {_cell(repo_path(c.source))} | {_cell(', '.join(c.coach))} | {c.verdict} | "
                       f"{c.coaching_score:g} | {_cell(result)} |")
        out.append("")
    failing = [c for c in run.calls if c.failures]
    if failing:
        out += ["## Failures", ""]
        for c in failing:
            out += [f"### {repo_path(c.source)}", ""]
            for f in c.failures:
                out.append(f"- **{title(f)}**: {f.message} (limit set by {f.limit_source})")
                out += [f"  - {evidence_line(e)}" for e in f.evidence]
                if more_evidence(f):
                    out.append(f"  - {more_evidence(f)}")
            out += [f"- note: {n}" for n in c.notes]
            out.append("")
    if run.errors:
        out += ["## Files that could not be analyzed", ""]
        out += [f"- `{_cell(repo_path(e.source))}`: {_cell(e.error)}" for e in run.errors]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
