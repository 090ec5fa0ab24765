"""`coachcheck explain "TEXT"`: each sentence's act, question type, cues and the rules that fired."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from coachcheck.cli.common import DisableOpt, ModelOpt, RulesOpt, fail, stdout_console, user_errors


def explain(
    text: Annotated[str | None, typer.Argument(
        help="What the coach said (read from stdin when omitted or '-').")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Read the text from this file.")] = None,
    previous: Annotated[str | None, typer.Option(
        "--previous", help="What the rep said just before (for reflections).")] = None,
    role: Annotated[str, typer.Option("--role", help="Whose words these are: coach or rep.")] = "coach",
    model: ModelOpt = None,
    rules: RulesOpt = [],  # noqa: B006
    disable: DisableOpt = [],  # noqa: B006
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Show how coachcheck reads a piece of text, sentence by sentence."""
    import json

    from coachcheck.rulepack import load_rules

    if file is not None:
        try:
            text = _decoded(file.read_bytes(), str(file))
        except OSError as exc:
            fail(f"{file}: cannot be read ({exc.strerror or exc})")
    elif text is None or text == "-":
        text = _decoded(sys.stdin.buffer.read(), "<stdin>")
    if not text or not text.strip():
        fail("nothing to explain: give the text as an argument, with --file, or on stdin")
    if role not in ("coach", "rep"):
        fail(f"--role must be coach or rep, not {role!r}")
    with user_errors():
        from coachcheck.explaining import explain_text
        from coachcheck.nlp.pipeline import build_nlp

        pack = load_rules(tuple(str(r) for r in rules), tuple(disable))
        nlp = build_nlp(pack, model)
        rows, category = explain_text(nlp, pack, text, previous, role)
    if as_json:
        typer.echo(json.dumps({"category": category, "sentences": rows}, indent=2))
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"turn category: {category}", title_justify="left")
    for col in ("#", "sentence", "act", "type", "cues", "rules (category, weight)"):
        table.add_column(col, overflow="fold")
    for i, row in enumerate(rows, 1):
        fired = "\n".join(f"{r['rule']} ({r['category']}, {r['weight']:g})" for r in row["rules"])
        table.add_row(str(i), escape(row["text"]), row["act"], row["question_type"] or "", " ".join(row["cues"]), fired)
    stdout_console().print(table)


def _decoded(data: bytes, source: str) -> str:
    """Text from a file or stdin, decoded as `analyze` decodes transcripts (UTF-8, UTF-16 by BOM, cp1252...)."""
    from coachcheck.errors import InputError
    from coachcheck.transcripts.decode import decode

    if not data.strip():
        return ""
    try:
        return decode(data, source)[0]
    except InputError as exc:
        fail(str(exc))
