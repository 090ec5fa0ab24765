"""GitHub Actions annotations: exact lines, GitHub's escaping rules, warnings for baseline-accepted failures."""

from __future__ import annotations

from coachcheck.checking import CallCheck, CheckFailure, CheckRun, Evidence
from coachcheck.model import FileFailure
from coachcheck.reporters.github import escape_data, escape_property, render_github
from coachcheck.thresholds import Thresholds


def _failure(**changes) -> CheckFailure:
    values = dict(
        source="calls/q3/maya, leo.txt", kind="max_share", subject="managing", figure=0.6, limit=0.3,
        limit_source="coachcheck.yaml", message="managing share 60% is above the maximum 30% (6 of 10 coach turns)",
        evidence=(Evidence(2, 5, "Maya Chen", "I need fifty dials a day.", None, "managing: Pushes targets"),
                  Evidence(6, 9, "Maya Chen", "Send it today.\nNo exceptions.", 75.0, "managing: Tells the rep")),
        evidence_total=6,
    )
    values.update(changes)
    return CheckFailure(**values)


def _run(*failures: CheckFailure, accepted=(), errors=()) -> CheckRun:
    call = CallCheck("calls/q3/maya, leo.txt", ("Maya Chen",), "managing", 35.0, {}, Thresholds(), {},
                     tuple(failures), tuple(accepted))
    return CheckRun((call,), tuple(errors))


def test_escaping_follows_githubs_rules():
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_annotation_lines_exactly():
    out = render_github(_run(_failure()))
    assert out.splitlines() == [
        "::error file=calls/q3/maya%2C leo.txt,line=5,title=coachcheck%3A Too much managing::"
        "managing share 60%25 is above the maximum 30%25 (6 of 10 coach turns)"
        "%0Aline 5: managing: Pushes targets: “I need fifty dials a day.”"
        "%0Aline 9 (1:15): managing: Tells the rep: “Send it today.%0ANo exceptions.”"
        "%0A(and 4 more)"
        "%0Alimit set by: coachcheck.yaml",
        "coachcheck: 0 of 1 call passed, 1 failed",
    ]


def test_a_failure_without_evidence_has_no_line_property():
    f = _failure(kind="min_open_questions", subject=None, figure=None, limit=0.5, evidence=(), evidence_total=0,
                 message="the coach asked no questions; the minimum open-question share is 50%")
    assert render_github(_run(f)).splitlines()[0] == (
        "::error file=calls/q3/maya%2C leo.txt,title=coachcheck%3A Too few open questions::"
        "the coach asked no questions; the minimum open-question share is 50%25%0Alimit set by: coachcheck.yaml")


def test_accepted_failures_are_warnings_and_errors_are_listed():
    f = _failure(evidence=_failure().evidence[:1], evidence_total=1)
    run = _run(accepted=(f,), errors=(FileFailure("calls/bad.vtt", "calls/bad.vtt: no cues found"),))
    assert render_github(run).splitlines() == [
        "::warning file=calls/q3/maya%2C leo.txt,line=5,title=coachcheck%3A Too much managing::"
        "accepted by the baseline: managing share 60%25 is above the maximum 30%25 (6 of 10 coach turns)"
        "%0Aline 5: managing: Pushes targets: “I need fifty dials a day.”%0Alimit set by: coachcheck.yaml",
        "::error file=calls/bad.vtt,title=coachcheck%3A cannot analyze::calls/bad.vtt: no cues found",
        "coachcheck: 1 of 1 call passed (1 known failing call accepted by the baseline); "
        "1 file could not be analyzed",
    ]


def test_github_format_end_to_end_points_at_transcript_lines(run_check, reports):
    result = run_check("check", "calls/managing.txt", "-f", "github", "--min-score", "0",
                       "--max-share", "managing=0.3")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    managing = [t.turn.line for t in reports["managing"].turns if t.category == "managing"]
    assert lines[0].startswith(f"::error file=calls/managing.txt,line={managing[0]},"
                               "title=coachcheck%3A Too much managing::managing share ")
    assert "%25 is above the maximum 30%25 (" in lines[0]
    assert "\n" not in lines[0]
    assert [f"%0Aline {n}: managing: " in lines[0] for n in managing] == [True] * len(managing)
    assert lines[1] == "coachcheck: 0 of 1 call passed, 1 failed"
