"""`coachcheck analyze`: output formats, --output, the report schema, and bad input through the CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parent / "fixtures" / "core"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

FIXTURES = sorted(CORE.glob("*.txt")) + sorted(CORE.glob("*.vtt"))
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.txt"))


def test_rich_is_the_default_format(cli):
    result = cli("analyze", CORE / "no_times.txt")
    assert result.exit_code == 0, result.output
    assert "Verdict:" in result.stdout and "Coaching score:" in result.stdout
    assert "Dana Cole" in result.stdout
    assert result.stderr == ""


def test_json_format_is_one_report_object(cli):
    result = cli("analyze", CORE / "with_times.txt", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == str(CORE / "with_times.txt")
    assert data["coach"] == ["Gloria Estrada"] and data["reps"] == ["Sam Ortiz"]
    assert [t["start"] for t in data["turns"]] == [5.0, 12.0, 20.0, 31.0, 36.0, 70.0, 74.0]


def test_jsonl_format_is_one_line_per_file_and_nothing_else(cli):
    files = [CORE / "no_times.txt", CORE / "with_times.txt", CORE / "three_speakers.txt"]
    result = cli("analyze", *files, "--format", "jsonl", "-j", "1")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [json.loads(line)["source"] for line in lines] == [str(f) for f in files]


def test_markdown_format(cli):
    result = cli("analyze", CORE / "with_times.txt", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"# coachcheck: {CORE / 'with_times.txt'}\n")
    assert "**Verdict: managing**" in result.stdout
    assert "| managing |" in result.stdout


def test_coach_option_overrides_detection(cli):
    result = cli("analyze", CORE / "no_times.txt", "--coach", "LEE PARK", "-f", "json")
    data = json.loads(result.stdout)
    assert data["coach"] == ["Lee Park"] and data["coach_reason"] == "named with --coach"


def test_coach_option_matching_nobody_warns_in_the_report(cli):
    result = cli("analyze", CORE / "no_times.txt", "--coach", "Nobody Here", "-f", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["coach"] == ["Dana Cole"]
    assert any("Nobody Here" in w for w in data["warnings"])


@pytest.mark.parametrize("fmt", ["json", "jsonl", "markdown", "rich"])
def test_output_writes_the_whole_report_to_a_file_and_nothing_to_stdout(cli, tmp_path, fmt):
    target = tmp_path / f"report.{fmt}"
    to_file = cli("analyze", CORE / "no_times.txt", "--format", fmt, "--output", target)
    assert to_file.exit_code == 0, to_file.output
    assert to_file.stdout == ""
    written = target.read_text(encoding="utf-8")
    if fmt == "rich":
        assert "Verdict:" in written
    else:
        assert written == cli("analyze", CORE / "no_times.txt", "--format", fmt).stdout
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left behind


@pytest.mark.parametrize("bad", ["missing.txt", "empty.txt"])
def test_existing_output_file_is_untouched_when_the_run_fails(cli, write, tmp_path, bad):
    write("empty.txt", "")
    target = write("report.json", '{"old": true}\n')
    result = cli("analyze", tmp_path / bad, "--format", "json", "--output", target)
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == '{"old": true}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "report.json"]


# --- the report schema, on real reports -------------------------------------------------------------


@pytest.mark.parametrize("path", FIXTURES + EXAMPLE_FILES, ids=lambda p: p.name)
def test_json_report_matches_the_schema(cli, validate_report, path):
    result = cli("analyze", path, "--format", "json")
    assert result.exit_code == 0, result.output
    validate_report(json.loads(result.stdout))


def test_every_jsonl_line_matches_the_schema(cli, validate_report):
    result = cli("analyze", *FIXTURES, *EXAMPLE_FILES, "--format", "jsonl", "-j", "1")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == len(FIXTURES) + len(EXAMPLE_FILES)
    for line in lines:
        validate_report(json.loads(line))


def test_schema_rejects_what_to_dict_never_writes(cli, validate_report):
    data = json.loads(cli("analyze", CORE / "three_speakers.txt", "-f", "json").stdout)
    for mutate in (
        lambda d: d.update(verdict="great"),
        lambda d: d.update(schema="coachcheck.report/2"),
        lambda d: d.pop("turns"),
        lambda d: d.update(extra=1),
        lambda d: d["turns"][0].update(role="bot"),
        lambda d: d["turns"][1]["sentences"][0].update(act="question", question_type=None),
        lambda d: d["turns"][2].update(category="coaching"),       # a rep turn has no category
        lambda d: d["category_counts"].pop("neutral"),
        lambda d: d.update(coaching_score=101),
    ):
        broken = json.loads(json.dumps(data))
        mutate(broken)
        with pytest.raises(AssertionError):
            validate_report(broken)


def test_schema_fixtures_cover_times_and_third_parties(cli):
    timed = json.loads(cli("analyze", CORE / "with_end_times.vtt", "-f", "json").stdout)
    assert all(t["start"] is not None and t["end"] is not None for t in timed["turns"])
    assert timed["metrics"]["longest_monologue_seconds"] is not None
    three = json.loads(cli("analyze", CORE / "three_speakers.txt", "-f", "json").stdout)
    assert {t["speaker"]: t["role"] for t in three["turns"]} == {
        "Notetaker Bot": "other", "Priya Raman": "coach", "Jonah Whitaker": "rep"}
    assert three["coach"] == ["Priya Raman"] and three["reps"] == ["Jonah Whitaker"]


def test_schema_is_shipped_inside_the_package(report_schema):
    assert report_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert report_schema["properties"]["schema"] == {"const": "coachcheck.report/1"}
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(report_schema)


# --- bad input: one line on stderr naming the file, exit 2, no traceback -----------------------------


def test_missing_file(cli, tmp_path, user_error):
    path = tmp_path / "nope.txt"
    user_error(cli("analyze", path), path, "no such file")


def test_empty_file(cli, write, user_error):
    path = write("empty.txt", "")
    user_error(cli("analyze", path), path, "empty")


def test_binary_file(cli, write, user_error):
    path = write("audio.txt", bytes(range(256)) * 8)
    user_error(cli("analyze", path), path, "binary")


def test_text_without_speaker_labels(cli, write, user_error):
    path = write("notes.txt", "We talked about the Acme deal.\nIt went fine, more next week.\n")
    user_error(cli("analyze", path), path, "no speaker labels")


def test_transcript_with_one_speaker(cli, write, user_error):
    path = write("monologue.txt", "Dana Cole: Hi everyone.\nDana Cole: Let's get started with the numbers.\n")
    user_error(cli("analyze", path), path, "only one speaker")


def test_several_paths_good_ones_analyzed_failures_listed_at_the_end(cli, write, tmp_path):
    empty = write("empty.txt", "")
    good = write("good.txt", (CORE / "no_times.txt").read_text(encoding="utf-8"))
    second = tmp_path / "second.txt"
    shutil.copy(CORE / "with_times.txt", second)
    missing = tmp_path / "missing.txt"
    result = cli("analyze", missing, good, empty, second, "--format", "jsonl", "-j", "1")
    assert "Traceback" not in result.output
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == [str(good), str(second)]
    errors = result.stderr.splitlines()
    about_missing = [i for i, line in enumerate(errors) if str(missing) in line and "no such file" in line]
    about_empty = [i for i, line in enumerate(errors) if str(empty) in line and "empty" in line]
    assert len(about_missing) == 1 and len(about_empty) == 1, errors
    assert not [line for line in errors if str(good) in line or str(second) in line]
    assert result.exit_code == 0  # some calls were analyzed; --strict makes failures fatal
    strict = cli("analyze", good, empty, "--format", "jsonl", "--strict", "-j", "1")
    assert strict.exit_code == 2 and len(strict.stdout.splitlines()) == 1


def test_all_paths_failing_exits_2_and_names_each_file(cli, write, tmp_path):
    empty, missing = write("a.txt", ""), tmp_path / "b.txt"
    result = cli("analyze", empty, missing, "--format", "json", "-j", "1")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert f"{empty}: is empty" in result.stderr
    assert str(missing) in result.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="file names that are not UTF-8 are a POSIX matter")
@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "markdown", "rich"])
@pytest.mark.parametrize("to_file", [False, True])
def test_a_file_whose_name_is_not_utf8_is_reported_with_an_escape(tmp_path, fmt, to_file):
    calls = tmp_path / "calls"
    calls.mkdir()
    call = (CORE / "no_times.txt").read_bytes()
    (calls / "a.txt").write_bytes(call)
    odd = os.fsdecode(b"b\xe9.txt")  # Python reads the byte as a lone surrogate, "\udce9"
    (calls / odd).write_bytes(call)
    out = tmp_path / f"out.{fmt}"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}  # strict, as in most UTF-8 locales
    proc = subprocess.run([sys.executable, "-m", "coachcheck", "analyze", str(calls), "--format", fmt, "-j", "1",
                           *(["-o", str(out)] if to_file else [])], capture_output=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    assert b"Traceback" not in proc.stderr and b"internal error" not in proc.stderr
    text = (out.read_bytes() if to_file else proc.stdout).decode("utf-8")  # valid UTF-8 throughout
    assert "b\\udce9.txt" in text
    if fmt == "jsonl":
        assert [json.loads(line)["source"] for line in text.splitlines()] == [str(calls / "a.txt"), str(calls / odd)]


def test_a_turn_longer_than_spacy_takes_is_named_in_the_error(cli, write):
    path = write("huge.txt", "Manager: " + "what do you think about it " * 40_000 + "\nRep: ok\n")
    result = cli("analyze", path)
    assert result.exit_code == 2
    assert result.stderr == (f"coachcheck: error: {path}: turn 1 has 1,079,999 characters, "
                             "more than spaCy takes at once (1,000,000)\n")
