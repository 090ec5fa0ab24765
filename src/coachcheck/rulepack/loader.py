"""Finding, reading and combining rule packs: the shipped one, then the user's."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from coachcheck.errors import RuleError, RuleErrorGroup
from coachcheck.rulepack.schema import ParsedFile, Rule, parse_rule_file
from coachcheck.rulepack.yaml_lines import load_yaml

RULE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class RulePack:
    """The rules in force, in a stable order, and where they came from.

    Attributes:
        rules (tuple[Rule, ...]): the rules, shipped first, later packs overriding by id.
        sources (tuple[str, ...]): the rule folders or files read.
    """

    rules: tuple[Rule, ...]
    sources: tuple[str, ...]

    def get(self, rule_id: str) -> Rule | None:
        """The rule with this id, or None."""
        return next((r for r in self.rules if r.id == rule_id), None)

    @property
    def name(self) -> str:
        """A short description of the packs in force."""
        return "+".join(Path(s).name for s in self.sources)


def shipped_rules_dir() -> Path:
    """Where the rule packs shipped with coachcheck are (inside the wheel, or the source tree)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "rules", here.parent.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RuleErrorGroup([RuleError(str(here / "rules"), 0, 0, "the shipped rule packs are missing (broken install?)")])


def rule_files(path: str | Path) -> list[Path]:
    """The rule files of a folder (sorted, recursive) or the file itself."""
    p = Path(path)
    if p.is_dir():
        return sorted(f for f in p.rglob("*") if f.suffix in RULE_SUFFIXES and f.is_file())
    return [p]


def read_rule_file(path: Path) -> ParsedFile:
    """Load and validate one rule file; problems come back in the result, never raised."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ParsedFile([], [RuleError(str(path), 0, 0, "no such rule file")], [])
    except UnicodeDecodeError:
        return ParsedFile([], [RuleError(str(path), 0, 0, "cannot be read: not UTF-8 text")], [])
    except OSError as exc:
        return ParsedFile([], [RuleError(str(path), 0, 0, f"cannot be read ({exc.strerror or exc})")], [])
    data, errors = load_yaml(text, str(path))
    if data is None and errors:
        return ParsedFile([], errors, [])
    parsed = parse_rule_file(data, str(path))
    rules = [dataclasses.replace(r, path=str(path)) for r in parsed.rules]
    # Duplicate or non-text keys were found while reading, before any rule was known.
    errors = [RuleError(e.path, e.line, e.col, e.message, parsed.rule_at(e.line)) for e in errors]
    return ParsedFile(rules if not errors else [], errors + parsed.errors, parsed.ids, parsed.spans)


def load_rules(
    extra: tuple[str, ...] = (),
    disabled: tuple[str, ...] = (),
    weights: tuple[tuple[str, float], ...] = (),
    include_shipped: bool = True,
) -> RulePack:
    """Read the shipped rule pack and any extra packs, with overrides applied.

    A rule in a later pack with the id of an earlier one replaces it. Two rules with one id in
    the same pack are an error.

    Args:
        extra (tuple[str, ...]): rule folders or files, in order.
        disabled (tuple[str, ...]): rule ids to switch off.
        weights (tuple[tuple[str, float], ...]): (rule id, weight) overrides.
        include_shipped (bool): start from the shipped rules.

    RETURNS (RulePack): the rules in force; raises RuleErrorGroup listing every problem.
    """
    sources = ([str(shipped_rules_dir())] if include_shipped else []) + [str(p) for p in extra]
    by_id: dict[str, Rule] = {}
    errors: list[RuleError] = []
    for source in sources:
        if not Path(source).exists():
            errors.append(RuleError(source, 0, 0, "no such rule file or folder"))
            continue
        files = rule_files(source)
        if not files:
            errors.append(RuleError(source, 0, 0, f"no rule files ({', '.join('*' + s for s in RULE_SUFFIXES)}) here"))
        seen: dict[str, Rule] = {}
        first: dict[str, str] = {}
        for path in files:
            parsed = read_rule_file(path)
            errors += parsed.errors
            for rule_id, line, col in parsed.ids:
                if rule_id in first:
                    errors.append(RuleError(str(path), line, col,
                                            f"duplicate rule id, first defined at {first[rule_id]}", rule_id))
                else:
                    first[rule_id] = f"{path}:{line}:{col}"
            for rule in parsed.rules:
                seen.setdefault(rule.id, rule)
        by_id.update(seen)
    known = set(by_id)
    for rule_id in disabled:
        if rule_id not in known:
            errors.append(RuleError("--disable", 0, 0, f"no rule with id {rule_id!r}", rule_id))
        by_id.pop(rule_id, None)
    for rule_id, weight in weights:
        if rule_id not in by_id:
            errors.append(RuleError("weights", 0, 0, f"no rule with id {rule_id!r}", rule_id))
        elif not 0 < weight <= 10:
            errors.append(RuleError("weights", 0, 0, f"weight must be above 0 and at most 10, not {weight}", rule_id))
        else:
            by_id[rule_id] = dataclasses.replace(by_id[rule_id], weight=float(weight))
    if errors:
        raise RuleErrorGroup(errors)
    return RulePack(tuple(by_id.values()), tuple(sources))
