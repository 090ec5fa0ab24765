"""The pre-commit hook: the real `pre-commit` tool runs this repository's `.pre-commit-hooks.yaml`.

`pre-commit try-repo ROOT coachcheck` builds the hook's environment in a throwaway store on every
call (about a minute: it pip-installs coachcheck and spaCy from PyPI), so this test writes the config
try-repo would generate (`repo: ROOT`, `rev: HEAD`) and runs `pre-commit run --files` twice against one
store: the managing call must fail the commit, the coaching call must pass. It tests the committed
HEAD of the repository found from this file (in a fresh clone, the tree itself).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CALLS = Path(__file__).resolve().parents[1] / "fixtures" / "check" / "calls"

pytestmark = pytest.mark.slow


def _pre_commit() -> list[str] | None:
    if importlib.util.find_spec("pre_commit") is not None:
        return [sys.executable, "-m", "pre_commit"]
    exe = shutil.which("pre-commit")
    return [exe] if exe else None


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.mark.skipif(_pre_commit() is None, reason="pre-commit is not installed (pip install pre-commit)")
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_hook_fails_a_managing_call_and_passes_a_coaching_call(tmp_path):
    if not (ROOT / ".git").exists():
        pytest.skip(f"{ROOT} is not a git repository (pre-commit installs hooks from git)")
    head = _git("rev-parse", "HEAD", cwd=ROOT)
    committed = subprocess.run(["git", "cat-file", "-e", f"{head}:.pre-commit-hooks.yaml"], cwd=ROOT,
                               capture_output=True)
    if committed.returncode != 0:
        pytest.skip(".pre-commit-hooks.yaml is not committed yet")
    repo = tmp_path / "team"
    (repo / "calls").mkdir(parents=True)
    _git("init", "-q", cwd=repo)
    for name in ("managing.txt", "coaching.txt"):
        shutil.copy(CALLS / name, repo / "calls" / name)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT.as_posix()}\n    rev: {head}\n    hooks:\n      - id: coachcheck\n",
        encoding="utf-8")
    _git("add", ".", cwd=repo)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PRE_COMMIT", "VIRTUAL_ENV"))}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "store"), NO_COLOR="1", PRE_COMMIT_COLOR="never")
    command = [*_pre_commit(), "run", "--files"]

    failed = subprocess.run([*command, "calls/managing.txt"], cwd=repo, env=env, capture_output=True, text=True,
                            timeout=600)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "coachcheck" in output and "Failed" in output
    assert "calls/managing.txt" in output and "Coaching score below the minimum" in output

    passed = subprocess.run([*command, "calls/coaching.txt"], cwd=repo, env=env, capture_output=True, text=True,
                            timeout=300)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
