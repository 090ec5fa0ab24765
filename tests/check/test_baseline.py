"""Baselines: new bad calls fail, unchanged old bad calls pass, old calls that got worse fail."""

from __future__ import annotations

import json

from coachcheck.baseline import BASELINE_SCHEMA, apply_baseline, baseline_key, got_worse
from coachcheck.checking import CheckFailure, check_call
from coachcheck.thresholds import Thresholds

EXTRA_MANAGING = (
    "Maya Chen: I need ten more meetings booked by Friday, and I will check your calendar every morning.\n"
    "Leo Park: Okay.\n"
    "Maya Chen: Send me your pipeline report by noon today.\n"
    "Leo Park: Sure.\n"
)


def _gate_args() -> list[str]:
    return ["--min-score", "0", "--max-share", "managing=0.3", "-f", "json"]


def test_write_baseline_records_every_call_relative_to_the_baseline_file(run_check, workdir):
    (workdir / "ci").mkdir()
    result = run_check("check", "calls", "--write-baseline", "ci/scores.json", *_gate_args())
    assert result.exit_code == 0  # writing a baseline accepts the calls as they are
    assert "wrote the figures of 3 call(s) to ci/scores.json" in result.stderr
    data = json.loads((workdir / "ci" / "scores.json").read_text(encoding="utf-8"))
    assert data["schema"] == BASELINE_SCHEMA
    assert sorted(data["calls"]) == ["../calls/coaching.txt", "../calls/managing.txt", "../calls/timed.vtt"]
    entry = data["calls"]["../calls/managing.txt"]
    assert len(entry["sha256"]) == 64
    assert entry["figures"]["share.managing"] > 0.3 and entry["figures"]["verdict"] == "managing"


def test_unchanged_old_bad_call_passes_and_a_new_bad_call_fails(run_check, workdir):
    run_check("check", "calls", "--write-baseline", "scores.json", *_gate_args())
    result = run_check("check", "calls", "--baseline", "scores.json", *_gate_args())
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    managing = next(c for c in data["calls"] if c["source"] == "calls/managing.txt")
    assert managing["passed"] is True and managing["baseline"] == "same"
    assert [f["kind"] for f in managing["accepted"]] == ["max_share"]
    assert "accepted by the baseline" in data["summary"]

    (workdir / "calls" / "new-managing.txt").write_bytes(
        (workdir / "calls" / "managing.txt").read_bytes().replace(b"Harwick", b"Dunmore"))
    result = run_check("check", "calls", "--baseline", "scores.json", *_gate_args())
    assert result.exit_code == 1
    new = next(c for c in json.loads(result.stdout)["calls"] if c["source"] == "calls/new-managing.txt")
    assert new["baseline"] == "new" and [f["kind"] for f in new["failures"]] == ["max_share"]


def test_an_old_call_that_got_worse_fails(run_check, workdir):
    run_check("check", "calls", "--write-baseline", "scores.json", "--min-score", "0", "--max-share", "managing=0.1",
              "-f", "json")
    coaching = workdir / "calls" / "coaching.txt"
    coaching.write_text(coaching.read_text(encoding="utf-8").replace("Dana Reyes", "Maya Chen").replace(
        "Sam Ortiz", "Leo Park") + EXTRA_MANAGING, encoding="utf-8")
    result = run_check("check", "calls", "--baseline", "scores.json", "--min-score", "0",
                       "--max-share", "managing=0.1", "-f", "json")
    assert result.exit_code == 1
    call = next(c for c in json.loads(result.stdout)["calls"] if c["source"] == "calls/coaching.txt")
    assert call["baseline"] == "edited"
    assert [f["kind"] for f in call["failures"]] == ["max_share"]
    assert any(n.startswith("baseline: share.managing got worse (0 -> ") for n in call["notes"])


def test_a_moved_call_is_found_by_its_content(run_check, workdir):
    run_check("check", "calls", "--write-baseline", "scores.json", *_gate_args())
    (workdir / "calls" / "archive").mkdir()
    (workdir / "calls" / "managing.txt").rename(workdir / "calls" / "archive" / "managing.txt")
    result = run_check("check", "calls", "--baseline", "scores.json", *_gate_args())
    assert result.exit_code == 0
    moved = next(c for c in json.loads(result.stdout)["calls"] if c["source"] == "calls/archive/managing.txt")
    assert moved["baseline"] == "moved" and moved["passed"] is True


def test_a_bad_baseline_file_exits_2(run_check, workdir):
    (workdir / "scores.json").write_text("{\"calls\": {}}", encoding="utf-8")
    result = run_check("check", "calls", "--baseline", "scores.json")
    assert result.exit_code == 2
    assert result.stderr.startswith("coachcheck: error: scores.json: not a coachcheck baseline")
    result = run_check("check", "calls", "--baseline", "missing.json")
    assert result.exit_code == 2 and "missing.json: no such baseline file" in result.stderr


def test_got_worse_directions(reports):
    check = check_call(reports["managing"], Thresholds(min_score=100, max_share=(("managing", 0.1),),
                                                       forbid_verdict=("managing",)))
    by_kind: dict[str, CheckFailure] = {f.kind: f for f in check.failures}
    score, share, verdict = by_kind["min_score"], by_kind["max_share"], by_kind["forbid_verdict"]
    assert not got_worse(score, {"coaching_score": score.figure})
    assert got_worse(score, {"coaching_score": score.figure + 5})  # the score dropped
    assert not got_worse(score, {"coaching_score": score.figure - 5})  # it improved, still below the minimum
    assert got_worse(share, {"share.managing": share.figure - 0.1})  # the share rose
    assert not got_worse(share, {"share.managing": share.figure})
    assert got_worse(verdict, {"verdict": "coaching"}) and not got_worse(verdict, {"verdict": "managing"})
    assert got_worse(score, {})  # nothing stored to compare with


def test_apply_baseline_keeps_worse_failures(reports):
    from coachcheck.baseline import BaselineEntry

    check = check_call(reports["managing"], Thresholds(min_score=100, max_share=(("managing", 0.1),)))
    stored = dict(check.figures, coaching_score=check.coaching_score + 1)
    after = apply_baseline(check, BaselineEntry("calls/managing.txt", "x", stored), "edited")
    assert [f.kind for f in after.failures] == ["min_score"]
    assert [f.kind for f in after.accepted] == ["max_share"]
    assert not after.passed


def test_baseline_key_is_relative_to_the_baseline_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert baseline_key("calls/a.txt", "scores.json") == "calls/a.txt"
    assert baseline_key("calls/a.txt", "ci/scores.json") == "../calls/a.txt"
