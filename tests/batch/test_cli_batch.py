"""`coachcheck analyze` on several files: summaries, csv, jsonl, --sort/--top, failures, --strict, --output."""

from __future__ import annotations

import csv
import io
import json
import statistics

from batch_helpers import COACHING, ONE_SPEAKER, leftovers


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_summary_figures_of_a_team_with_known_verdicts(run, team):
    result = run("analyze", team, "--format", "json", "-j", "1")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(c["source"].split("/")[-1], c["coach"], c["verdict"]) for c in data["calls"]] == [
        ("a-coaching.txt", "Maya Chen", "coaching"),
        ("b-managing.txt", "Maya Chen", "managing"),
        ("c-managing.txt", "Ravi Shah", "managing"),
    ]
    maya, ravi = data["coaches"]
    assert (maya["name"], maya["calls"], ravi["name"], ravi["calls"]) == ("Maya Chen", 2, "Ravi Shah", 1)
    assert {v: n for v, n in maya["verdicts"].items() if n} == {"coaching": 1, "managing": 1}
    assert {v: n for v, n in data["team"]["verdicts"].items() if n} == {"coaching": 1, "managing": 2}
    # The roll-ups agree with the full reports of the same calls.
    reports = jsonl(run("analyze", team, "--format", "jsonl", "-j", "1").stdout)
    scores = [r["coaching_score"] for r in reports]
    assert [c["coaching_score"] for c in data["calls"]] == scores
    assert maya["mean_score"] == round(statistics.fmean(scores[:2]), 1)
    assert maya["stdev_score"] == round(statistics.stdev(scores[:2]), 1)
    assert ravi["stdev_score"] is None
    assert data["team"]["mean_score"] == round(statistics.fmean(scores), 1)
    assert scores[0] > scores[1] and scores[0] > scores[2]  # the coaching call scores highest
    assert [c["rep_talk_share"] for c in data["calls"]] == [r["metrics"]["rep_talk_share"] for r in reports]


def test_rich_summary_shows_calls_and_rollups(run, team):
    result = run("analyze", team, "-j", "1")
    assert result.exit_code == 0
    out = result.stdout
    assert "3 calls in" in out
    assert "maya/a-coaching.txt" in out and "ravi/c-managing.txt" in out
    assert "By coach" in out
    team_line = next(line for line in out.splitlines() if line.strip().startswith("team"))
    assert "1 coaching, 2 managing" in team_line


def test_markdown_summary(run, team):
    result = run("analyze", team, "--format", "markdown", "-j", "1")
    assert result.exit_code == 0
    assert result.stdout.startswith("# coachcheck summary")
    assert "## By coach" in result.stdout and "| **team** | 3 |" in result.stdout


def test_csv_rows_in_input_order(run, team):
    result = run("analyze", team, "--format", "csv", "-j", "1")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["file"].split("/")[-1] for r in rows] == ["a-coaching.txt", "b-managing.txt", "c-managing.txt"]
    assert [r["verdict"] for r in rows] == ["coaching", "managing", "managing"]
    assert all(0 <= float(r["coaching_share"]) <= 1 for r in rows)


def test_sort_and_top(run, team):
    result = run("analyze", team, "--format", "csv", "--sort", "score", "--top", "2", "-j", "1")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 2
    assert rows[0]["verdict"] == "coaching"
    assert float(rows[0]["coaching_score"]) >= float(rows[1]["coaching_score"])
    data = json.loads(run("analyze", team, "--format", "json", "--sort", "coach", "--top", "1", "-j", "1").stdout)
    assert [c["coach"] for c in data["calls"]] == ["Maya Chen"]
    assert data["total_calls"] == 3 and data["team"]["calls"] == 3
    by_verdict = json.loads(run("analyze", team, "-f", "json", "--sort", "verdict", "-j", "1").stdout)
    assert [c["verdict"] for c in by_verdict["calls"]] == ["coaching", "managing", "managing"]


def test_sort_with_jsonl_is_a_usage_error(run, team):
    result = run("analyze", team, "--format", "jsonl", "--sort", "score")
    assert result.exit_code == 2
    assert "jsonl" in result.stderr and result.stdout == ""


def test_jsonl_streams_one_full_report_per_call(run, team):
    result = run("analyze", team, "--format", "jsonl", "-j", "1")
    reports = jsonl(result.stdout)
    assert [r["schema"] for r in reports] == ["coachcheck.report/1"] * 3
    assert all(r["turns"] for r in reports)


def test_failures_are_collected_listed_and_do_not_stop_the_batch(run, team):
    (team / "empty.txt").write_text("", encoding="utf-8")
    (team / "solo.txt").write_text(ONE_SPEAKER, encoding="utf-8")
    result = run("analyze", team, team / "missing.txt", "--format", "jsonl", "-j", "1")
    assert result.exit_code == 0, result.output
    assert len(jsonl(result.stdout)) == 3
    err = result.stderr
    assert "3 of 6 file(s) could not be analyzed" in err
    assert "empty.txt: is empty" in err
    assert "solo.txt: only one speaker" in err
    assert "missing.txt: no such file or folder" in err
    assert "Traceback" not in result.output


def test_strict_makes_failures_exit_2_but_still_writes_the_output(run, team, tmp_path):
    (team / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = run("analyze", team, "--format", "csv", "--strict", "-j", "1", "-o", out)
    assert result.exit_code == 2
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == 3
    assert "empty.txt: is empty" in result.stderr


def test_nothing_analyzed_exits_2_and_writes_no_file(run, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("", encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(ONE_SPEAKER, encoding="utf-8")
    result = run("analyze", tmp_path / "in", "--format", "jsonl", "-j", "1", "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 2
    assert "nothing could be analyzed" in result.stderr
    assert leftovers(tmp_path, "out.jsonl") == []


def test_no_transcripts_found_is_one_clean_error(run, tmp_path):
    result = run("analyze", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"coachcheck: error: no transcript files found in {tmp_path}"


def test_output_file_is_written_whole_for_every_format(run, team, tmp_path):
    for fmt in ("jsonl", "csv", "json", "markdown", "rich"):
        out = tmp_path / f"out.{fmt}"
        result = run("analyze", team, "--format", fmt, "-j", "1", "-o", out)
        assert result.exit_code == 0
        assert result.stdout == ""
        text = out.read_text(encoding="utf-8")
        assert "c-managing.txt" in text
        assert leftovers(tmp_path, out.name) == [out.name]
    assert len(jsonl((tmp_path / "out.jsonl").read_text(encoding="utf-8"))) == 3
    assert "By coach" in (tmp_path / "out.rich").read_text(encoding="utf-8")


def test_unwritable_output_folder_fails_before_analyzing(run, team, tmp_path):
    result = run("analyze", team, "-f", "jsonl", "-o", tmp_path / "no" / "such" / "out.jsonl")
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and result.stdout == ""


def test_one_file_gets_the_detailed_report(run, tmp_path):
    path = tmp_path / "call.txt"
    path.write_text(COACHING, encoding="utf-8")
    result = run("analyze", path)
    assert result.exit_code == 0
    assert "Verdict: coaching" in result.stdout and "Strongest evidence" in result.stdout
    data = json.loads(run("analyze", path, "-f", "json").stdout)
    assert data["schema"] == "coachcheck.report/1" and data["turns"]


def test_one_bad_file_is_one_line_error(run, tmp_path):
    path = tmp_path / "solo.txt"
    path.write_text(ONE_SPEAKER, encoding="utf-8")
    result = run("analyze", path)
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and str(path) in lines[0] and "only one speaker" in lines[0]


def test_progress_only_on_an_interactive_stderr_and_never_with_quiet(run, team, monkeypatch):
    plain = run("analyze", team, "-f", "csv", "-j", "1")
    assert "analyzed" not in plain.stderr and "files" not in plain.stderr
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("TTY_INTERACTIVE", "1")
    shown = run("analyze", team, "-f", "csv", "-j", "1")
    assert shown.exit_code == 0
    assert "analyzed 3 file(s)" in shown.stderr and "words/s" in shown.stderr
    assert shown.stdout == plain.stdout  # the bar never mixes into the results
    quiet = run("analyze", team, "-f", "csv", "-j", "1", "--quiet")
    assert "analyzed" not in quiet.stderr


def test_a_small_batch_runs_in_this_process_unless_jobs_is_given(run, team, monkeypatch, tmp_path):
    from coachcheck import engine

    started = []

    def no_workers(*args):
        started.append(args)
        yield from ()

    monkeypatch.setattr(engine, "_in_workers", no_workers)
    assert run("analyze", team, "-f", "csv").exit_code == 0
    assert started == []
    run("analyze", team, "-f", "csv", "-j", "2")
    assert len(started) == 1 and started[0][2] == 2
    big = tmp_path / "big.txt"
    big.write_text(COACHING * 400, encoding="utf-8")  # over 256 KB
    assert engine.auto_jobs([str(big)]) == engine.default_jobs()
    assert engine.auto_jobs([str(p) for p in team.rglob("*.txt")]) == 1
