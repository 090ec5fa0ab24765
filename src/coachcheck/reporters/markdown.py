"""Markdown output for one call or a batch (fit for a PR comment or $GITHUB_STEP_SUMMARY)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from coachcheck.model import CATEGORIES, CallReport
from coachcheck.reporters.evidence import clock, shorten, strongest_evidence
from coachcheck.reporters.summary import Summary, call_row, summarize


def render_markdown(reports: Sequence[CallReport]) -> str:
    """A detailed section for one call; a summary (see render_summary_markdown) for several."""
    if len(reports) == 1:
        return _one(reports[0])
    return render_summary_markdown(summarize([call_row(r) for r in reports]))


def render_summary_markdown(summary: Summary) -> str:
    """A batch: a table of calls, a table of roll-ups per coach and for the team, and the failures."""
    shown = len(summary.calls)
    title = f"{summary.total_calls} calls" if shown == summary.total_calls else \
        f"first {shown} of {summary.total_calls} calls"
    if summary.sort != "input":
        title += f", by {summary.sort}"
    lines = ["# coachcheck summary", "", f"## Calls ({title})", "",
             "| call | coach | verdict | score | coaching | managing | training | mentoring | role modeling "
             "| rep talk |", "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in summary.calls:
        shares = " | ".join(f"{r.shares[c]:.0%}" for c in CATEGORIES)
        lines.append(f"| {md_text(r.source)} | {md_text(r.coach)} | {r.verdict} | {r.score:.0f} | {shares} | "
                     f"{r.rep_talk_share:.0%} |")
    if summary.team is not None:
        lines += ["", "## By coach", "", "| coach | calls | mean score | stdev | verdicts |",
                  "|---|---:|---:|---:|---|"]
        for g in (*summary.coaches, summary.team):
            name = "**team**" if g is summary.team else md_text(g.name)
            stdev = "-" if g.stdev_score is None else f"{g.stdev_score:.1f}"
            verdicts = ", ".join(f"{n} {v}" for v, n in g.verdicts.items() if n)
            lines.append(f"| {name} | {g.calls} | {g.mean_score:.1f} | {stdev} | {verdicts} |")
    if summary.failures:
        lines += ["", f"## Could not analyze ({len(summary.failures)})", ""]
        lines += [f"- {md_text(f.error)}" for f in summary.failures]
    return "\n".join(lines) + "\n"


# Punctuation that could start markup mid-line: always \ ` * [ ] < > # | ~; `_` unless between letters or digits
# (never emphasis there, so `with_times.txt` stays as it is); `&` only where it would start an entity.
_MD_SPECIAL = re.compile(r"[\\`*\[\]<>#|~]|(?<![^\W_])_|_(?![^\W_])|&(?=#?\w+;)")


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _one_line(text: str) -> str:
    """Line breaks as spaces, other control characters (a byte of a file name, say) left out."""
    return _CONTROL.sub("", " ".join(text.splitlines()))


def md_text(text: str) -> str:
    """Text (file, speaker or rule text, a transcript quote) as literal Markdown on one line.

    Markdown punctuation is backslash-escaped, `|` included, so the text can also sit in a table cell,
    and line breaks become spaces: the text never starts a line, so it cannot open a heading or a list.
    """
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(), _one_line(text))


def md_code(text: str) -> str:
    """Text as a Markdown code span (outside tables, where `|` needs no escape): the fence is one backtick
    longer than the longest backtick run inside, padded with spaces when the text starts or ends with a
    backtick (or with a space at both ends, which CommonMark would strip)."""
    text = _one_line(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = text[:1] == "`" or text[-1:] == "`" or (text[:1] == text[-1:] == " " and text.strip() != "")
    return f"{fence} {text} {fence}" if pad else f"{fence}{text}{fence}"


def _one(r: CallReport) -> str:
    m = r.metrics
    out = [f"# coachcheck: {md_text(r.source)}", "",
           f"**Verdict: {r.verdict}** · coaching score **{r.coaching_score:.0f}/100** · "
           f"coach: {md_text(', '.join(r.coach))} ({md_text(r.coach_reason)})", "", "## Coach turns by category", "",
           "| category | turns | share |", "|---|---:|---:|"]
    for c in CATEGORIES:
        out.append(f"| {c} | {r.category_counts[c]} | {r.category_shares[c]:.0%} |")
    out.append(f"| neutral | {r.category_counts['neutral']} | |")
    out += ["", "## Metrics", "", "| metric | value |", "|---|---:|",
            f"| rep talk share | {m.rep_talk_share:.0%} |",
            f"| questions per coach turn | {m.questions_per_coach_turn} |",
            f"| open-question share | {'-' if m.open_question_share is None else f'{m.open_question_share:.0%}'} |",
            f"| reflections per question | {'-' if m.reflection_to_question is None else m.reflection_to_question} |",
            f"| asks or reflects | {'-' if m.asking_share is None else f'{m.asking_share:.0%}'} |",
            f"| longest coach monologue | {m.longest_monologue_words} words"
            + (f", {m.longest_monologue_seconds:.0f} s" if m.longest_monologue_seconds is not None else "") + " |",
            "", "## Evidence", ""]
    for cat, findings in strongest_evidence(r).items():
        out.append(f"**{cat}**")
        for f in findings:
            when = f" at {clock(f.start)}" if f.start is not None else ""
            out.append(f"- turn {f.turn_index + 1}{when}: “{md_text(shorten(f.evidence))}” — {md_code(f.rule_id)} — "
                       f"tip: {md_text(f.tip)}")
        out.append("")
    for w in r.warnings:
        out.append(f"> warning: {md_text(w)}")
    return "\n".join(out).rstrip() + "\n"
