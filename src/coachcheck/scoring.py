"""From categorized turns to call figures, the verdict and the coaching score. Pure functions.

coaching_score (0-100) is a weighted mean of five parts, each 0-1, anchored to published figures
(the README's "The coaching score" section gives the sources):

    40%  coaching share     coaching turns / non-neutral coach turns
    20%  asking             coach sentences that ask or reflect / coach sentences that ask, reflect,
                            tell or state (backchannels aside): in AnnoMI the share of reflections and
                            the share of "therapist input" each separate good from poor sessions best
    20%  rep talk           rep share of words / 0.60, capped at 1
                            (managers who coach talk 20-40%; Gong: listeners win)
    10%  open questions     open / all coach questions / 0.70, capped at 1 (MITI "good": 70%)
    10%  reflections        coach reflections / coach questions, capped at 1 (MITI "fair": 1:1)

A call with no coach questions gets 0 for the two question parts.
"""

from __future__ import annotations

from collections.abc import Sequence

from coachcheck.model import CATEGORIES, MIXED, NEUTRAL, CallReport, Metrics, TurnResult

SCORE_WEIGHTS = {"coaching_share": 0.40, "asking": 0.20, "rep_talk": 0.20, "open_questions": 0.10, "reflections": 0.10}
REP_TALK_TARGET = 0.60
OPEN_SHARE_TARGET = 0.70
REFLECTION_RATIO_TARGET = 1.0
VERDICT_MIN_SHARE = 0.40

GOOD_RANGES = {
    "rep_talk_share": (0.60, 0.80, "reps talk 60-80% when the manager coaches (manager 20-40%)"),
    "open_question_share": (0.50, 1.0, "MITI: 50% open questions is fair, 70% good"),
    "reflection_to_question": (1.0, None, "MITI: one reflection per question is fair, two good"),
    "asking_share": (0.5, 1.0, "asks or reflects at least as often as it tells"),
    "questions_per_coach_turn": (0.5, 1.5, "about one question per turn, asked one at a time (ICF PCC 7.6)"),
    "longest_monologue_seconds": (None, 120.0, "2 minutes uninterrupted counts as a monologue"),
}


def category_counts(turns: Sequence[TurnResult]) -> dict[str, int]:
    """Coach turns per label, neutral included, in the fixed label order."""
    counts = dict.fromkeys((*CATEGORIES, NEUTRAL), 0)
    for t in turns:
        if t.role == "coach" and t.category:
            counts[t.category] += 1
    return counts


def category_shares(counts: dict[str, int]) -> dict[str, float]:
    """Share of the non-neutral coach turns per category (all 0 when there are none)."""
    total = sum(counts[c] for c in CATEGORIES)
    return {c: round(counts[c] / total, 3) if total else 0.0 for c in CATEGORIES}


def verdict(counts: dict[str, int]) -> str:
    """The category with the most non-neutral coach turns if it holds at least 40% of them, else mixed."""
    total = sum(counts[c] for c in CATEGORIES)
    if not total:
        return MIXED
    top = max(CATEGORIES, key=lambda c: counts[c])  # max keeps the first on ties: coaching first
    if counts[top] / total < VERDICT_MIN_SHARE:
        return MIXED
    if sum(1 for c in CATEGORIES if counts[c] == counts[top]) > 1:
        return MIXED
    return top


def metrics(turns: Sequence[TurnResult]) -> Metrics:
    """Talk shares, question figures and the longest coach monologue."""
    words: dict[str, int] = {}
    for t in turns:
        words[t.turn.speaker] = words.get(t.turn.speaker, 0) + t.words
    total = sum(words.values()) or 1
    rep_words = sum(t.words for t in turns if t.role == "rep")
    coach = [t for t in turns if t.role == "coach"]
    said = [s for t in coach for s in t.sentences if s.act != "backchannel"]
    qs = [s for s in said if s.act == "question"]
    reflections = sum(1 for s in said if s.act == "reflection")
    open_q = sum(1 for s in qs if s.question_type == "open")
    longest = max(coach, key=lambda t: t.words, default=None)
    seconds = None
    if longest is not None:
        seconds = _duration(longest, turns)
    return Metrics(
        talk_share={s: round(w / total, 3) for s, w in words.items()},
        rep_talk_share=round(rep_words / total, 3),
        coach_turns=len(coach),
        questions_per_coach_turn=round(len(qs) / len(coach), 2) if coach else 0.0,
        open_question_share=round(open_q / len(qs), 3) if qs else None,
        reflection_to_question=round(reflections / len(qs), 2) if qs else None,
        asking_share=round((len(qs) + reflections) / len(said), 3) if said else None,
        longest_monologue_words=longest.words if longest else 0,
        longest_monologue_seconds=seconds,
        longest_monologue_turn=longest.turn.index if longest else None,
    )


def _duration(t: TurnResult, turns: Sequence[TurnResult]) -> float | None:
    start, end = t.turn.start, t.turn.end
    if start is None:
        return None
    if end is None:
        following = [u.turn.start for u in turns[t.turn.index + 1 :] if u.turn.start is not None]
        end = following[0] if following else None
    return round(end - start, 1) if end is not None and end >= start else None


def score_parts(shares: dict[str, float], counts: dict[str, int], m: Metrics) -> dict[str, float]:
    """The five parts of coaching_score, each 0-1."""
    has_stance = sum(counts[c] for c in CATEGORIES) > 0
    return {
        "coaching_share": shares["coaching"] if has_stance else 0.0,
        "asking": m.asking_share or 0.0,
        "rep_talk": round(min(1.0, m.rep_talk_share / REP_TALK_TARGET), 3),
        "open_questions": round(min(1.0, (m.open_question_share or 0.0) / OPEN_SHARE_TARGET), 3),
        "reflections": round(min(1.0, (m.reflection_to_question or 0.0) / REFLECTION_RATIO_TARGET), 3),
    }


def coaching_score(parts: dict[str, float]) -> float:
    """0-100: the weighted mean of the parts (weights in SCORE_WEIGHTS)."""
    return round(100 * sum(SCORE_WEIGHTS[k] * parts[k] for k in SCORE_WEIGHTS), 1)


def build_report(
    source: str,
    fmt: str,
    turns: Sequence[TurnResult],
    coach_reason: str,
    warnings: Sequence[str] = (),
    tool_version: str = "",
    rule_pack: str = "",
) -> CallReport:
    """Everything about one call, from its analyzed turns."""
    counts = category_counts(turns)
    shares = category_shares(counts)
    m = metrics(turns)
    parts = score_parts(shares, counts, m)
    speakers = list(dict.fromkeys(t.turn.speaker for t in turns))
    roles = {t.turn.speaker: t.role for t in turns}
    return CallReport(
        source=source, format=fmt,
        coach=tuple(s for s in speakers if roles[s] == "coach"),
        coach_reason=coach_reason,
        reps=tuple(s for s in speakers if roles[s] == "rep"),
        verdict=verdict(counts), coaching_score=coaching_score(parts), score_parts=parts,
        category_counts=counts, category_shares=shares, metrics=m, turns=tuple(turns),
        warnings=tuple(warnings), tool_version=tool_version, rule_pack=rule_pack,
    )
