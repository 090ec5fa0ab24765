"""`coachcheck calibrate LABELS_DIR`: how coachcheck's categories compare with a team's hand labels."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated

import typer

from coachcheck.cli.common import EXIT_ERROR, CoachOpt, DisableOpt, RulesOpt, stdout_console, user_errors
from coachcheck.cli.config import ConfigOpt, exit_with, load_or_exit

LABELS_SUFFIX = ".labels.json"


def calibrate(
    labels_dir: Annotated[Path, typer.Argument(help="Folder of NAME.txt transcripts, NAME.labels.json beside each.")],
    coach: CoachOpt = [],  # noqa: B006 - typer reads the default
    rules: RulesOpt = [],  # noqa: B006
    disable: DisableOpt = [],  # noqa: B006
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    config_file: ConfigOpt = None,
) -> None:
    """Compare coachcheck with calls your team labeled by hand, and see which rules disagree.

    Prints Cohen's kappa, precision, recall and F1 per category, turn accuracy, a confusion
    matrix, verdict agreement and the rules that fired where coachcheck and the labels differ.
    Each labeled call is analyzed with its labels' coach as the coach (or the --coach names).
    Rules, disabled rules, weights and the roster come from the config file unless given here;
    see `coachcheck config`. The labels format is described in docs/labels-format.md.
    """
    from coachcheck.calibration import align, calibrate
    from coachcheck.config import merge_options, with_options
    from coachcheck.engine import Analyzer
    from coachcheck.errors import CoachcheckError

    config = with_options(load_or_exit(config_file), rules=rules, disable=disable)
    try:
        base = merge_options(config)
    except CoachcheckError as exc:
        exit_with(exc)

    calls, errors = _read_labeled(labels_dir)
    if errors:
        for e in errors:
            typer.echo(str(e), err=True)
        raise typer.Exit(EXIT_ERROR)
    pairs, missing, verdicts = [], [], []
    with user_errors():
        analyzer = Analyzer(base)
        for call, lines in calls:
            analyzer.options = dataclasses.replace(base, coaches=tuple(coach) or (call.coach,))
            report = analyzer.analyze_file(call.transcript)
            found, lost = align(call, lines, report)
            pairs += found
            missing += lost
            verdicts.append((call.transcript, call.verdict, report.verdict))
    result = calibrate(pairs, verdicts, missing)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    stdout_console().print(*_render(result))


def _read_labeled(folder: Path):
    """Every (LabeledCall, transcript lines) under the folder, and every problem found reading them."""
    from coachcheck.calibration import parse_labels
    from coachcheck.errors import InputError
    from coachcheck.transcripts.decode import decode

    if not folder.is_dir():
        return [], [InputError(str(folder), "no such folder" if not folder.exists() else "is not a folder")]
    found = sorted(p for p in folder.rglob(f"*{LABELS_SUFFIX}") if p.is_file())
    if not found:
        return [], [InputError(str(folder), f"no *{LABELS_SUFFIX} files here (see docs/labels-format.md)")]
    calls, errors = [], []
    for labels in found:
        transcript = labels.with_name(labels.name[: -len(LABELS_SUFFIX)] + ".txt")
        try:
            if not transcript.is_file():
                raise InputError(str(labels), f"no transcript {transcript.name} beside it")
            lines = decode(transcript.read_bytes(), str(transcript))[0].lstrip("\ufeff").split("\n")
            text = labels.read_text(encoding="utf-8-sig")
            calls.append((parse_labels(text, str(labels), str(transcript), lines), lines))
        except InputError as exc:
            errors.append(exc)
        except UnicodeDecodeError:
            errors.append(InputError(str(labels), "is not UTF-8 text"))
        except OSError as exc:
            errors.append(InputError(str(labels), f"cannot be read ({exc.strerror or exc})"))
    return calls, errors


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _render(result) -> list:
    """Rich renderables for a Calibration: summary, per category, confusion, verdicts, rules."""
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    from coachcheck.calibration import kappa_band
    from coachcheck.model import LABELS

    agreed = sum(p.agrees for p in result.pairs)
    verdicts_agreed = sum(team == ours for _, team, ours in result.verdicts)
    out: list = [Text(
        f"{result.calls} labeled calls, {len(result.pairs)} coach lines compared"
        + (f" ({len(result.not_aligned)} left out)" if result.not_aligned else "") + "\n"
        f"turn accuracy {_num(result.accuracy)} ({agreed}/{len(result.pairs)}), "
        f"Cohen's kappa {_num(result.kappa)} ({kappa_band(result.kappa)} agreement)\n"
        f"verdict agreement {_num(result.verdict_agreement)} ({verdicts_agreed}/{len(result.verdicts)})"
    )]

    per = Table(title="Agreement per category (team labels vs coachcheck)", title_justify="left")
    for col in ("category", "team", "coachcheck", "agreed", "precision", "recall", "F1", "kappa"):
        per.add_column(col, justify="left" if col == "category" else "right")
    for c in result.categories:
        per.add_row(c.category, str(c.team), str(c.coachcheck), str(c.agreed), _num(c.precision), _num(c.recall),
                    _num(c.f1), _num(c.kappa))
    out.append(per)

    matrix = Table(title="Confusion matrix (rows: team label, columns: coachcheck)", title_justify="left")
    matrix.add_column("team \\ coachcheck")
    for label in LABELS:
        matrix.add_column(label, justify="right")
    for label in LABELS:
        matrix.add_row(label, *(str(result.confusion[label][other]) for other in LABELS))
    out.append(matrix)

    calls = Table(title="Verdicts", title_justify="left")
    for col in ("call", "team", "coachcheck", "agree"):
        calls.add_column(col)
    for source, team, ours in result.verdicts:
        calls.add_row(escape(source), team, ours, "yes" if team == ours else "NO")
    out.append(calls)

    if result.rules:
        rules = Table(title="Rules behind the disagreements (lines where coachcheck's category differs)",
                      title_justify="left")
        for col in ("rule", "lines", "voted for coachcheck", "team -> coachcheck", "example"):
            numeric = col in ("lines", "voted for coachcheck")
            rules.add_column(col, overflow="fold", justify="right" if numeric else "left")
        for r in result.rules:
            moves = ", ".join(f"{t} -> {o} ({n})" for t, o, n in r.pairs)
            rules.add_row(r.rule, str(r.turns), str(r.pushed), moves, escape(f'"{r.example}"\n{r.example_at}'))
        out.append(rules)
    if result.not_aligned:
        out.append(Text("Left out:\n" + "\n".join(f"  {m}" for m in result.not_aligned)))
    return out
