"""Reporters format a CallReport; they never decide. Rendered from a hand-built report, no spaCy.

Batch summaries (reporters/summary.py and the summary renderers) are the batch owner's and tested there.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest
from rich.console import Console

from coachcheck.reporters import evidence, json_, markdown, rich_


def render(renderable, width: int = 100) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False, _environ={})
    console.print(renderable)
    return console.file.getvalue()


def test_rich_call_report_shows_verdict_score_bars_evidence_and_tips(sample_report):
    out = render(rich_.render_call(sample_report))
    assert "calls/dana-lee.txt" in out
    assert "Verdict: coaching" in out
    assert "Coaching score: 55/100" in out
    assert "Coach: Dana Cole — named with --coach" in out
    lines = out.splitlines()
    coaching_row = next(line for line in lines if "coaching" in line and "67%" in line)
    managing_row = next(line for line in lines if "managing" in line and "33%" in line)
    training_row = next(line for line in lines if "training" in line and "0%" in line)
    assert coaching_row.count("█") == round(0.667 * rich_.BAR_WIDTH) == 20
    assert managing_row.count("█") == 10
    assert training_row.count("█") == 0
    assert "“What would you like to try?”" in out
    assert "→ Keep asking one open question at a time." in out
    assert "coaching.open-question" in out and "managing.targets" in out
    assert "1:15" in out  # the evidence's time, m:ss
    assert "warning: not UTF-8" in out


def test_rich_evidence_comes_only_from_turns_of_that_category(sample_report):
    out = render(rich_.render_call(sample_report))
    # "Send me the deck." is a managing finding inside a coaching turn: not evidence of either.
    assert "Send me the deck" not in out


def test_rich_role_modeling_verdict_reads_as_words(sample_report):
    out = render(rich_.render_call(replace(sample_report, verdict="role_modeling")))
    assert "Verdict: role modeling" in out


def test_markdown_single_call(sample_report):
    md = markdown.render_markdown([sample_report])
    assert md.startswith("# coachcheck: calls/dana-lee.txt\n")
    assert "**Verdict: coaching** · coaching score **55/100** · coach: Dana Cole (named with --coach)" in md
    assert "| coaching | 2 | 67% |" in md and "| managing | 1 | 33% |" in md
    assert "| longest coach monologue | 9 words, 4 s |" in md
    assert ("- turn 5 at 1:15: “How do you feel about your quarter?” — `coaching.open-question` — "
            "tip: Keep asking one open question at a time.") in md
    assert "> warning: not UTF-8; read as Windows-1252 (cp1252)" in md
    assert md.endswith("\n") and not md.endswith("\n\n")


def test_json_single_report_is_an_object_and_several_an_array(sample_report, validate_report):
    one = json.loads(json_.render_json([sample_report]))
    assert one == sample_report.to_dict()
    validate_report(one)
    many = json.loads(json_.render_json([sample_report, sample_report]))
    assert isinstance(many, list) and len(many) == 2


def test_json_line_is_one_line_and_keeps_unicode(sample_report):
    line = json_.report_line(sample_report)
    assert "\n" not in line
    assert "“" not in line and "—" not in line  # nothing added beyond to_dict
    assert json.loads(line) == sample_report.to_dict()
    unicode = replace(sample_report, source="calls/josé.txt")
    assert "josé" in json_.report_line(unicode)


def test_json_line_is_what_the_json_module_writes_compactly(sample_report):
    odd = replace(sample_report, source='calls/"q"\\tab\t\u2028.txt', coaching_score=0.1 + 0.2)
    undecodable = replace(sample_report, source="calls/b\udce9.txt")  # a file name that is not UTF-8
    for report in (sample_report, odd, undecodable):
        expected = json.dumps(report.to_dict(), ensure_ascii=False, separators=(",", ":"))
        assert json_.report_line(report) == expected


@pytest.mark.parametrize("seconds, text", [(None, ""), (0, "0:00"), (75.9, "1:15"), (3725, "1:02:05")])
def test_clock(seconds, text):
    assert evidence.clock(seconds) == text


def test_shorten_cuts_at_a_word_with_an_ellipsis():
    assert evidence.shorten("short") == "short"
    cut = evidence.shorten("word " * 50, limit=23)
    assert cut == "word word word word…" and len(cut) <= 23


def test_strongest_evidence_one_per_turn_heaviest_first(sample_report):
    picked = evidence.strongest_evidence(sample_report)
    assert {c: [(f.turn_index, f.rule_id) for f in fs] for c, fs in picked.items()} == {
        "coaching": [(0, "coaching.open-question"), (4, "coaching.open-question")],
        "managing": [(2, "managing.targets")],
    }
    assert len(evidence.strongest_evidence(sample_report, per_category=1)["coaching"]) == 1
