"""The data coachcheck passes between its layers: frozen, picklable, JSON-friendly.

Standard library only, so loaders, scoring and reporters can be used and tested
without spaCy. `CallReport.to_dict()` is the one serialisation of a result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CATEGORIES = ("coaching", "managing", "training", "mentoring", "role_modeling")
"""The five manager stances, in tie-break order (coaching first)."""

NEUTRAL = "neutral"
MIXED = "mixed"
LABELS = (*CATEGORIES, NEUTRAL)
VERDICTS = (*CATEGORIES, MIXED)
ACTS = ("question", "directive", "reflection", "statement", "backchannel")
QUESTION_TYPES = ("open", "closed")
ROLES = ("coach", "rep", "other")
REPORT_SCHEMA = "coachcheck.report/1"


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker's uninterrupted stretch of talk.

    Attributes:
        index (int): 0-based position in the transcript.
        speaker (str): the speaker label as written in the transcript.
        text (str): what was said, pieces of one turn joined by a space.
        start (float | None): seconds from the start of the call, None when unknown.
        end (float | None): seconds from the start of the call, None when unknown.
        line (int): 1-based line in the source file where the turn starts (0 if unknown).
        words (int): how many whitespace-separated words the text holds (worked out, not given).
    """

    index: int
    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    line: int = 0
    words: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Counted once here: detection, reflections, scoring and summaries all need it.
        object.__setattr__(self, "words", len(self.text.split()))


@dataclass(frozen=True, slots=True)
class Transcript:
    """A loaded call: its turns in order, and where they came from.

    Attributes:
        source (str): the path (or name) the transcript was read from.
        format (str): the input format that was detected or given ("txt", "vtt", ...).
        turns (tuple[Turn, ...]): the turns, consecutive same-speaker pieces merged.
        warnings (tuple[str, ...]): non-fatal problems met while loading.
    """

    source: str
    format: str
    turns: tuple[Turn, ...]
    warnings: tuple[str, ...] = ()

    @property
    def speakers(self) -> tuple[str, ...]:
        """The distinct speakers, in order of first appearance."""
        return tuple(dict.fromkeys(t.speaker for t in self.turns))


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a turn with its dialog act.

    Attributes:
        turn_index (int): the turn it belongs to.
        index (int): 0-based position within the turn.
        text (str): the sentence text.
        act (str): question | directive | reflection | statement | backchannel.
        question_type (str | None): open | closed for questions, else None.
        cues (tuple[str, ...]): the pattern labels that decided the act (for `explain`).
    """

    turn_index: int
    index: int
    text: str
    act: str
    question_type: str | None = None
    cues: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The sentence as JSON-ready data."""
        return {"text": self.text, "act": self.act, "question_type": self.question_type, "cues": list(self.cues)}


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule that matched a sentence of a coach turn: the evidence behind a category.

    Attributes:
        rule_id (str): the rule's id, e.g. "managing.quota-pressure".
        category (str): the category the rule votes for.
        weight (float): how strongly it votes.
        message (str): what the rule saw, for people.
        tip (str): what a coach would do instead.
        turn_index (int): the turn of the evidence.
        sentence_index (int): the sentence of the evidence within the turn.
        evidence (str): the sentence text.
        line (int): 1-based source line of the turn (0 if unknown).
        start (float | None): seconds from the start of the call, if known.
    """

    rule_id: str
    category: str
    weight: float
    message: str
    tip: str
    turn_index: int
    sentence_index: int
    evidence: str
    line: int = 0
    start: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready data."""
        return {
            "rule": self.rule_id, "category": self.category, "weight": self.weight,
            "message": self.message, "tip": self.tip, "turn": self.turn_index,
            "sentence": self.sentence_index, "evidence": self.evidence, "line": self.line, "start": self.start,
        }


@dataclass(frozen=True, slots=True)
class TurnResult:
    """A turn with its role, sentences, findings and (for coach turns) its category.

    Attributes:
        turn (Turn): the turn as loaded.
        role (str): coach | rep | other.
        category (str | None): one of LABELS for coach turns, None for others.
        sentences (tuple[Sentence, ...]): its sentences with dialog acts.
        findings (tuple[Finding, ...]): the rule matches in it (coach turns only).
    """

    turn: Turn
    role: str
    category: str | None
    sentences: tuple[Sentence, ...]
    findings: tuple[Finding, ...] = ()

    @property
    def words(self) -> int:
        """Number of words in the turn."""
        return self.turn.words

    def to_dict(self) -> dict[str, Any]:
        """The turn as JSON-ready data."""
        t = self.turn
        return {
            "index": t.index, "speaker": t.speaker, "role": self.role, "text": t.text,
            "start": t.start, "end": t.end, "line": t.line, "category": self.category,
            "sentences": [s.to_dict() for s in self.sentences],
            "findings": [f.rule_id for f in self.findings],
        }


@dataclass(frozen=True, slots=True)
class Metrics:
    """Call-level figures a coaching expert would look at.

    Attributes:
        talk_share (dict[str, float]): share of words per speaker.
        rep_talk_share (float): share of words spoken by reps.
        coach_turns (int): number of coach turns.
        questions_per_coach_turn (float): coach questions divided by coach turns.
        open_question_share (float | None): open / all coach questions, None without questions.
        reflection_to_question (float | None): coach reflections / coach questions, None without questions.
        asking_share (float | None): share of the coach's sentences, backchannels aside, that ask or
            reflect (questions and reflections against directives and statements); None without any.
        longest_monologue_words (int): the longest coach turn in words.
        longest_monologue_seconds (float | None): its duration, when times are known.
        longest_monologue_turn (int | None): the turn index of that monologue.
    """

    talk_share: dict[str, float]
    rep_talk_share: float
    coach_turns: int
    questions_per_coach_turn: float
    open_question_share: float | None
    reflection_to_question: float | None
    asking_share: float | None
    longest_monologue_words: int
    longest_monologue_seconds: float | None
    longest_monologue_turn: int | None

    def to_dict(self) -> dict[str, Any]:
        """The metrics as JSON-ready data."""
        return {
            "talk_share": dict(self.talk_share), "rep_talk_share": self.rep_talk_share,
            "coach_turns": self.coach_turns, "questions_per_coach_turn": self.questions_per_coach_turn,
            "open_question_share": self.open_question_share, "reflection_to_question": self.reflection_to_question,
            "asking_share": self.asking_share,
            "longest_monologue_words": self.longest_monologue_words,
            "longest_monologue_seconds": self.longest_monologue_seconds,
            "longest_monologue_turn": self.longest_monologue_turn,
        }


@dataclass(frozen=True, slots=True)
class CallReport:
    """Everything coachcheck concluded about one call.

    Attributes:
        source (str): the transcript's path.
        format (str): the input format.
        coach (tuple[str, ...]): the speaker(s) treated as coach.
        coach_reason (str): why those speakers were taken as coach.
        reps (tuple[str, ...]): the other speakers taken as reps.
        verdict (str): one of VERDICTS.
        coaching_score (float): 0-100, see scoring.py for the formula.
        score_parts (dict[str, float]): the components of coaching_score, each 0-1.
        category_counts (dict[str, int]): coach turns per label (neutral included).
        category_shares (dict[str, float]): share of the non-neutral coach turns per category.
        metrics (Metrics): talk shares, question figures, monologue.
        turns (tuple[TurnResult, ...]): every turn, in order.
        warnings (tuple[str, ...]): non-fatal problems (loading, coach detection).
    """

    source: str
    format: str
    coach: tuple[str, ...]
    coach_reason: str
    reps: tuple[str, ...]
    verdict: str
    coaching_score: float
    score_parts: dict[str, float]
    category_counts: dict[str, int]
    category_shares: dict[str, float]
    metrics: Metrics
    turns: tuple[TurnResult, ...]
    warnings: tuple[str, ...] = ()
    tool_version: str = ""
    rule_pack: str = ""

    @property
    def findings(self) -> tuple[Finding, ...]:
        """All findings of the call, in turn order."""
        return tuple(f for t in self.turns for f in t.findings)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (schema `coachcheck.report/1`)."""
        return {
            "schema": REPORT_SCHEMA,
            "tool_version": self.tool_version,
            "source": self.source,
            "format": self.format,
            "coach": list(self.coach),
            "coach_reason": self.coach_reason,
            "reps": list(self.reps),
            "verdict": self.verdict,
            "coaching_score": self.coaching_score,
            "score_parts": dict(self.score_parts),
            "category_counts": dict(self.category_counts),
            "category_shares": dict(self.category_shares),
            "metrics": self.metrics.to_dict(),
            "rule_pack": self.rule_pack,
            "warnings": list(self.warnings),
            "findings": [f.to_dict() for f in self.findings],
            "turns": [t.to_dict() for t in self.turns],
        }


@dataclass(frozen=True, slots=True)
class FileFailure:
    """A file of a batch that could not be analyzed, and why (one line)."""

    source: str
    error: str

    def to_dict(self) -> dict[str, Any]:
        """The failure as JSON-ready data."""
        return {"source": self.source, "error": self.error}


@dataclass(frozen=True, slots=True)
class Options:
    """What the user asked for that changes analysis (picklable, sent to workers).

    Attributes:
        coaches (tuple[str, ...]): names given with --coach, compared case-insensitively.
        input_format (str | None): force a loader instead of detecting the format.
        model (str | None): a trained spaCy pipeline to use instead of the blank one.
        rule_dirs (tuple[str, ...]): extra rule packs to load after the shipped ones.
        disabled_rules (tuple[str, ...]): rule ids to switch off.
        weights (tuple[tuple[str, float], ...]): per-rule weight overrides.
        roster (tuple[tuple[str, str], ...]): (name or alias, role) pairs from a roster file.
    """

    coaches: tuple[str, ...] = ()
    input_format: str | None = None
    model: str | None = None
    rule_dirs: tuple[str, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    weights: tuple[tuple[str, float], ...] = field(default=())
    roster: tuple[tuple[str, str], ...] = ()
