"""The batch summary: rows, roll-ups, sorting, and how csv, markdown and Rich show them."""

from __future__ import annotations

import csv
import io
import json

import pytest
from batch_helpers import COACHING
from rich.console import Console

from coachcheck.model import CATEGORIES, FileFailure
from coachcheck.reporters.csv_ import COLUMNS, csv_row, render_csv
from coachcheck.reporters.markdown import render_summary_markdown
from coachcheck.reporters.rich_ import render_summary
from coachcheck.reporters.summary import CallRow, call_row, call_row_and_line, sort_rows, summarize


def row(source: str, coach: str, verdict: str, score: float, coaching: float = 0.0, rep: float = 0.5) -> CallRow:
    shares = dict.fromkeys(CATEGORIES, 0.0)
    shares["coaching"] = coaching
    shares["managing"] = round(1 - coaching, 3)
    return CallRow(source, coach, verdict, score, shares, rep, 1000)


ROWS = [
    row("calls/a.txt", "Maya Chen", "coaching", 80.0, 0.9, 0.7),
    row("calls/b.txt", "Ravi Shah", "managing", 20.0, 0.1, 0.2),
    row("calls/c.txt", "maya chen", "managing", 40.0, 0.3, 0.4),
    row("calls/d.txt", "Maya Chen", "mixed", 60.0, 0.4, 0.5),
]


def test_rollups_per_coach_group_names_case_insensitively():
    s = summarize(ROWS)
    assert [c.name for c in s.coaches] == ["Maya Chen", "Ravi Shah"]
    maya, ravi = s.coaches
    assert maya.calls == 3
    assert maya.mean_score == 60.0
    assert maya.stdev_score == 20.0  # sample stdev of 80, 40, 60
    assert {v: n for v, n in maya.verdicts.items() if n} == {"coaching": 1, "managing": 1, "mixed": 1}
    assert ravi.calls == 1 and ravi.mean_score == 20.0 and ravi.stdev_score is None


def test_team_rollup_covers_every_call():
    s = summarize(ROWS)
    assert s.team.name == "team"
    assert s.team.calls == 4
    assert s.team.mean_score == 50.0
    assert s.team.stdev_score == 25.8  # sample stdev of 80, 20, 40, 60 = 25.82
    assert s.team.verdicts["managing"] == 2
    assert sum(s.team.verdicts.values()) == 4


def test_sort_orders():
    by = {k: [r.source[-5] for r in sort_rows(ROWS, k)] for k in ("file", "score", "coach", "verdict")}
    assert by["file"] == ["a", "b", "c", "d"]
    assert by["score"] == ["a", "d", "c", "b"]
    assert by["coach"] == ["a", "c", "d", "b"]
    assert by["verdict"] == ["a", "c", "b", "d"]  # coaching, managing (higher score first), mixed
    with pytest.raises(ValueError):
        sort_rows(ROWS, "words")


def test_top_cuts_the_rows_but_not_the_rollups():
    s = summarize(ROWS, sort="score", top=2)
    assert [r.source for r in s.calls] == ["calls/a.txt", "calls/d.txt"]
    assert s.total_calls == 4
    assert s.team.calls == 4
    assert s.sort == "score"


def test_summary_of_nothing_has_no_team():
    s = summarize([], [FileFailure("x.txt", "x.txt: is empty")])
    assert s.team is None and s.coaches == () and s.total_calls == 0
    assert s.to_dict()["failures"] == [{"source": "x.txt", "error": "x.txt: is empty"}]


def test_summary_to_dict_is_json_ready():
    data = json.loads(json.dumps(summarize(ROWS, sort="coach").to_dict()))
    assert data["schema"] == "coachcheck.summary/1"
    assert data["sort"] == "coach"
    assert data["calls"][0]["category_shares"]["coaching"] == 0.9
    assert [c["name"] for c in data["coaches"]] == ["Maya Chen", "Ravi Shah"]
    assert data["team"]["verdicts"]["coaching"] == 1


def test_csv_has_a_header_and_one_parsable_row_per_call():
    text = render_csv(ROWS)
    parsed = list(csv.reader(io.StringIO(text)))
    assert tuple(parsed[0]) == COLUMNS
    assert len(parsed) == 5
    first = dict(zip(COLUMNS, parsed[1], strict=True))
    assert first["file"] == "calls/a.txt" and first["coaching_score"] == "80"
    assert float(first["coaching_share"]) == 0.9 and float(first["rep_talk_share"]) == 0.7


def test_csv_quotes_commas_and_defuses_formulas():
    tricky = CallRow("calls/x, y.txt", "=HYPERLINK(\"http://evil\")", "mixed", 10.0,
                     dict.fromkeys(CATEGORIES, 0.0), 0.5, 10)
    cells = next(csv.reader(io.StringIO(csv_row(tricky))))
    assert cells[0] == "calls/x, y.txt"
    assert cells[1] == "'=HYPERLINK(\"http://evil\")"


def test_markdown_summary_lists_calls_rollups_and_failures():
    md = render_summary_markdown(summarize(ROWS, [FileFailure("z.txt", "z.txt: is empty")], sort="score", top=3))
    assert "## Calls (first 3 of 4 calls, by score)" in md
    assert md.index("calls/a.txt") < md.index("calls/d.txt") < md.index("calls/c.txt")
    assert "calls/b.txt" not in md
    assert "| Maya Chen | 3 | 60.0 | 20.0 | 1 coaching, 1 managing, 1 mixed |" in md
    assert "| **team** | 4 | 50.0 | 25.8 |" in md
    assert "- z.txt: is empty" in md


def test_rich_summary_renders_rows_and_rollups_at_80_columns():
    console = Console(file=io.StringIO(), width=80, color_system=None, legacy_windows=False, _environ={})
    console.print(render_summary(summarize(ROWS)))
    text = console.file.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "4 calls in calls" in text
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        assert name in text
    team = next(line for line in text.splitlines() if line.strip().startswith("team"))
    assert team.split()[1:4] == ["4", "50.0", "25.8"]


def test_call_row_and_line_agree_with_the_report(analyzer_report):
    r, line = call_row_and_line(analyzer_report)
    assert r == call_row(analyzer_report)
    data = json.loads(line)
    assert data["source"] == r.source and data["verdict"] == r.verdict
    assert data["coaching_score"] == r.score
    assert data["category_shares"] == r.shares
    assert r.words == sum(len(t["text"].split()) for t in data["turns"])


@pytest.fixture
def analyzer_report(tmp_path):
    from coachcheck.engine import Analyzer
    from coachcheck.model import Options

    path = tmp_path / "call.txt"
    path.write_text(COACHING, encoding="utf-8")
    return Analyzer(Options()).analyze_file(path)
