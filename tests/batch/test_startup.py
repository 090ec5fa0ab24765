"""`coachcheck --help`, `--version` and `analyze --help` must not import spaCy (they stay fast)."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
sys.argv = ["coachcheck", *{args!r}]
try:
    from coachcheck.cli import main
    main()
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in ("spacy", "thinc", "coachcheck.nlp.pipeline", "coachcheck.engine") if m in sys.modules)
print("HEAVY:" + ",".join(heavy), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["analyze", "--help"]])
def test_help_and_version_do_not_import_spacy(args):
    proc = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True, timeout=60)
    heavy = next(line for line in proc.stderr.splitlines() if line.startswith("HEAVY:"))
    assert heavy == "HEAVY:", heavy
    assert proc.stdout.strip(), "printed something"


def test_module_entry_point_prints_the_version():
    proc = subprocess.run([sys.executable, "-m", "coachcheck", "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert proc.stdout.startswith("coachcheck ")
