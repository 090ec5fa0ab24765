"""The configuration file: where it is, what it may hold, and how command-line options go over it.

Where: from the current folder upwards, the first folder with `coachcheck.yaml` or
`.coachcheck.yaml`, or a `pyproject.toml` with a `[tool.coachcheck]` table (read with tomllib;
on Python 3.10 without `tomli` installed, pyproject files are skipped). The search stops at the
folder that holds `.git`. `--config FILE` names the file instead (YAML, or TOML for `*.toml`).

What (every key optional; unknown keys and wrong types are errors `path:line:col: message`,
see coachcheck.config_schema)::

    rules: [team-rules/]            # extra rule packs, relative to this file
    disable: [managing.cheerleading]
    weights: {coaching.reflection: 3}
    roster: team.yaml               # relative to this file
    coach: [Maya Chen]
    format: rich                    # any command's --format
    jobs: 2                         # worker processes, 0 = one per core
    check:                          # `coachcheck check` (see coachcheck.thresholds)
      format: junit
      min_score: 50
      max_share: {managing: 0.3}
      forbid_verdict: [managing]
      min_rep_talk: 0.5
      min_open_questions: 0.5
      max_monologue_words: 250
      max_monologue_seconds: 120
      overrides:
        - {paths: "calls/onboarding/**", min_score: 30}
        - {coach: "Maya Chen", max_share: {managing: 0.5}}

Precedence: command-line option > config file > defaults. `coach` and `format`/`jobs` given
on the command line replace the file's; `rules` and `disable` add to the file's.

Use from a command (what `coachcheck check` does; `analyze` can do the same)::

    from coachcheck.config import load_config, merge_options, with_options
    config = with_options(load_config(explicit=config_path), coach=coach, rules=rules,
                          disable=disable, roster=roster, format=fmt, jobs=jobs)   # None / () = not given
    options = merge_options(config, model=model, input_format=input_format)  # -> model.Options
    fmt = config.format if config.format in MY_FORMATS else "rich"   # `format` may name another command's
    jobs = config.jobs if config.jobs is not None else 1              # 0 = one per core

`load_config` and `merge_options` raise `coachcheck.errors.ConfigError` (print it, exit 2).
In a Typer command take the file with `coachcheck.cli.config.ConfigOpt` and load it with
`coachcheck.cli.config.load_or_exit(config_path)`, which does the printing and exiting.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from coachcheck.config_schema import DEFAULT_SOURCE, SETTINGS, CheckSettings, Reader, validate
from coachcheck.errors import ConfigError, RuleError
from coachcheck.model import Options

CONFIG_NAMES = ("coachcheck.yaml", ".coachcheck.yaml")
PYPROJECT = "pyproject.toml"

try:  # Python 3.11+
    import tomllib as _toml
except ModuleNotFoundError:  # Python 3.10: pyproject support only with tomli installed
    try:
        import tomli as _toml  # type: ignore[no-redef]
    except ModuleNotFoundError:
        _toml = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Config:
    """The settings in force and where each came from.

    Attributes:
        path (str | None): the config file read, None when there is none.
        rules (tuple[str, ...]): extra rule pack paths (resolved against the config file's folder).
        disable (tuple[str, ...]): rule ids to switch off.
        weights (tuple[tuple[str, float], ...]): (rule id, weight) overrides.
        roster (str | None): the roster file (resolved against the config file's folder).
        coach (tuple[str, ...]): coach speaker names.
        format (str | None): output format, None for the command's default.
        jobs (int | None): worker processes, None for the command's default.
        check (CheckSettings): the `check:` section.
        sources (dict[str, str]): setting -> "default", the config file's path, or "option --name";
            check thresholds appear as "check.min_score", "check.max_share.managing", ...
    """

    path: str | None = None
    rules: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    weights: tuple[tuple[str, float], ...] = ()
    roster: str | None = None
    coach: tuple[str, ...] = ()
    format: str | None = None
    jobs: int | None = None
    check: CheckSettings = field(default_factory=CheckSettings)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def root(self) -> str | None:
        """The folder of the config file (what relative paths and override globs are relative to)."""
        return os.path.dirname(self.path) if self.path else None

    def source(self, key: str) -> str:
        """Where a setting came from ("default" when nothing set it)."""
        return self.sources.get(key, DEFAULT_SOURCE)


def find_config(start: Path | None = None) -> Path | None:
    """The config file that applies in `start` (default: the current folder), searching upwards.

    Args:
        start (Path | None): the folder to start from.

    RETURNS (Path | None): a coachcheck.yaml / .coachcheck.yaml / pyproject.toml with
        [tool.coachcheck], or None. Two YAML config files in one folder are a ConfigError.
    """
    folder = Path(start or Path.cwd()).resolve()
    for d in (folder, *folder.parents):
        found = [d / n for n in CONFIG_NAMES if (d / n).is_file()]
        if len(found) > 1:
            raise ConfigError(f"{d}: both {found[0].name} and {found[1].name} found; keep one")
        if found:
            return found[0]
        py = d / PYPROJECT
        if _toml is not None and py.is_file() and _has_tool_table(py):
            return py
        if (d / ".git").exists():
            return None
    return None


def load_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Find (or take) the config file, read and validate it.

    Args:
        start (Path | None): where to start searching (default: the current folder).
        explicit (Path | None): a file given with --config; no search then.

    RETURNS (Config): the settings, with `sources` for each; raises ConfigError listing every problem.
    """
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{path}: no such config file")
    else:
        path = find_config(start)
        if path is None:
            return Config()
    if path.suffix == ".toml":
        data, prefix = _read_toml(path)
    else:
        data, prefix = _read_yaml(path), ""
    absolute = str(path.absolute())
    values, sources = validate(data, absolute, Reader(display_path(path), prefix))
    return Config(path=absolute, sources=sources, **values)


def display_path(path: str | Path) -> str:
    """A path as people read it in messages: relative to the current folder when inside it, else absolute."""
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute)
    return absolute if rel.startswith("..") else rel


def _has_tool_table(path: Path) -> bool:
    try:
        data = _toml.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False  # a broken pyproject.toml that is not ours: let its own tools complain
    return isinstance(data.get("tool"), dict) and "coachcheck" in data["tool"]


def _read_yaml(path: Path) -> Any:
    from coachcheck.rulepack.yaml_lines import load_yaml

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{display_path(path)}: cannot read the config file ({exc})") from None
    try:
        result = load_yaml(text, display_path(path))
    except RuleError as exc:
        raise ConfigError(_for_config(exc)) from None
    # load_yaml returns (data, problems) in newer versions; YAML itself never loads as a tuple
    data, problems = result if isinstance(result, tuple) else (result, [])
    if problems:
        raise ConfigError("\n".join(_for_config(p) for p in problems))
    return {} if data is None else data


def _for_config(error: RuleError) -> str:
    return str(error).replace("rule files", "config files")


def _read_toml(path: Path) -> tuple[Any, str]:
    if _toml is None:
        raise ConfigError(f"{path}: reading TOML needs Python 3.11 or the tomli package")
    try:
        doc = _toml.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc})") from None
    except ValueError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        where = f"{m.group(1)}:{m.group(2)}:" if m else ""
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) if m else str(exc)
        raise ConfigError(f"{display_path(path)}:{where} invalid TOML: {message}") from None
    if path.name == PYPROJECT:
        tool = doc.get("tool", {})
        return (tool.get("coachcheck", {}) if isinstance(tool, dict) else {}), "tool.coachcheck."
    return doc, ""

def with_options(
    config: Config,
    *,
    coach: Sequence[str] = (),
    rules: Sequence[str | Path] = (),
    disable: Sequence[str] = (),
    roster: str | Path | None = None,
    format: str | None = None,
    jobs: int | None = None,
) -> Config:
    """Command-line options over the config: CLI > config file > defaults.

    Args:
        config (Config): from load_config.
        coach (Sequence[str]): --coach names; replace the file's when given.
        rules (Sequence[str | Path]): --rules packs; loaded after the file's (same ids override).
        disable (Sequence[str]): --disable ids; added to the file's.
        roster (str | Path | None): --roster; replaces the file's.
        format (str | None): --format; replaces the file's.
        jobs (int | None): --jobs; replaces the file's.

    RETURNS (Config): the merged settings, `sources` saying "option --name" for what the command line set.
    """
    changes: dict[str, Any] = {}
    sources = dict(config.sources)
    given: list[tuple[str, Any, Callable[[Any], Any]]] = [
        ("coach", coach, lambda v: tuple(v)),
        ("rules", rules, lambda v: (*config.rules, *(str(p) for p in v))),
        ("disable", disable, lambda v: tuple(dict.fromkeys((*config.disable, *v)))),
    ]
    for name, value, make in given:
        if value:
            changes[name] = make(value)
            sources[name] = f"option --{name}" + (" + " + sources[name] if name != "coach" and name in sources else "")
    for name, value in (("roster", roster), ("format", format), ("jobs", jobs)):
        if value is not None:
            changes[name] = str(value) if name == "roster" else value
            sources[name] = f"option --{name}"
    return replace(config, sources=sources, **changes)


def merge_options(config: Config, *, model: str | None = None, input_format: str | None = None) -> Options:
    """The analysis options for a merged config (see with_options); loads the roster file if one is set.

    Args:
        config (Config): the settings in force.
        model (str | None): --model.
        input_format (str | None): --input-format.

    RETURNS (Options): what to analyze with; raises ConfigError for a bad roster file.
    """
    roster: tuple[tuple[str, str], ...] = ()
    if config.roster:
        try:
            from coachcheck.roster import load_roster
        except ImportError:  # roster support not in this build
            raise ConfigError(f"{config.roster}: rosters are not supported by this version of coachcheck") from None
        roster = load_roster(config.roster)
    return Options(coaches=config.coach, input_format=input_format, model=model, rule_dirs=config.rules,
                   disabled_rules=config.disable, weights=config.weights, roster=roster)


def effective_settings(config: Config) -> dict[str, tuple[Any, str]]:
    """Every setting in force with where it came from, for `coachcheck config`.

    RETURNS (dict[str, tuple[Any, str]]): name -> (JSON-ready value, source), check thresholds
        as "check.<key>" (defaults included) and overrides as "check.overrides[i]".
    """
    from coachcheck.thresholds import DEFAULTS, merge

    out: dict[str, tuple[Any, str]] = {}
    for name in SETTINGS:
        value = getattr(config, name)
        if name == "weights":
            value = dict(value)
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = (value, config.source(name))
    out["check.format"] = (config.check.format, config.source("check.format"))
    for key, value in merge(DEFAULTS, config.check.thresholds).items():
        out[f"check.{key}"] = (list(value) if isinstance(value, tuple) else value, config.source(f"check.{key}"))
    for i, o in enumerate(config.check.overrides):
        out[f"check.overrides[{i}]"] = (o.to_dict(), config.source("check.overrides"))
    return out
