"""Markdown output of `coachcheck check`, fit for `$GITHUB_STEP_SUMMARY` or a PR comment."""

from __future__ import annotations

from coachcheck.checking import CheckRun
from coachcheck.reporters.checks import evidence_line, more_evidence, repo_path, title
from coachcheck.reporters.markdown import md_code, md_text


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
            result = "pass" if c.passed else "**fail**: " + ", ".join(md_text(title(f)) for f in c.failures)
            if c.passed and c.accepted:
                result += " (known failures accepted by the baseline)"
            out.append(f"| {md_text(repo_path(c.source))} | {md_text(', '.join(c.coach))} | {c.verdict} | "
                       f"{c.coaching_score:g} | {result} |")
        out.append("")
    failing = [c for c in run.calls if c.failures]
    if failing:
        out += ["## Failures", ""]
        for c in failing:
            out += [f"### {md_text(repo_path(c.source))}", ""]
            for f in c.failures:
                out.append(f"- **{md_text(title(f))}**: {md_text(f.message)} (limit set by {md_text(f.limit_source)})")
                out += [f"  - {md_text(evidence_line(e))}" for e in f.evidence]
                if more_evidence(f):
                    out.append(f"  - {more_evidence(f)}")
            out += [f"- note: {md_text(n)}" for n in c.notes]
            out.append("")
    if run.errors:
        out += ["## Files that could not be analyzed", ""]
        out += [f"- {md_code(repo_path(e.source))}: {md_text(e.error)}" for e in run.errors]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
