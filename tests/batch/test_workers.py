"""Batches in worker processes: stable order, a killed worker, Ctrl-C, errors while starting up.

These spawn real worker processes (each imports spaCy and builds the pipeline), so they are
marked slow.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_helpers import leftovers, worker_pids, write_corpus

from coachcheck.engine import WorkerDied, analyze_paths
from coachcheck.model import FileFailure, Options

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def no_hang():
    """Fail a test that waits more than 3 minutes instead of hanging the whole run."""

    def hung(signum, frame):
        raise TimeoutError("the batch hung")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(180)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_jobs_1_and_2_give_identical_jsonl(run, tmp_path):
    write_corpus(tmp_path / "calls", 9, repeat=2)
    (tmp_path / "calls" / "call-004.txt").write_text("", encoding="utf-8")  # a failure in the middle
    one = run("analyze", tmp_path / "calls", "-f", "jsonl", "-j", "1")
    two = run("analyze", tmp_path / "calls", "-f", "jsonl", "-j", "2")
    assert one.exit_code == two.exit_code == 0
    assert len(one.stdout.splitlines()) == 8
    assert one.stdout == two.stdout
    assert "call-004.txt: is empty" in two.stderr


def test_engine_raises_worker_died_when_a_worker_is_killed(tmp_path):
    files = [str(p) for p in write_corpus(tmp_path, 40, repeat=8)]
    results = analyze_paths(files, Options(), jobs=2)
    first = next(results)
    assert not isinstance(first, FileFailure)
    victim = multiprocessing.active_children()[0]
    os.kill(victim.pid, signal.SIGKILL)
    seen = 1
    with pytest.raises(WorkerDied) as info:
        for _ in results:
            seen += 1
    assert seen < len(files), "the batch stopped"
    assert info.value.done == seen
    assert "worker process died" in str(info.value) and f"stopped after {seen} file(s)" in str(info.value)
    assert set(info.value.files) <= set(files[seen:]), "only files not yet reported can be in progress"
    deadline = time.monotonic() + 10
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert multiprocessing.active_children() == []


def test_closing_the_results_early_stops_the_workers(tmp_path):
    files = [str(p) for p in write_corpus(tmp_path, 20, repeat=4)]
    results = analyze_paths(files, Options(), jobs=2)
    next(results)
    assert multiprocessing.active_children()
    results.close()
    assert multiprocessing.active_children() == []


def _start(args: list[str], tmp_path: Path) -> subprocess.Popen:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.Popen([sys.executable, "-m", "coachcheck", *args], cwd=tmp_path, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _wait_for_first_results(tmp_path: Path, name: str, proc: subprocess.Popen) -> None:
    """Until the temporary output file has some bytes: the batch has started and is not over."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        tmps = [p for p in tmp_path.glob(f".{name}.*.tmp") if p.stat().st_size > 0]
        if tmps:
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    raise AssertionError("the batch produced nothing in 120 s")


def test_cli_killed_worker_stops_with_exit_2_and_no_output_file(tmp_path):
    write_corpus(tmp_path / "calls", 40, repeat=8)
    proc = _start(["analyze", "calls", "-f", "jsonl", "-j", "2", "-o", "out.jsonl", "-q"], tmp_path)
    _wait_for_first_results(tmp_path, "out.jsonl", proc)
    os.kill(worker_pids(proc.pid)[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2, err
    assert "worker process died" in err and "no output written" in err
    assert "Traceback" not in err
    assert leftovers(tmp_path, "out.jsonl") == []
    assert worker_pids(proc.pid) == []


def test_cli_ctrl_c_stops_cleanly_with_no_output_file(tmp_path):
    write_corpus(tmp_path / "calls", 40, repeat=8)
    proc = _start(["analyze", "calls", "-f", "jsonl", "-j", "2", "-o", "out.jsonl"], tmp_path)
    _wait_for_first_results(tmp_path, "out.jsonl", proc)
    workers = worker_pids(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)  # like Ctrl-C in a terminal: the whole process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted:" in err and "of 40 file(s) done; no output written" in err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert leftovers(tmp_path, "out.jsonl") == []
    assert all(not Path(f"/proc/{pid}").exists() or _zombie(pid) for pid in workers)


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_keyboard_interrupt_mid_batch_leaves_no_output(run, team, tmp_path, monkeypatch):
    from coachcheck import engine

    real = engine.analyze_paths

    def interrupted(files, options, jobs=1, convert=None):
        for i, result in enumerate(real(files, options, 1, convert)):
            if i == 2:
                raise KeyboardInterrupt
            yield result

    monkeypatch.setattr(engine, "analyze_paths", interrupted)
    for fmt in ("jsonl", "csv", "json"):
        out = tmp_path / f"out.{fmt}"
        result = run("analyze", team, "-f", fmt, "-o", out)
        assert result.exit_code == 130
        assert "interrupted: 2 of 3 file(s) done; no output written" in result.stderr
        assert leftovers(tmp_path, out.name) == []


def test_bad_rules_in_workers_are_reported_like_in_process(run, team, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: nope\n", encoding="utf-8")
    for jobs in ("1", "2"):
        result = run("analyze", team, "-f", "jsonl", "-j", jobs, "--rules", bad, "-o", tmp_path / "out.jsonl")
        assert result.exit_code == 2
        assert str(bad) in result.stderr
        assert "Traceback" not in result.output
        assert leftovers(tmp_path, "out.jsonl") == []
