"""Which thresholds apply to a call: defaults < config `check:` < matching overrides < command-line options."""

from __future__ import annotations

import os

from coachcheck.thresholds import DEFAULTS, Gate, Override, Thresholds, merge, path_keys


def test_defaults_alone():
    thresholds, sources = Gate().for_call("calls/a.txt", ("Maya Chen",))
    assert thresholds == DEFAULTS == Thresholds(min_score=50.0)
    assert sources == {"min_score": "default"}


def test_merge_replaces_keys_and_merges_max_share_per_category():
    base = Thresholds(min_score=50, max_share=(("managing", 0.3), ("training", 0.4)), forbid_verdict=("managing",))
    top = Thresholds(max_share=(("managing", 0.5),), forbid_verdict=())
    merged = merge(base, top)
    assert merged.min_score == 50
    assert merged.max_share == (("managing", 0.5), ("training", 0.4))
    assert merged.forbid_verdict == ()  # an empty list in a higher layer forbids nothing


def _gate(tmp_path) -> Gate:
    return Gate(
        config=Thresholds(min_score=60, max_share=(("managing", 0.3),), min_rep_talk=0.5),
        config_source="coachcheck.yaml",
        overrides=(
            Override(Thresholds(min_score=30), paths=("calls/onboarding/**",), label="coachcheck.yaml:5"),
            Override(Thresholds(max_share=(("managing", 0.5),)), coaches=("maya  CHEN",), label="coachcheck.yaml:6"),
        ),
        options=Thresholds(min_rep_talk=0.4),
        root=str(tmp_path),
    )


def test_config_beats_defaults(tmp_path):
    thresholds, sources = _gate(tmp_path).for_call("calls/q3/a.txt", ("Dana Reyes",))
    assert thresholds.min_score == 60 and sources["min_score"] == "coachcheck.yaml"
    assert thresholds.max_share == (("managing", 0.3),)


def test_a_path_override_beats_the_config(tmp_path):
    thresholds, sources = _gate(tmp_path).for_call("calls/onboarding/week1/a.txt", ("Dana Reyes",))
    assert thresholds.min_score == 30 and sources["min_score"] == "coachcheck.yaml:5"
    assert thresholds.max_share == (("managing", 0.3),)  # untouched by that override


def test_a_coach_override_matches_names_without_case_or_extra_spaces(tmp_path):
    thresholds, sources = _gate(tmp_path).for_call("calls/q3/a.txt", ("Maya Chen",))
    assert thresholds.max_share == (("managing", 0.5),)
    assert sources["max_share.managing"] == "coachcheck.yaml:6"
    assert thresholds.min_score == 60


def test_later_overrides_and_options_win(tmp_path):
    thresholds, sources = _gate(tmp_path).for_call("calls/onboarding/a.txt", ("Maya Chen",))
    assert (thresholds.min_score, thresholds.max_share) == (30, (("managing", 0.5),))
    # the command line beats the config and every override
    assert thresholds.min_rep_talk == 0.4 and sources["min_rep_talk"] == "option"


def test_override_with_paths_and_coach_needs_both():
    o = Override(Thresholds(min_score=10), paths=("calls/*",), coaches=("Maya Chen",))
    assert o.matches(("calls/a.txt",), ("Maya Chen",))
    assert not o.matches(("calls/a.txt",), ("Dana Reyes",))
    assert not o.matches(("other/a.txt",), ("Maya Chen",))


def test_override_globs_are_relative_to_the_config_folder(tmp_path, monkeypatch):
    (tmp_path / "team" / "calls").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "team" / "calls")
    # run from inside a subfolder: the call's path as given is "a.txt", relative to the config it is calls/a.txt
    assert path_keys("a.txt", str(tmp_path / "team")) == ("a.txt", "calls/a.txt")
    gate = Gate(overrides=(Override(Thresholds(min_score=5), paths=("calls/*",)),), root=str(tmp_path / "team"))
    assert gate.for_call("a.txt")[0].min_score == 5
    assert path_keys(os.path.join("..", "..", "x.txt"), str(tmp_path / "team")) == ("../../x.txt",)
