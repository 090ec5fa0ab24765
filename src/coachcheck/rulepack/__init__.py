"""Rule packs: the YAML files that map dialog acts and phrases to coaching categories."""

from coachcheck.rulepack.loader import RulePack, load_rules, shipped_rules_dir
from coachcheck.rulepack.schema import Example, Rule

__all__ = ["Example", "Rule", "RulePack", "load_rules", "shipped_rules_dir"]
