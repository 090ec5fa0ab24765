"""Imports point one way: transcripts -> nlp -> analysis -> scoring -> reporters -> cli.

Checked statically with `ast` over every module (lazy imports inside functions included), and
dynamically: `--help` and `--version` must not pay for importing spaCy.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import coachcheck

PACKAGE = Path(coachcheck.__file__).resolve().parent

# Lower layers never import higher ones. Modules not listed are only held to the explicit rules below.
LAYERS = {
    "coachcheck": 0, "coachcheck.__init__": 0, "coachcheck.model": 0, "coachcheck.errors": 0,
    "coachcheck.transcripts": 1, "coachcheck.rulepack": 1, "coachcheck.roster": 1,
    "coachcheck.nlp": 2,
    "coachcheck.analysis": 3, "coachcheck.explaining": 3, "coachcheck.selftest": 3,
    "coachcheck.scoring": 4, "coachcheck.checking": 4, "coachcheck.baseline": 4, "coachcheck.config": 4,
    "coachcheck.engine": 5,
    "coachcheck.reporters": 6,
    "coachcheck.cli": 7, "coachcheck.__main__": 7,
}
SPACY_ALLOWED = ("coachcheck.nlp", "coachcheck.analysis", "coachcheck.engine", "coachcheck.explaining",
                 "coachcheck.selftest")


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module a file imports, relative imports resolved, at any depth of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)  # `from pkg import submodule`
    return found


MODULES = {_module_name(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def _layer(module: str) -> int | None:
    best = None
    for prefix, rank in LAYERS.items():
        if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, rank)
    return None if best is None or (best[0] == "coachcheck" and module != "coachcheck") else best[1]


def _importing(predicate) -> dict[str, list[str]]:
    return {m: sorted(i for i in imps if predicate(i)) for m, imps in MODULES.items()
            if any(predicate(i) for i in imps)}


def _top(name: str) -> str:
    return name.split(".")[0]


def test_the_scan_sees_the_package():
    expected = {"coachcheck.model", "coachcheck.transcripts.txt", "coachcheck.nlp.pipeline", "coachcheck.cli"}
    assert expected <= set(MODULES)
    assert "spacy" in {_top(i) for i in MODULES["coachcheck.nlp.pipeline"]}
    assert "typer" in {_top(i) for i in MODULES["coachcheck.cli"]}


def test_no_module_imports_a_higher_layer():
    wrong = []
    for module, imports in MODULES.items():
        mine = _layer(module)
        if mine is None:
            continue
        for imp in imports:
            theirs = _layer(imp) if imp.startswith("coachcheck.") else None
            if theirs is not None and theirs > mine:
                wrong.append(f"{module} (layer {mine}) imports {imp} (layer {theirs})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("low", ["coachcheck.model", "coachcheck.errors", "coachcheck.transcripts"])
def test_loading_and_the_model_never_import_analysis_layers(low):
    banned = ("coachcheck.nlp", "coachcheck.analysis", "coachcheck.scoring", "coachcheck.reporters",
              "coachcheck.cli", "coachcheck.engine")
    offenders = {m: [i for i in imps if i.startswith(banned)]
                 for m, imps in MODULES.items() if m == low or m.startswith(low + ".")}
    assert not {m: i for m, i in offenders.items() if i}


def test_only_the_nlp_layer_and_its_callers_import_spacy():
    offenders = {m: i for m, i in _importing(lambda i: _top(i) in {"spacy", "thinc"}).items()
                 if not m.startswith(SPACY_ALLOWED)}
    assert not offenders


def test_only_cli_imports_typer():
    offenders = {m: i for m, i in _importing(lambda i: _top(i) in {"typer", "click"}).items()
                 if not (m == "coachcheck.cli" or m.startswith("coachcheck.cli."))}
    assert not offenders


def test_reporters_do_not_import_cli_or_the_engine():
    offenders = {m: i for m, i in _importing(lambda i: i.startswith(("coachcheck.cli", "coachcheck.engine"))).items()
                 if m.startswith("coachcheck.reporters")}
    assert not offenders


def test_model_uses_the_standard_library_only():
    third_party = {_top(i) for i in MODULES["coachcheck.model"]} - set(sys.stdlib_module_names) - {"__future__"}
    assert not third_party


_PROBE = """
import sys
sys.argv = ["coachcheck", *sys.argv[1:]]
try:
    import runpy
    runpy.run_module("coachcheck", run_name="__main__")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {"spacy", "thinc", "yaml", "jsonschema"})
print("HEAVY:" + ",".join(heavy))
sys.exit(code)
"""


@pytest.mark.parametrize("args, shows", [(["--help"], "analyze"), (["--version"], coachcheck.__version__)])
def test_help_and_version_do_not_import_spacy(args, shows):
    out = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert shows in out.stdout
    heavy = out.stdout.rsplit("HEAVY:", 1)[1].strip()
    assert heavy == "", f"imported for {args}: {heavy}"


def test_python_m_coachcheck_help_importtime_has_no_spacy():
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "coachcheck", "--help"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "analyze" in out.stdout
    imported = [line.rsplit("|", 1)[-1].strip() for line in out.stderr.splitlines() if line.startswith("import time:")]
    assert "typer" in imported  # the probe works
    assert not [m for m in imported if m.split(".")[0] == "spacy"]
