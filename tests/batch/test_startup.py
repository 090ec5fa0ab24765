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


SPACY_PROBE = """
import sys
import coachcheck.nlp
print("LOADED:", "spacy" in sys.modules, "spacy.cli" in sys.modules, "weasel" in sys.modules)
import spacy
print("TOKENS:", len(spacy.blank("en")("Where do you want to start?")))
import spacy.cli
print("REAL_CLI:", callable(spacy.cli.download), spacy.info()["spacy_version"] == spacy.__version__)
"""


def test_spacy_is_imported_without_its_cli_which_still_loads_when_asked_for():
    proc = subprocess.run([sys.executable, "-c", SPACY_PROBE], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:3] == ["LOADED: True False False", "TOKENS: 7", "REAL_CLI: True True"]


def test_a_spacy_that_needs_more_of_its_cli_at_import_is_imported_the_ordinary_way(tmp_path):
    # A stand-in spaCy whose __init__ uses a name the empty stand-in for spacy.cli lacks.
    (tmp_path / "spacy" / "cli").mkdir(parents=True)
    (tmp_path / "spacy" / "__init__.py").write_text("from .cli import setup_cli\nLOADS = 1\n")
    (tmp_path / "spacy" / "cli" / "__init__.py").write_text("def setup_cli():\n    return 'real'\n")
    probe = ("import sys; sys.path.insert(0, sys.argv[1]); import coachcheck.nlp, spacy; "
             "print(spacy.setup_cli(), spacy.LOADS, spacy.__file__.startswith(sys.argv[1]))")
    proc = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["real", "1", "True"]


def test_the_stand_ins_for_spacys_cli_go_whatever_error_importing_spacy_raises(tmp_path):
    (tmp_path / "spacy").mkdir()
    (tmp_path / "spacy" / "__init__.py").write_text("raise ValueError('numpy.dtype size changed')\n")
    probe = ("import sys; sys.path.insert(0, sys.argv[1])\n"
             "try:\n    import coachcheck.nlp\nexcept ValueError as exc:\n    print('RAISED', exc)\n"
             "print('LEFT', sorted(m for m in sys.modules if m.startswith('spacy')))")
    proc = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert proc.stdout.splitlines() == ["RAISED numpy.dtype size changed", "LEFT []"], proc.stderr
