"""Running every rule's examples, like `semgrep --test`: TP/FP/FN per rule."""

from __future__ import annotations

from dataclasses import dataclass

from coachcheck.analysis import apply_rules, tag_turns
from coachcheck.model import Transcript, Turn
from coachcheck.rulepack import Example, Rule, RulePack


@dataclass(frozen=True, slots=True)
class RuleTestResult:
    """How one rule did on its own examples.

    Attributes:
        rule (Rule): the rule.
        tp (int): match examples it matched.
        fn (int): match examples it missed.
        fp (int): no_match examples it matched.
        tn (int): no_match examples it left alone.
        failures (tuple[str, ...]): one line per wrong example, `path:line:col: [rule-id] problem`.
    """

    rule: Rule
    tp: int
    fn: int
    fp: int
    tn: int
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """No missed and no wrongly matched example."""
        return not self.fn and not self.fp


def rule_fires(nlp, pack: RulePack, rule: Rule, example: Example) -> bool:
    """Whether the rule matches the example said by the role it is written for."""
    turns = []
    if example.previous:
        turns.append(Turn(0, "other", example.previous))
    turns.append(Turn(len(turns), "speaker", example.text))
    tagged = tag_turns(nlp, Transcript("<example>", "txt", tuple(turns)))[-1]
    role = "coach" if rule.role == "any" else rule.role
    return any(f.rule_id == rule.id for f in apply_rules(tagged, RulePack((rule,), pack.sources), role))


def _failure(rule: Rule, ex: Example, problem: str) -> str:
    line, col = (ex.line, ex.col) if ex.line else (rule.line, rule.col)
    return f"{rule.path}:{line}:{col}: [{rule.id}] {problem}: {ex.text!r}"


def test_rules(nlp, pack: RulePack) -> list[RuleTestResult]:
    """Run the examples of every rule in the pack.

    Args:
        nlp (Language): a pipeline built for the pack.
        pack (RulePack): the rules to test.

    RETURNS (list[RuleTestResult]): one per rule, in pack order.
    """
    results = []
    for rule in pack.rules:
        tp = fn = fp = tn = 0
        failures = []
        for ex in rule.match_examples:
            if rule_fires(nlp, pack, rule, ex):
                tp += 1
            else:
                fn += 1
                failures.append(_failure(rule, ex, "should match but does not"))
        for ex in rule.no_match_examples:
            if rule_fires(nlp, pack, rule, ex):
                fp += 1
                failures.append(_failure(rule, ex, "should not match but does"))
            else:
                tn += 1
        results.append(RuleTestResult(rule, tp, fn, fp, tn, tuple(failures)))
    return results


test_rules.__test__ = False  # type: ignore[attr-defined]  # a library function, not a pytest test
