"""`coachcheck check` end to end: exit codes, thresholds from options and config, formats, --output."""

from __future__ import annotations

import json

import pytest

from coachcheck.cli.check import EXIT_ERROR, EXIT_FAIL, EXIT_PASS


def test_exit_codes_are_named():
    assert (EXIT_PASS, EXIT_FAIL, EXIT_ERROR) == (0, 1, 2)


def test_a_coaching_call_passes_the_default_gate(run_check):
    result = run_check("check", "calls/coaching.txt")
    assert result.exit_code == EXIT_PASS, result.output
    assert "1 of 1 call passed" in result.stdout
    assert result.stderr == ""


def test_a_managing_call_fails_the_default_min_score(run_check):
    result = run_check("check", "calls", "-f", "json")
    assert result.exit_code == EXIT_FAIL
    data = json.loads(result.stdout)
    by_file = {c["source"]: c for c in data["calls"]}
    assert by_file["calls/managing.txt"]["passed"] is False
    assert by_file["calls/managing.txt"]["failures"][0]["kind"] == "min_score"
    assert by_file["calls/managing.txt"]["threshold_sources"] == {"min_score": "default"}
    assert by_file["calls/coaching.txt"]["passed"] is True
    assert data["outcome"] == "fail" and data["schema"] == "coachcheck.check/1"


def test_threshold_options(run_check):
    result = run_check("check", "calls/coaching.txt", "-f", "json", "--min-score", "0", "--max-share", "coaching=0.5",
                       "--forbid-verdict", "coaching", "--min-rep-talk", "90%", "--min-open-questions", "1",
                       "--max-monologue-words", "5")
    assert result.exit_code == EXIT_FAIL
    call = json.loads(result.stdout)["calls"][0]
    assert [f["kind"] for f in call["failures"]] == [
        "max_share", "forbid_verdict", "min_rep_talk", "min_open_questions", "max_monologue_words"]
    assert set(call["threshold_sources"].values()) == {"option"}


def test_a_missing_file_exits_2_and_is_listed(run_check):
    result = run_check("check", "calls/coaching.txt", "calls/nope.txt", "-f", "json")
    assert result.exit_code == EXIT_ERROR
    data = json.loads(result.stdout)
    assert data["outcome"] == "error"
    assert data["errors"] == [{"source": "calls/nope.txt", "error": "calls/nope.txt: no such file or folder"}]
    assert data["calls"][0]["passed"] is True  # the other call is still reported
    assert result.stderr.strip() == "coachcheck: error: calls/nope.txt: no such file or folder"


def test_a_file_that_cannot_be_analyzed_is_never_a_pass(run_check, workdir):
    (workdir / "calls" / "empty.txt").write_text("", encoding="utf-8")
    result = run_check("check", "calls/coaching.txt", "calls/empty.txt")
    assert result.exit_code == EXIT_ERROR
    assert "calls/empty.txt" in result.stderr
    assert "Traceback" not in result.output


def test_no_transcripts_found_is_a_usage_error(run_check, workdir):
    (workdir / "empty").mkdir()
    result = run_check("check", "empty")
    assert result.exit_code == EXIT_ERROR
    assert result.stderr.strip() == "coachcheck: error: no transcript files found in empty"


@pytest.mark.parametrize("args", [["--max-share", "bossing=0.2"], ["--min-rep-talk", "2"],
                                  ["--forbid-verdict", "yelling"], ["--min-score", "120"],
                                  ["--baseline", "a.json", "--write-baseline", "b.json"]])
def test_bad_options_exit_2(run_check, args):
    result = run_check("check", "calls/coaching.txt", *args)
    assert result.exit_code == EXIT_ERROR
    assert "Traceback" not in result.output


def test_a_bad_rule_pack_exits_2_with_its_position(run_check, workdir):
    (workdir / "bad.yaml").write_text("rules:\n  - id: managing.x\n    category: bossing\n", encoding="utf-8")
    result = run_check("check", "calls/coaching.txt", "--rules", "bad.yaml")
    assert result.exit_code == EXIT_ERROR
    assert "bad.yaml:" in result.stderr and "Traceback" not in result.output


def test_config_check_section_and_precedence_end_to_end(run_check, workdir):
    (workdir / "calls" / "onboarding").mkdir()
    (workdir / "calls" / "onboarding" / "managing.txt").write_bytes((workdir / "calls" / "managing.txt").read_bytes())
    (workdir / "coachcheck.yaml").write_text(
        "check:\n"
        "  min_score: 0\n"
        "  max_share: {managing: 0.5}\n"
        "  overrides:\n"
        "    - {paths: 'calls/onboarding/**', max_share: {managing: 1}}\n", encoding="utf-8")
    result = run_check("check", "calls/managing.txt", "calls/onboarding/managing.txt", "-f", "json")
    assert result.exit_code == EXIT_FAIL
    calls = {c["source"]: c for c in json.loads(result.stdout)["calls"]}
    assert calls["calls/managing.txt"]["failures"][0]["limit_source"] == "coachcheck.yaml"
    assert calls["calls/onboarding/managing.txt"]["passed"] is True
    assert calls["calls/onboarding/managing.txt"]["threshold_sources"]["max_share.managing"] == "coachcheck.yaml:5"
    # the command line beats the override
    result = run_check("check", "calls/onboarding/managing.txt", "-f", "json", "--max-share", "managing=0.2")
    call = json.loads(result.stdout)["calls"][0]
    assert result.exit_code == EXIT_FAIL
    assert (call["failures"][0]["limit"], call["failures"][0]["limit_source"]) == (0.2, "option")


def test_coach_override_from_the_config(run_check, workdir):
    (workdir / "coachcheck.yaml").write_text(
        "check:\n  overrides:\n    - {coach: Maya Chen, min_score: 0}\n", encoding="utf-8")
    assert run_check("check", "calls/managing.txt").exit_code == EXIT_PASS


def test_a_bad_config_file_exits_2_with_positions(run_check, workdir):
    (workdir / "coachcheck.yaml").write_text("check:\n  min_scor: 50\n", encoding="utf-8")
    result = run_check("check", "calls/coaching.txt")
    assert result.exit_code == EXIT_ERROR
    assert result.stderr.startswith("coachcheck: error: coachcheck.yaml:2:3: check.min_scor: unknown setting")


def test_explicit_config_option(run_check, workdir):
    (workdir / "strict.yaml").write_text("check: {min_score: 99}\n", encoding="utf-8")
    assert run_check("check", "calls/coaching.txt").exit_code == EXIT_PASS
    assert run_check("check", "calls/coaching.txt", "--config", "strict.yaml").exit_code == EXIT_FAIL


def test_format_from_the_config_and_github_under_actions(run_check, workdir, monkeypatch):
    (workdir / "coachcheck.yaml").write_text("check: {format: junit}\n", encoding="utf-8")
    assert run_check("check", "calls/coaching.txt").stdout.startswith("<?xml")
    (workdir / "coachcheck.yaml").unlink()
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run_check("check", "calls/managing.txt")
    assert result.stdout.startswith("::error file=calls/managing.txt,line=1,")
    assert run_check("check", "calls/managing.txt", "-f", "markdown").stdout.startswith("# coachcheck check")


def test_rich_output_lists_failures_with_evidence_lines(run_check):
    result = run_check("check", "calls", "--max-share", "managing=0.3")
    assert result.exit_code == EXIT_FAIL
    out = result.stdout
    assert "calls/managing.txt" in out and "FAIL" in out
    assert "Too much managing" in out
    assert "line 1: managing:" in out
    assert "1 of 3 calls passed, 2 failed" in out or "2 of 3 calls passed, 1 failed" in out


def test_markdown_output(run_check):
    result = run_check("check", "calls", "-f", "markdown", "--max-share", "managing=0.3")
    text = result.stdout
    assert text.startswith("# coachcheck check\n\n❌ **")
    assert "| calls/managing.txt | Maya Chen | managing |" in text
    assert "### calls/managing.txt" in text
    assert "- **Too much managing**: managing share" in text
    assert "  - line 3: managing:" in text


def test_output_file_is_written_whole(run_check, workdir):
    result = run_check("check", "calls", "-f", "sarif", "-o", "out/report.sarif")
    assert result.exit_code == EXIT_ERROR  # the folder does not exist: a clean error, nothing half-written
    assert "out/report.sarif" in result.stderr and "Traceback" not in result.output
    (workdir / "out").mkdir()
    result = run_check("check", "calls", "-f", "sarif", "-o", "out/report.sarif")
    assert result.exit_code == EXIT_FAIL and result.stdout == ""
    assert json.loads((workdir / "out" / "report.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert [p.name for p in (workdir / "out").iterdir()] == ["report.sarif"]


def test_rich_output_to_a_file_is_plain_text(run_check, workdir):
    run_check("check", "calls/coaching.txt", "-o", "report.txt")
    text = (workdir / "report.txt").read_text(encoding="utf-8")
    assert "1 of 1 call passed" in text and "\x1b[" not in text
