"""User text in Markdown output (file and speaker names, transcript quotes, rule text) shows as written.

Checked by rendering with markdown-it-py (CommonMark plus GFM tables; a dependency of Rich), no spaCy.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from markdown_it import MarkdownIt

from coachcheck.checking import CallCheck, CheckFailure, CheckRun, Evidence
from coachcheck.model import CATEGORIES, FileFailure
from coachcheck.reporters.check_markdown import render_check_markdown
from coachcheck.reporters.markdown import md_code, md_text, render_markdown, render_summary_markdown
from coachcheck.reporters.summary import CallRow, summarize
from coachcheck.thresholds import Thresholds

QUOTE = "<inaudible> I *really* need [the deck] by `Friday` & #1 priority"


def html(text: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(text)


def failing_call(source: str, coach: str = "Maya Chen", quote: str = QUOTE) -> CallCheck:
    evidence = Evidence(turn=2, line=3, speaker=coach, text=quote, note="Tells the rep what to do")
    failure = CheckFailure(source, "min_score", None, 16.2, 60.0, "option",
                           "coaching score 16.2 is below the minimum 60", (evidence,), 1)
    return CallCheck(source, (coach,), "managing", 16.2, {}, Thresholds(), {}, failures=(failure,))


@pytest.mark.parametrize("text, span", [
    ("calls/a.txt", "`calls/a.txt`"),
    ("a|b`c.txt", "``a|b`c.txt``"),
    ("x``y", "```x``y```"),
    ("`edge`", "`` `edge` ``"),
    ("a ``` b", "````a ``` b````"),
])
def test_code_span_fence_is_longer_than_any_backtick_run(text, span):
    assert md_code(text) == span
    assert html(f"- {span}") == f"<ul>\n<li><code>{text}</code></li>\n</ul>\n"


def test_ordinary_text_is_unchanged():
    for text in ("calls/with_times.txt", "calls/dana-lee.txt", "Maya Chen", "2024.01.05 1:1.txt",
                 "You're at sixty-one percent, 5% up (AT&T).", "max_monologue_seconds not checked"):
        assert md_text(text) == text


def test_check_markdown_code_span_holds_a_backtick_and_a_pipe():
    run = CheckRun((), (FileFailure("ck/a|b`c.txt", "ck/a|b`c.txt: is empty"),))
    text = render_check_markdown(run)
    assert "- ``ck/a|b`c.txt``: ck/a\\|b\\`c.txt: is empty" in text
    assert "<li><code>ck/a|b`c.txt</code>: ck/a|b`c.txt: is empty</li>" in html(text)


def test_check_markdown_names_and_quotes_are_literal():
    run = CheckRun((failing_call("ck/#notes *draft*.txt #", coach="_Dana_"), failing_call("ck/a|b`c`.txt")))
    text = render_check_markdown(run)
    page = html(text)
    assert "<h3>ck/#notes *draft*.txt #</h3>" in page
    assert "<h3>ck/a|b`c`.txt</h3>" in page
    rows = [line for line in page.splitlines() if line.startswith("<td")]
    assert rows[:2] == ["<td>ck/#notes *draft*.txt #</td>", "<td>_Dana_</td>"]
    assert rows[5] == "<td>ck/a|b`c`.txt</td>"  # one cell: the pipe stays escaped
    assert "&lt;inaudible&gt; I *really* need [the deck] by `Friday` &amp; #1 priority" in page
    for tag in ("<em>", "<code>", "<inaudible>", "<a "):
        assert tag not in page


def test_check_markdown_is_unchanged_for_ordinary_names():
    text = render_check_markdown(CheckRun((failing_call("calls/managing_q3.txt", quote="Send me the deck."),)))
    assert ("| calls/managing_q3.txt | Maya Chen | managing | 16.2 | **fail**: Coaching score below the minimum |"
            in text)
    assert "### calls/managing_q3.txt\n" in text
    assert "  - line 3: Tells the rep what to do: “Send me the deck.”" in text


def test_analyze_markdown_source_coach_quotes_and_warnings_are_literal(sample_report):
    turns = list(sample_report.turns)
    t4 = turns[4]
    turns[4] = replace(t4, findings=(replace(t4.findings[0], evidence=QUOTE),))
    report = replace(sample_report, source="calls/<b>#1 *call*.txt", coach=("**Dana**",), turns=tuple(turns),
                     warnings=("speaker <Bot> has no text",))
    page = html(render_markdown([report]))
    assert "<h1>coachcheck: calls/&lt;b&gt;#1 *call*.txt</h1>" in page
    assert "coach: **Dana** (named with --coach)" in page
    assert "“&lt;inaudible&gt; I *really* need [the deck] by `Friday` &amp; #1 priority”" in page
    assert "<code>coaching.open-question</code>" in page
    assert "warning: speaker &lt;Bot&gt; has no text" in page
    assert "<em>" not in page and "<b>" not in page and "<inaudible>" not in page


def test_summary_markdown_cells_hold_pipes_backticks_and_markup():
    shares = dict.fromkeys(CATEGORIES, 0.0)
    rows = [CallRow("calls/a|b`c`.txt", "*Maya* | Chen", "managing", 20.0, shares, 0.5, 100),
            CallRow("calls/d.txt", "Ravi", "coaching", 80.0, shares, 0.5, 100)]
    page = html(render_summary_markdown(summarize(rows, [FileFailure("z.txt", "<z>.txt: is empty")])))
    assert "<td>calls/a|b`c`.txt</td>\n<td>*Maya* | Chen</td>\n<td>managing</td>" in page
    assert "<li>&lt;z&gt;.txt: is empty</li>" in page


def test_control_characters_are_left_out():
    assert md_text("call\x01 [draft]\x7f.txt") == "call \\[draft\\].txt"
    assert md_code("ctl\x00x.txt") == "`ctlx.txt`"
