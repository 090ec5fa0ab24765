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
        failures (tuple[str, ...]): one line per wrong example.
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


def test_rules(nlp, pack: RulePack) -> list[RuleTestResult]:
    """Run the examples of every rule in the pack."""
    results = []
    for rule in pack.rules:
        tp = fn = fp = tn = 0
        failures = []
        for ex in rule.match_examples:
            if rule_fires(nlp, pack, rule, ex):
                tp += 1
            else:
                fn += 1
                failures.append(f"should match but does not: {ex.text!r}")
        for ex in rule.no_match_examples:
            if rule_fires(nlp, pack, rule, ex):
                fp += 1
                failures.append(f"should not match but does: {ex.text!r}")
            else:
                tn += 1
        results.append(RuleTestResult(rule, tp, fn, fp, tn, tuple(failures)))
    return results
