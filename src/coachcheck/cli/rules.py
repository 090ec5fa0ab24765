"""`coachcheck rules list | show | validate | test | new`: read, check and start rule packs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from coachcheck.cli.common import EXIT_FAIL, RulesOpt, dash_is_stdout, fail, stdout_console, user_errors

app = typer.Typer(no_args_is_help=True, help="List, show, validate, test and start rule packs.")

TEMPLATE = """\
# Check this file with `coachcheck rules validate FILE`, run its examples with `coachcheck rules test FILE`.
# Every key is described in docs/writing-rules.md; `coachcheck rules schema` prints the JSON Schema.
rules:
  - id: {category}.{name}
    category: {category}
    weight: 2
    message: What the rule saw, in a few words
    tip: What a coach would do instead
    match:
      act: [statement, directive]        # question | directive | reflection | statement | backchannel
      phrases: ["a phrase to look for"]  # case-insensitive, any of them
    examples:
      match:
        - A sentence the rule must match, with a phrase to look for in it.
        - a second one written like raw speech to text with a phrase to look for
      no_match:
        - A sentence the rule must leave alone.
        - What would you like to try?
"""


def _load(paths: list[Path], shipped: bool):
    from coachcheck.rulepack import load_rules

    with user_errors():
        return load_rules(tuple(str(p) for p in paths), include_shipped=shipped)


@app.command("list")
def list_rules(
    category: Annotated[str | None, typer.Option("--category", help="Only this category.")] = None,
    rules: RulesOpt = [],  # noqa: B006
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the rules in force (shipped, then --rules packs overriding by id)."""
    from coachcheck.rulepack.schema import RULE_CATEGORIES

    if category is not None and category not in RULE_CATEGORIES:
        fail(f"--category: unknown category {category!r} (choose from {', '.join(RULE_CATEGORIES)})")
    pack = _load(rules, True)
    chosen = [r for r in pack.rules if category is None or r.category == category]
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in chosen], indent=2))
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"{len(chosen)} rules")
    for col in ("id", "category", "weight", "message"):
        table.add_column(col)
    for r in chosen:
        table.add_row(r.id, r.category, f"{r.weight:g}", escape(r.message))
    stdout_console().print(table)


@app.command("show")
def show(rule_id: str, rules: RulesOpt = []) -> None:  # noqa: B006
    """Show one rule: what it matches, its message, tip and examples."""
    import yaml

    pack = _load(rules, True)
    rule = pack.get(rule_id)
    if rule is None:
        fail(f"no rule with id {rule_id!r} (see `coachcheck rules list`)")
    typer.echo(yaml.safe_dump(rule.to_dict(), sort_keys=False, allow_unicode=True, width=100))


@app.command("validate")
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Rule files or folders.")],
) -> None:
    """Check rule files strictly: schema, ids, categories and spaCy patterns. Every problem is listed."""
    from coachcheck.nlp.pipeline import build_nlp

    pack = _load(paths, False)
    with user_errors():
        build_nlp(pack)
    typer.echo(f"ok: {len(pack.rules)} rules in {', '.join(str(p) for p in paths)}")


@app.command("test")
def test(
    paths: Annotated[list[Path], typer.Argument(help="Rule files or folders.")],
) -> None:
    """Run every rule's examples and print pass/fail with TP/FP/FN counts; exit 1 on a failure."""
    from coachcheck.nlp.pipeline import build_nlp
    from coachcheck.selftest import test_rules

    pack = _load(paths, False)
    with user_errors():
        nlp = build_nlp(pack)
    results = test_rules(nlp, pack)
    failed = 0
    for r in results:
        failed += not r.passed
        typer.echo(f"{'PASS' if r.passed else 'FAIL'} {r.rule.id}  tp={r.tp} fp={r.fp} fn={r.fn} tn={r.tn}")
        for line in r.failures:
            typer.echo(f"  {line}")
    totals = {k: sum(getattr(r, k) for r in results) for k in ("tp", "fp", "fn", "tn")}
    typer.echo(f"{len(results) - failed} passed, {failed} failed  "
               + " ".join(f"{k}={v}" for k, v in totals.items()))
    if failed:
        raise typer.Exit(EXIT_FAIL)


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of rule files (save it and point your editor at it)."""
    from importlib.resources import files

    typer.echo(files("coachcheck.schemas").joinpath("rules.schema.json").read_text(encoding="utf-8"), nl=False)


@app.command("new")
def new(
    rule_id: Annotated[str, typer.Argument(help="The new rule's id, e.g. managing.forecast-grilling.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the template here (- for stdout).", callback=dash_is_stdout)] = None,
) -> None:
    """Print (or write) a template to start a rule."""
    from coachcheck.rulepack.schema import ID_PATTERN, RULE_CATEGORIES

    category, _, name = rule_id.partition(".")
    if category not in RULE_CATEGORIES or not ID_PATTERN.match(rule_id):
        fail(f"rule id {rule_id!r} must be CATEGORY.short-name (lowercase letters, digits, dashes) "
             f"with a category from {', '.join(RULE_CATEGORIES)}")
    text = TEMPLATE.format(category=category, name=name)
    if output is None:
        typer.echo(text, nl=False)
    else:
        if output.exists():
            fail(f"{output}: already exists")
        from coachcheck.cli.common import write_atomic

        write_atomic(output, text)
        typer.echo(f"wrote {output}", err=True)
