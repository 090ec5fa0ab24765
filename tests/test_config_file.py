"""The configuration file: discovery, strict validation with positions, precedence, and `coachcheck config`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coachcheck.config import find_config, load_config, merge_options, with_options
from coachcheck.errors import ConfigError
from coachcheck.model import Options
from coachcheck.thresholds import Thresholds

needs_toml = pytest.mark.skipif(sys.version_info < (3, 11), reason="pyproject.toml needs tomllib (3.11+)")

FULL = """\
rules: [team-rules]
disable: [managing.directive]
weights: {coaching.reflection: 3}
roster: people/team.yaml
coach: Maya Chen
format: markdown
jobs: 2
check:
  format: junit
  min_score: 55
  max_share: {managing: 0.3}
  forbid_verdict: [role-modeling]
  min_rep_talk: 0.5
  min_open_questions: 0.5
  max_monologue_words: 250
  max_monologue_seconds: 120
  overrides:
    - paths: "calls/onboarding/**"
      min_score: 30
    - coach: [Leo Park]
      max_share: {managing: 0.5}
"""


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """An empty project folder (a `.git` marks its root) as the current folder."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_no_config_gives_defaults(project):
    config = load_config()
    assert config.path is None and config.sources == {}
    assert config.check.thresholds == Thresholds() and config.jobs is None


def test_a_full_yaml_config(project):
    (project / "coachcheck.yaml").write_text(FULL, encoding="utf-8")
    config = load_config()
    path = str(project / "coachcheck.yaml")
    assert config.path == path
    assert config.rules == (str(project / "team-rules"),)
    assert config.roster == str(project / "people" / "team.yaml")
    assert (config.disable, config.weights, config.coach) == (("managing.directive",), (("coaching.reflection", 3.0),),
                                                               ("Maya Chen",))
    assert (config.format, config.jobs, config.check.format) == ("markdown", 2, "junit")
    t = config.check.thresholds
    assert t == Thresholds(min_score=55, max_share=(("managing", 0.3),), forbid_verdict=("role_modeling",),
                           min_rep_talk=0.5, min_open_questions=0.5, max_monologue_words=250,
                           max_monologue_seconds=120)
    first, second = config.check.overrides
    assert (first.paths, first.thresholds, first.label) == (("calls/onboarding/**",), Thresholds(min_score=30),
                                                            "coachcheck.yaml:18")
    assert (second.coaches, second.thresholds.max_share) == (("Leo Park",), (("managing", 0.5),))
    assert config.source("coach") == path and config.source("check.max_share.managing") == path
    assert config.source("check.overrides") == path and config.source("anything.else") == "default"


def test_found_from_a_subfolder_and_hidden_name(project):
    (project / ".coachcheck.yaml").write_text("jobs: 3\n", encoding="utf-8")
    (project / "calls" / "q3").mkdir(parents=True)
    assert find_config(project / "calls" / "q3") == project / ".coachcheck.yaml"
    assert load_config(project / "calls" / "q3").jobs == 3


def test_the_search_stops_at_the_repository_root(project):
    (project / "coachcheck.yaml").write_text("jobs: 3\n", encoding="utf-8")
    inner = project / "vendored"
    (inner / ".git").mkdir(parents=True)
    assert find_config(inner) is None


def test_two_yaml_configs_in_one_folder_is_an_error(project):
    (project / "coachcheck.yaml").write_text("jobs: 1\n", encoding="utf-8")
    (project / ".coachcheck.yaml").write_text("jobs: 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"both coachcheck\.yaml and \.coachcheck\.yaml"):
        load_config()


@needs_toml
def test_pyproject_tool_table(project):
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.coachcheck]\ncoach = ["Maya Chen"]\n\n[tool.coachcheck.check]\n'
        'min_score = 40\nmax_share = {managing = 0.4}\n', encoding="utf-8")
    config = load_config()
    assert config.coach == ("Maya Chen",)
    assert config.check.thresholds == Thresholds(min_score=40, max_share=(("managing", 0.4),))


@needs_toml
def test_a_pyproject_without_the_table_is_passed_over(project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert load_config().path is None


@needs_toml
def test_toml_errors_name_the_key_path(project):
    (project / "pyproject.toml").write_text('[tool.coachcheck]\njobs = "two"\n[tool.coachcheck.check]\nmin_scor = 1\n',
                                            encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config()
    assert str(err.value).splitlines() == [
        "pyproject.toml: tool.coachcheck.jobs: must be a whole number, 0 or more, not 'two'",
        "pyproject.toml: tool.coachcheck.check.min_scor: unknown setting (expected one of min_score, max_share, "
        "forbid_verdict, min_rep_talk, min_open_questions, max_monologue_words, max_monologue_seconds, overrides, "
        "format)",
    ]


@needs_toml
def test_toml_syntax_errors_have_line_and_column(project):
    (project / "cc.toml").write_text('jobs = 2\ncoach = ["a" "b"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^cc\.toml:2:14: invalid TOML: "):
        load_config(explicit=Path("cc.toml"))


def test_yaml_errors_have_line_and_column_and_are_all_reported(project):
    (project / "coachcheck.yaml").write_text(
        "coach: 3\njobz: 2\njobs: -1\nformat: html\ncheck:\n  min_score: high\n"
        "  max_share: {managing: 2, bossing: 0.1}\n  forbid_verdict: [yelling]\n  overrides:\n"
        "    - {min_score: 3}\n    - paths: x\n    - 7\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config()
    assert str(err.value).splitlines() == [
        "coachcheck.yaml:1:1: coach: must be a list of text, not a number",
        "coachcheck.yaml:2:1: jobz: unknown setting (expected one of rules, disable, weights, roster, coach, format, "
        "jobs, check)",
        "coachcheck.yaml:3:1: jobs: must be a whole number, 0 or more, not -1",
        "coachcheck.yaml:4:1: format: 'html' is not one of rich, json, jsonl, markdown, github, junit, sarif",
        "coachcheck.yaml:6:3: check.min_score: must be a number between 0 and 100, not 'high'",
        "coachcheck.yaml:7:15: check.max_share.managing: must be a share between 0 and 1, not 2",
        "coachcheck.yaml:7:28: check.max_share.bossing: not a category (use coaching, managing, training, mentoring, "
        "role_modeling)",
        "coachcheck.yaml:8:20: check.forbid_verdict: 'yelling' is not a verdict (use coaching, managing, training, "
        "mentoring, role_modeling, mixed)",
        "coachcheck.yaml:10:7: check.overrides[0]: needs 'paths' (globs) or 'coach' (names) to say which calls it is "
        "for",
        "coachcheck.yaml:11:7: check.overrides[1]: sets no threshold",
        "coachcheck.yaml:12:7: check.overrides[2]: must be a mapping with paths and/or coach, not a number",
    ]


def test_yaml_syntax_error(project):
    (project / "coachcheck.yaml").write_text("check:\n  min_score: [50\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^coachcheck\.yaml:\d+:\d+: invalid YAML"):
        load_config()


def test_a_missing_explicit_file(project):
    with pytest.raises(ConfigError, match=r"nope\.yaml: no such config file"):
        load_config(explicit=Path("nope.yaml"))


def test_explicit_file_wins_over_discovery(project):
    (project / "coachcheck.yaml").write_text("jobs: 1\n", encoding="utf-8")
    (project / "other.yaml").write_text("jobs: 4\n", encoding="utf-8")
    assert load_config(explicit=Path("other.yaml")).jobs == 4


def test_cli_options_over_the_config_over_defaults(project):
    (project / "coachcheck.yaml").write_text(
        "coach: [Maya Chen]\nrules: [a]\ndisable: [x.one]\nformat: json\njobs: 2\n", encoding="utf-8")
    path = str(project / "coachcheck.yaml")
    config = with_options(load_config(), coach=["Dana Reyes"], rules=["b"], disable=["x.two"], jobs=0)
    assert config.coach == ("Dana Reyes",) and config.source("coach") == "option --coach"
    assert config.rules == (str(project / "a"), "b") and config.source("rules") == f"option --rules + {path}"
    assert config.disable == ("x.one", "x.two")
    assert (config.jobs, config.source("jobs")) == (0, "option --jobs")
    assert (config.format, config.source("format")) == ("json", path)  # not given on the command line
    assert config.source("roster") == "default"
    unchanged = with_options(load_config())
    assert unchanged.coach == ("Maya Chen",) and unchanged.source("coach") == path


def test_merge_options_gives_the_analysis_options(project):
    (project / "coachcheck.yaml").write_text("coach: [Maya Chen]\ndisable: [x.one]\nweights: {x.two: 2}\n",
                                             encoding="utf-8")
    options = merge_options(with_options(load_config(), rules=["extra"]), model="en_core_web_sm", input_format="vtt")
    assert options == Options(coaches=("Maya Chen",), input_format="vtt", model="en_core_web_sm", rule_dirs=("extra",),
                              disabled_rules=("x.one",), weights=(("x.two", 2.0),))


def test_merge_options_loads_the_roster_relative_to_the_config(project):
    pytest.importorskip("coachcheck.roster")
    (project / "people").mkdir()
    (project / "people" / "team.yaml").write_text("people:\n  - {name: Maya Chen, role: coach}\n", encoding="utf-8")
    (project / "coachcheck.yaml").write_text("roster: people/team.yaml\n", encoding="utf-8")
    (project / "sub").mkdir()
    assert merge_options(load_config(project / "sub")).roster == (("Maya Chen", "coach"),)
    (project / "coachcheck.yaml").write_text("roster: missing.yaml\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"missing\.yaml"):
        merge_options(load_config())


def _invoke(*args: str):
    from coachcheck.cli import app

    return CliRunner().invoke(app, list(args), catch_exceptions=False, env={"NO_COLOR": "1", "COLUMNS": "200"})


def test_config_command_json(project):
    (project / "coachcheck.yaml").write_text(FULL, encoding="utf-8")
    result = _invoke("config", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    settings = data["settings"]
    assert data["config_file"] == str(project / "coachcheck.yaml")
    assert settings["coach"] == {"value": ["Maya Chen"], "source": "coachcheck.yaml"}
    assert settings["check.min_score"] == {"value": 55.0, "source": "coachcheck.yaml"}
    assert settings["check.max_share.managing"] == {"value": 0.3, "source": "coachcheck.yaml"}
    assert settings["check.overrides[0]"]["value"] == {"paths": ["calls/onboarding/**"], "min_score": 30.0,
                                                       "defined_at": "coachcheck.yaml:18"}


def test_config_command_defaults_table(project):
    result = _invoke("config")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "config file: none found (defaults)"
    row = next(line for line in lines if "check.min_score" in line)
    assert [c.strip() for c in row.split("│")[1:4]] == ["check.min_score", "50.0", "default"]


def test_config_command_reports_a_bad_file_on_one_line_and_exits_2(project):
    (project / "coachcheck.yaml").write_text("jobs: many\n", encoding="utf-8")
    result = _invoke("config")
    assert result.exit_code == 2
    assert result.stderr == ("coachcheck: error: coachcheck.yaml:1:1: jobs: must be a whole number, 0 or more, "
                             "not 'many'\n")
    assert "Traceback" not in result.output


def test_config_option_on_the_config_command(project):
    (project / "team.yaml").write_text("jobs: 4\n", encoding="utf-8")
    result = _invoke("config", "--config", "team.yaml", "--json")
    assert json.loads(result.stdout)["settings"]["jobs"] == {"value": 4, "source": "team.yaml"}
