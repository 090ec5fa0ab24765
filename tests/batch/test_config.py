"""`analyze` takes coach, rules, disable, format and jobs from the config file; options win."""

from __future__ import annotations

import json


def test_config_file_sets_format_jobs_and_coach(run, team, tmp_path):
    config = tmp_path / "coachcheck.yaml"
    config.write_text("format: jsonl\njobs: 1\ncoach: [Sam Novak, Lena Park]\n", encoding="utf-8")
    result = run("analyze", team, "--config", config)
    assert result.exit_code == 0, result.output
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["coach"] for r in reports] == [["Sam Novak"], ["Sam Novak"], ["Lena Park"]]


def test_options_win_over_the_config_file(run, team, tmp_path):
    config = tmp_path / "coachcheck.yaml"
    config.write_text("format: jsonl\ncoach: [Sam Novak]\n", encoding="utf-8")
    result = run("analyze", team, "--config", config, "--format", "csv", "--coach", "Maya Chen", "-j", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("file,coach,verdict")
    assert result.stdout.count("Maya Chen") == 2


def test_config_disable_switches_rules_off(run, team, tmp_path):
    config = tmp_path / "coachcheck.yaml"
    on = json.loads(run("analyze", team / "maya" / "b-managing.txt", "-f", "json").stdout)
    fired = sorted({f["rule"] for f in on["findings"]})
    config.write_text("disable: [" + ", ".join(fired) + "]\n", encoding="utf-8")
    off = json.loads(run("analyze", team / "maya" / "b-managing.txt", "-f", "json", "--config", config).stdout)
    assert fired and not {f["rule"] for f in off["findings"]} & set(fired)


def test_a_check_only_format_in_the_config_falls_back_to_rich(run, team, tmp_path):
    config = tmp_path / "coachcheck.yaml"
    config.write_text("format: junit\njobs: 1\n", encoding="utf-8")
    result = run("analyze", team, "--config", config)
    assert result.exit_code == 0
    assert "By coach" in result.stdout


def test_a_bad_config_file_is_a_clean_error(run, team, tmp_path):
    config = tmp_path / "coachcheck.yaml"
    config.write_text("jobs: many\n", encoding="utf-8")
    result = run("analyze", team, "--config", config)
    assert result.exit_code == 2
    assert str(config) in result.stderr and "jobs" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""
