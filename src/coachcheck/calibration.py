"""Calibration: how coachcheck's categories compare with a team's own hand labels.

A team labels some calls by hand (`NAME.txt` with `NAME.labels.json` beside it, see
docs/labels-format.md). Each labeled coach line is aligned with the analyzed turn that contains
its text, and the pairs (team label, coachcheck category) give per-category precision, recall,
F1 and Cohen's kappa, overall accuracy and kappa, a confusion matrix, verdict agreement, and the
rules that fired where the two disagree. Everything here is pure: reading files and running the
analysis is the caller's job.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from coachcheck.errors import InputError
from coachcheck.model import LABELS, VERDICTS, CallReport

CALIBRATION_SCHEMA = "coachcheck.calibration/1"
NO_RULE = "(no rule fired)"
"""Stands for the rule behind a disagreement where no rule fired at all."""

_LABEL_END = re.compile(r"\s*(?:[\[(][^\])]*[\])])?\s*(?:\*\*)?\s*[:\uff1a]\s*(?:\*\*)?")
_CALL_KEYS = {"coach", "reps", "verdict", "turns", "style"}
_TURN_KEYS = {"index", "speaker", "label", "all"}


@dataclass(frozen=True, slots=True)
class LabeledTurn:
    """One coach line as the team labeled it.

    Attributes:
        index (int): 0-based line index in the transcript file.
        speaker (str): who said it, as written in the transcript.
        label (str): the primary label, one of LABELS.
        all (tuple[str, ...]): every label present in the line (the primary one included).
    """

    index: int
    speaker: str
    label: str
    all: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LabeledCall:
    """A call the team labeled by hand.

    Attributes:
        labels_path (str): the `.labels.json` file.
        transcript (str): the transcript file beside it.
        coach (str): the coach's speaker name.
        reps (tuple[str, ...]): the reps' speaker names.
        verdict (str): the team's verdict, one of VERDICTS.
        turns (tuple[LabeledTurn, ...]): the labeled coach lines, in file order.
    """

    labels_path: str
    transcript: str
    coach: str
    reps: tuple[str, ...]
    verdict: str
    turns: tuple[LabeledTurn, ...]


@dataclass(frozen=True, slots=True)
class TurnPair:
    """A labeled line next to what coachcheck made of the turn that contains it.

    Attributes:
        source (str): the transcript.
        line (int): 1-based line of the labeled text in the transcript.
        text (str): the labeled line's words (speaker label removed).
        label (str): the team's label.
        predicted (str): coachcheck's category for the containing turn.
        findings (tuple[tuple[str, str, str], ...]): (rule id, its category, sentence) of each
            finding in that turn.
    """

    source: str
    line: int
    text: str
    label: str
    predicted: str
    findings: tuple[tuple[str, str, str], ...] = ()

    @property
    def agrees(self) -> bool:
        """Whether coachcheck gave the team's label."""
        return self.label == self.predicted


@dataclass(frozen=True, slots=True)
class CategoryAgreement:
    """Agreement on one label, treating it as yes/no against all the others.

    Attributes:
        category (str): the label.
        team (int): lines the team gave this label (support).
        coachcheck (int): lines coachcheck gave this label.
        agreed (int): lines both gave it (true positives).
        precision (float | None): agreed / coachcheck; None when coachcheck never gave it.
        recall (float | None): agreed / team; None when the team never gave it.
        f1 (float | None): harmonic mean of precision and recall; None when either is None.
        kappa (float | None): Cohen's kappa of the yes/no ratings; None when undefined (chance = 1).
    """

    category: str
    team: int
    coachcheck: int
    agreed: int
    precision: float | None
    recall: float | None
    f1: float | None
    kappa: float | None


@dataclass(frozen=True, slots=True)
class RuleDisagreement:
    """A rule that fired in turns where coachcheck and the team disagree.

    Attributes:
        rule (str): the rule id, or NO_RULE for disagreements where no rule fired.
        turns (int): disagreeing lines whose turn it fired in.
        pushed (int): of those, lines where it votes for coachcheck's category (so it helped
            decide against the team; the others it fired in but was outvoted).
        pairs (tuple[tuple[str, str, int], ...]): (team label, coachcheck category, lines), most first.
        example (str): a sentence it fired on (the line itself for NO_RULE).
        example_at (str): `transcript:line` of the example.
    """

    rule: str
    turns: int
    pushed: int
    pairs: tuple[tuple[str, str, int], ...]
    example: str
    example_at: str


@dataclass(frozen=True, slots=True)
class Calibration:
    """Everything a calibration run found.

    Attributes:
        calls (int): labeled calls compared.
        pairs (tuple[TurnPair, ...]): the aligned lines.
        accuracy (float | None): share of aligned lines where coachcheck gave the team's label.
        kappa (float | None): Cohen's kappa over all labels.
        categories (tuple[CategoryAgreement, ...]): one per label, in LABELS order.
        confusion (dict[str, dict[str, int]]): team label -> coachcheck category -> lines.
        verdicts (tuple[tuple[str, str, str], ...]): (transcript, team verdict, coachcheck verdict).
        rules (tuple[RuleDisagreement, ...]): rules behind disagreements, most frequent first.
        not_aligned (tuple[str, ...]): labeled lines left out, one message each.
    """

    calls: int
    pairs: tuple[TurnPair, ...]
    accuracy: float | None
    kappa: float | None
    categories: tuple[CategoryAgreement, ...]
    confusion: dict[str, dict[str, int]]
    verdicts: tuple[tuple[str, str, str], ...]
    rules: tuple[RuleDisagreement, ...]
    not_aligned: tuple[str, ...] = field(default=())

    @property
    def verdict_agreement(self) -> float | None:
        """Share of calls where coachcheck's verdict is the team's."""
        return _ratio(sum(team == ours for _, team, ours in self.verdicts), len(self.verdicts))

    def to_dict(self) -> dict[str, Any]:
        """The calibration as JSON-ready data (schema `coachcheck.calibration/1`)."""
        return {
            "schema": CALIBRATION_SCHEMA,
            "calls": self.calls,
            "turns": len(self.pairs),
            "agreed": sum(p.agrees for p in self.pairs),
            "accuracy": _round(self.accuracy),
            "kappa": _round(self.kappa),
            "categories": [
                {"category": c.category, "team": c.team, "coachcheck": c.coachcheck, "agreed": c.agreed,
                 "precision": _round(c.precision), "recall": _round(c.recall), "f1": _round(c.f1),
                 "kappa": _round(c.kappa)}
                for c in self.categories
            ],
            "confusion": {"rows": "team label", "columns": "coachcheck category", "labels": list(LABELS),
                          "counts": {k: dict(v) for k, v in self.confusion.items()}},
            "verdicts": {
                "agreement": _round(self.verdict_agreement),
                "calls": [{"source": s, "team": team, "coachcheck": ours} for s, team, ours in self.verdicts],
            },
            "disagreement_rules": [
                {"rule": r.rule, "turns": r.turns, "pushed": r.pushed, "example": r.example,
                 "example_at": r.example_at,
                 "pairs": [{"team": t, "coachcheck": o, "turns": n} for t, o, n in r.pairs]}
                for r in self.rules
            ],
            "not_aligned": list(self.not_aligned),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


# Reading labels --------------------------------------------------------------------------------


def parse_labels(text: str, labels_path: str, transcript: str, lines: Sequence[str]) -> LabeledCall:
    """Read and check a labels file against its transcript.

    Args:
        text (str): the `.labels.json` content.
        labels_path (str): its path, for errors.
        transcript (str): the transcript's path.
        lines (Sequence[str]): the transcript's lines (labels point at them by 0-based index).

    RETURNS (LabeledCall): the labels; raises InputError naming the file and the problem.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(labels_path, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    if not isinstance(data, dict):
        raise InputError(labels_path, "must be a JSON object with coach, verdict and turns")
    unknown = sorted(set(data) - _CALL_KEYS)
    if unknown:
        raise InputError(labels_path, f"unknown key {unknown[0]!r} (allowed: {', '.join(sorted(_CALL_KEYS))})")
    for key in ("coach", "verdict", "turns"):
        if key not in data:
            raise InputError(labels_path, f"missing required key {key!r}")
    if not _text(data["coach"]):
        raise InputError(labels_path, "'coach' must be the coach's speaker name")
    reps = data.get("reps", [])
    if not isinstance(reps, list) or not all(_text(r) for r in reps):
        raise InputError(labels_path, "'reps' must be a list of speaker names")
    if data["verdict"] not in VERDICTS:
        raise InputError(labels_path, f"verdict {data['verdict']!r} is not one of {', '.join(VERDICTS)}")
    if not isinstance(data["turns"], list):
        raise InputError(labels_path, "'turns' must be a list")
    turns = [_parse_turn(t, i, labels_path, transcript, lines) for i, t in enumerate(data["turns"])]
    seen: dict[int, int] = {}
    for i, t in enumerate(turns):
        if t.index in seen:
            raise InputError(labels_path, f"turns[{i}]: index {t.index} is labeled twice (also turns[{seen[t.index]}])")
        seen[t.index] = i
    return LabeledCall(labels_path, transcript, data["coach"].strip(), tuple(r.strip() for r in reps),
                       data["verdict"], tuple(sorted(turns, key=lambda t: t.index)))


def _parse_turn(raw: Any, i: int, labels_path: str, transcript: str, lines: Sequence[str]) -> LabeledTurn:
    where = f"turns[{i}]"
    if not isinstance(raw, dict):
        raise InputError(labels_path, f"{where} must be an object with index, speaker and label")
    unknown = sorted(set(raw) - _TURN_KEYS)
    if unknown:
        raise InputError(labels_path, f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(_TURN_KEYS))})")
    for key in ("index", "speaker", "label"):
        if key not in raw:
            raise InputError(labels_path, f"{where}: missing required key {key!r}")
    index = raw["index"]
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise InputError(labels_path, f"{where}: index must be a 0-based line number, not {index!r}")
    if index >= len(lines):
        raise InputError(labels_path, f"{where}: index {index} is past the end of {transcript} ({len(lines)} lines)")
    if not normalize(lines[index]):
        raise InputError(labels_path, f"{where}: line {index + 1} of {transcript} is empty")
    if not _text(raw["speaker"]):
        raise InputError(labels_path, f"{where}: speaker must be a name")
    label = raw["label"]
    if label not in LABELS:
        raise InputError(labels_path, f"{where}: label {label!r} is not one of {', '.join(LABELS)}")
    every = raw.get("all", [label])
    if not isinstance(every, list) or any(a not in LABELS for a in every):
        raise InputError(labels_path, f"{where}: 'all' must be a list of labels from {', '.join(LABELS)}")
    if label not in every:
        raise InputError(labels_path, f"{where}: 'all' must include the primary label {label!r}")
    return LabeledTurn(index, raw["speaker"].strip(), label, tuple(dict.fromkeys(every)))


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


# Aligning ----------------------------------------------------------------------------------------


def normalize(text: str) -> str:
    """Text reduced for comparison: lowercase letters and digits only."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def align(call: LabeledCall, lines: Sequence[str], report: CallReport) -> tuple[list[TurnPair], list[str]]:
    """Pair each labeled line with the analyzed coach turn that contains its text.

    A line's text is what follows its speaker's name; the turn chosen is one whose normalized
    text contains it (turns may merge consecutive lines), the nearest to the line if several do.

    Args:
        call (LabeledCall): the labels.
        lines (Sequence[str]): the transcript's lines.
        report (CallReport): coachcheck's analysis of the transcript.

    RETURNS (tuple[list[TurnPair], list[str]]): the pairs, and one message per line left out.
    """
    pairs, missing = [], []
    turns = [(t, normalize(t.turn.text), normalize(t.turn.speaker)) for t in report.turns]
    for lt in call.turns:
        line = lines[lt.index]
        where = f"{call.transcript}:{lt.index + 1}"
        candidates = []
        for t, text, speaker in turns:
            body = _after_speaker(normalize(line), speaker)
            if body and body in text:
                candidates.append(t)
        if not candidates:
            missing.append(f"{where}: no analyzed turn contains this line's text")
            continue
        # The containing turn is the last one starting at or before the line (when lines are known).
        t = min(candidates, key=lambda c: (c.turn.line > lt.index + 1, abs(c.turn.line - lt.index - 1), c.turn.index))
        if t.role != "coach" or t.category is None:
            missing.append(f"{where}: said by {t.turn.speaker!r}, whom coachcheck took as {t.role}, not as the coach")
            continue
        findings = tuple((f.rule_id, f.category, f.evidence) for f in t.findings)
        pairs.append(TurnPair(call.transcript, lt.index + 1, _words(line, t.turn.speaker), lt.label, t.category,
                              findings))
    return pairs, missing


def _after_speaker(line: str, speaker: str) -> str:
    """The normalized line without everything up to its speaker's name (timestamps, the name)."""
    at = line.find(speaker) if speaker else -1
    return line[at + len(speaker):] if at >= 0 else line


def _words(line: str, speaker: str) -> str:
    """The line without its speaker label (and a timestamp next to it), for quoting."""
    at = line.lower().find(speaker.lower())
    label = _LABEL_END.match(line, at + len(speaker)) if at >= 0 else None
    return line[label.end():].strip() if label else line.strip()


# Agreement ---------------------------------------------------------------------------------------


def confusion_matrix(pairs: Sequence[tuple[str, str]], labels: Sequence[str] = LABELS) -> dict[str, dict[str, int]]:
    """Counts of (team label, coachcheck category), every label in rows and columns.

    Args:
        pairs (Sequence[tuple[str, str]]): (team label, coachcheck category) per line.
        labels (Sequence[str]): the labels, in display order.

    RETURNS (dict[str, dict[str, int]]): team label -> coachcheck category -> count.
    """
    matrix = {row: dict.fromkeys(labels, 0) for row in labels}
    for team, ours in pairs:
        matrix[team][ours] += 1
    return matrix


def cohen_kappa(pairs: Sequence[tuple[str, str]], labels: Sequence[str] = LABELS) -> float | None:
    """Cohen's kappa: agreement beyond chance, (po - pe) / (1 - pe).

    po is the share of pairs that agree; pe is the agreement expected by chance from each
    rater's label shares, the sum over labels of team share x coachcheck share.

    Args:
        pairs (Sequence[tuple[str, str]]): (team label, coachcheck category) per line.
        labels (Sequence[str]): every label that may occur.

    RETURNS (float | None): kappa, or None without pairs or when chance agreement is 1
        (both raters used one and the same label throughout).
    """
    n = len(pairs)
    if not n:
        return None
    team = Counter(t for t, _ in pairs)
    ours = Counter(o for _, o in pairs)
    po = sum(t == o for t, o in pairs) / n
    pe = sum(team[k] * ours[k] for k in labels) / (n * n)
    return None if pe == 1 else (po - pe) / (1 - pe)


def category_agreement(pairs: Sequence[tuple[str, str]], category: str) -> CategoryAgreement:
    """Precision, recall, F1 and Cohen's kappa for one label against the rest.

    Args:
        pairs (Sequence[tuple[str, str]]): (team label, coachcheck category) per line.
        category (str): the label.

    RETURNS (CategoryAgreement): the figures (None where a ratio has nothing to divide by).
    """
    team = sum(t == category for t, _ in pairs)
    ours = sum(o == category for _, o in pairs)
    agreed = sum(t == o == category for t, o in pairs)
    precision, recall = _ratio(agreed, ours), _ratio(agreed, team)
    f1 = None if precision is None or recall is None else (
        0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall))
    binary = [(t == category, o == category) for t, o in pairs]
    return CategoryAgreement(category, team, ours, agreed, precision, recall, f1,
                             cohen_kappa(binary, (True, False)))


def disagreement_rules(pairs: Sequence[TurnPair]) -> list[RuleDisagreement]:
    """For lines where coachcheck and the team disagree: which rules fired there, and how often.

    Each rule counts once per disagreeing line, however many of its sentences it matched.
    Lines where no rule fired are counted under NO_RULE (coachcheck said neutral). The example
    is the first sentence the rule matched in a line where it voted for coachcheck's category,
    else the first it matched.

    Args:
        pairs (Sequence[TurnPair]): the aligned lines.

    RETURNS (list[RuleDisagreement]): most lines first, then by rule id (NO_RULE last among equals).
    """
    counts: Counter[str] = Counter()
    pushed: Counter[str] = Counter()
    by_pair: dict[str, Counter[tuple[str, str]]] = {}
    examples: dict[str, list[tuple[bool, str, str]]] = {}
    for p in pairs:
        if p.agrees:
            continue
        fired = {rid: cat for rid, cat, _ in p.findings} or {NO_RULE: p.predicted}
        for rid, cat in fired.items():
            counts[rid] += 1
            pushed[rid] += cat == p.predicted
            by_pair.setdefault(rid, Counter())[(p.label, p.predicted)] += 1
            said = next((s for r, _, s in p.findings if r == rid), p.text)
            examples.setdefault(rid, []).append((cat != p.predicted, said, f"{p.source}:{p.line}"))
    ranked = sorted(counts, key=lambda r: (-counts[r], r == NO_RULE, r))
    out = []
    for rid in ranked:
        moves = tuple((t, o, n) for (t, o), n in sorted(by_pair[rid].items(), key=lambda kv: (-kv[1], kv[0])))
        _, said, at = min(examples[rid], key=lambda e: e[0])  # stable: the first where it pushed
        out.append(RuleDisagreement(rid, counts[rid], pushed[rid], moves, said, at))
    return out


def calibrate(
    pairs: Sequence[TurnPair],
    verdicts: Sequence[tuple[str, str, str]],
    not_aligned: Sequence[str] = (),
    calls: int | None = None,
) -> Calibration:
    """All agreement figures from aligned lines and call verdicts.

    Args:
        pairs (Sequence[TurnPair]): the aligned lines of every call.
        verdicts (Sequence[tuple[str, str, str]]): (transcript, team verdict, coachcheck verdict) per call.
        not_aligned (Sequence[str]): messages for labeled lines left out.
        calls (int | None): number of calls (default: one per verdict).

    RETURNS (Calibration): the figures.
    """
    rated = [(p.label, p.predicted) for p in pairs]
    return Calibration(
        calls=len(verdicts) if calls is None else calls,
        pairs=tuple(pairs),
        accuracy=_ratio(sum(p.agrees for p in pairs), len(pairs)),
        kappa=cohen_kappa(rated),
        categories=tuple(category_agreement(rated, c) for c in LABELS),
        confusion=confusion_matrix(rated),
        verdicts=tuple(verdicts),
        rules=tuple(disagreement_rules(pairs)),
        not_aligned=tuple(not_aligned),
    )


def kappa_band(kappa: float | None) -> str:
    """Landis and Koch's words for a kappa: poor, slight, fair, moderate, substantial, almost perfect."""
    if kappa is None:
        return "undefined"
    if kappa < 0:
        return "poor"
    for limit, words in ((0.2, "slight"), (0.4, "fair"), (0.6, "moderate"), (0.8, "substantial")):
        if kappa <= limit:
            return words
    return "almost perfect"
