"""The rule-pack cache: same pack as load_rules, rebuilt whenever a rule file changes, never required."""

from __future__ import annotations

import pytest

from coachcheck import packcache, rulepack
from coachcheck.errors import RuleErrorGroup

RULE = """\
rules:
  - id: managing.team-test-{n}
    category: managing
    weight: 2
    message: Pressure about the quarter
    tip: Ask what the rep plans instead.
    match:
      act: [directive, statement]
      phrases: ["{phrase}"]
    examples:
      match: ["You need to {phrase} today."]
      no_match: ["What do you think?"]
"""


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("COACHCHECK_NO_CACHE", raising=False)
    return tmp_path / "cache" / "coachcheck"


@pytest.fixture
def calls(monkeypatch):
    """How often the real load_rules runs."""
    real = rulepack.load_rules
    count = []

    def counting(*args, **kwargs):
        count.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(rulepack, "load_rules", counting)
    return count


def test_second_load_comes_from_the_cache_and_equals_load_rules(cache_home, calls):
    first = packcache.load_rules_cached()
    second = packcache.load_rules_cached()
    assert first == second == rulepack.load_rules()
    assert len(calls) == 2  # the first cached load and the direct call above
    assert len(list(cache_home.glob("rules-*.pickle"))) == 1


def test_a_changed_rule_file_is_read_again(cache_home, calls, tmp_path):
    extra = tmp_path / "team.yaml"
    extra.write_text(RULE.format(n=1, phrase="hit the number"), encoding="utf-8")
    one = packcache.load_rules_cached((str(extra),))
    extra.write_text(RULE.format(n=2, phrase="hit the number"), encoding="utf-8")
    two = packcache.load_rules_cached((str(extra),))
    assert one.get("managing.team-test-1") and not one.get("managing.team-test-2")
    assert two.get("managing.team-test-2") and not two.get("managing.team-test-1")
    assert len(calls) == 2


def test_disabled_rules_and_weights_are_part_of_the_key(cache_home, calls):
    rule_id = packcache.load_rules_cached().rules[0].id
    assert packcache.load_rules_cached(disabled=(rule_id,)).get(rule_id) is None
    assert packcache.load_rules_cached(weights=((rule_id, 7.0),)).get(rule_id).weight == 7.0
    assert len(calls) == 3


def test_errors_are_never_cached(cache_home, tmp_path, calls):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: nope\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RuleErrorGroup):
            packcache.load_rules_cached((str(bad),))
    assert len(calls) == 2


def test_no_cache_env_and_an_unwritable_cache_still_load(cache_home, tmp_path, monkeypatch, calls):
    monkeypatch.setenv("COACHCHECK_NO_CACHE", "1")
    assert packcache.load_rules_cached() == rulepack.load_rules()
    assert not cache_home.exists()
    monkeypatch.delenv("COACHCHECK_NO_CACHE")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert packcache.load_rules_cached() == rulepack.load_rules()


def test_a_corrupt_cache_file_is_rebuilt(cache_home, calls):
    packcache.load_rules_cached()
    (path,) = cache_home.glob("rules-*.pickle")
    path.write_bytes(b"not a pickle")
    assert packcache.load_rules_cached() == rulepack.load_rules()
    assert path.read_bytes() != b"not a pickle"
