"""The shipped rule pack: enough examples per rule, and every example holds (tracks the NLP owner's tuning)."""

from __future__ import annotations

import pytest
from rules_helpers import SHIPPED, run_cli

from coachcheck.rulepack import load_rules

SHIPPED_RULES = load_rules().rules


@pytest.mark.parametrize("rule", SHIPPED_RULES, ids=lambda r: r.id)
def test_every_shipped_rule_has_two_examples_each_way(rule):
    assert len(rule.match_examples) >= 2, f"{rule.path}:{rule.line}: needs at least two match examples"
    assert len(rule.no_match_examples) >= 2, f"{rule.path}:{rule.line}: needs at least two no_match examples"


def test_shipped_rules_validate():
    result = run_cli("rules", "validate", SHIPPED)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"ok: {len(SHIPPED_RULES)} rules in {SHIPPED}"


def test_shipped_rules_pass_their_own_examples():
    result = run_cli("rules", "test", SHIPPED)
    failures = [line for line in result.stdout.splitlines() if not line.startswith("PASS")]
    assert result.exit_code == 0, "\n".join(failures)
    assert result.stdout.splitlines()[-1].startswith(f"{len(SHIPPED_RULES)} passed, 0 failed")
