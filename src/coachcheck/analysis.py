"""From a transcript to tagged sentences, roles and rule findings: the Doc -> dataclass boundary.

`tag_turns` runs the spaCy pipeline; everything after it works on plain data and is pure:
`assign_roles` picks the coach, `apply_rules` turns rule hits into findings, and
`categorize_turn` gives each coach turn its category.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from coachcheck.errors import InputError
from coachcheck.model import CATEGORIES, NEUTRAL, Finding, Sentence, Transcript, Turn
from coachcheck.rulepack import Rule, RulePack

_COACH_LABEL = re.compile(r"\b(manager|coach|mgr|lead|leader|director|vp|head|supervisor|boss|therapist|"
                          r"counsel+or|interviewer|mentor|trainer|enablement)\b", re.IGNORECASE)
_REP_LABEL = re.compile(r"\b(rep|ae|sdr|bdr|seller|salesperson|account executive|client|agent|associate|"
                        r"coachee|mentee|trainee|employee)\b", re.IGNORECASE)
_OTHER_LABEL = re.compile(r"\b(bot|notetaker|note taker|recorder|assistant|system|unknown speaker|otter|"
                          r"fireflies|presentation)\b", re.IGNORECASE)
_TIE_ORDER = {c: i for i, c in enumerate((*CATEGORIES, NEUTRAL))}
TURN_BREAK = "\u2029"
"""What joins the turns of a call in one Doc: a paragraph separator, whitespace to spaCy's tokenizer
(so a token of its own, splitting no chunk), and unlike a line break not one of its special
cases, which cost a Span per turn when the tokenizer looks for them (a fifth of its time)."""


@dataclass(frozen=True, slots=True)
class TaggedTurn:
    """A turn after the pipeline: its sentences and the rule hits found in it.

    Attributes:
        turn (Turn): the turn.
        sentences (tuple[Sentence, ...]): sentences with acts.
        hits (tuple[tuple[str, int, bool], ...]): (rule id, sentence index, is_unless).
    """

    turn: Turn
    sentences: tuple[Sentence, ...]
    hits: tuple[tuple[str, int, bool], ...]


_MATCHED: dict[tuple[int, str], tuple[TaggedTurn, RulePack, list[tuple[Sentence, Rule]]]] = {}
"""(id of a tagged turn, role) -> (that turn, the pack, its matches), for the call being analyzed
(`tag_turns` empties it): coach detection matches every turn as the coach's, and the findings of
the coach's turns are those same matches."""


def tag_turns(nlp, transcript: Transcript, batch_size: int = 256, per_call: bool = True) -> list[TaggedTurn]:
    """Run the pipeline over every turn, giving each the previous speaker's words for reflections.

    With the default blank pipeline, the whole call is one Doc (its turns joined by TURN_BREAK,
    which spaCy's tokenizer keeps as a token of its own): per-Doc costs are then paid once per
    call instead of once per turn. A call longer than `nlp.max_length` characters is split into
    Docs of consecutive turns that fit. A trained pipeline (`--model`) gets one Doc per turn, so
    that its tagger and parser see each turn on its own; so does a call with a turn that is empty
    or has whitespace at an end (the loaders never make one).

    Args:
        nlp (Language): a pipeline from `coachcheck.nlp.pipeline.build_nlp`.
        transcript (Transcript): the call.
        batch_size (int): docs per `nlp.pipe` batch.
        per_call (bool): whole calls in one Doc where the pipeline allows it; False: one Doc per
            turn (the same results, more slowly).

    RETURNS (list[TaggedTurn]): one per turn, in order.
    """
    from coachcheck.nlp.components import whole_calls

    _MATCHED.clear()  # a new call: the turns of the last one are not matched again, and need not stay in memory
    turns = transcript.turns
    limit = nlp.max_length
    too_long = next((t for t in turns if len(t.text) > limit), None)
    if too_long is not None:
        raise InputError(transcript.source, f"turn {too_long.index + 1} has {len(too_long.text):,} characters, "
                                            f"more than spaCy takes at once ({limit:,})")
    if per_call and whole_calls(nlp) and all(t.text and t.text == t.text.strip() for t in turns):
        groups = _call_groups(turns, nlp.max_length)
    else:
        groups = [(t,) for t in turns]
    texts = [TURN_BREAK.join(t.text for t in group) for group in groups]
    docs, offsets = _make_docs(nlp, turns, groups, texts)
    out = []
    for group, text, doc, offset in zip(groups, texts, nlp.pipe(docs, batch_size=batch_size), offsets, strict=True):
        out += _tagged(group, text, doc, offset)
    return out


def _call_groups(turns: Sequence[Turn], max_length: int) -> list[Sequence[Turn]]:
    """Consecutive turns, as few groups as keep each group's joined text within max_length characters."""
    groups: list[Sequence[Turn]] = []
    start = length = 0
    for i, turn in enumerate(turns):
        if i > start and length + len(TURN_BREAK) + len(turn.text) > max_length:
            groups.append(turns[start:i])
            start, length = i, 0
        length += len(turn.text) + (len(TURN_BREAK) if i > start else 0)
    if turns:
        groups.append(turns[start:])
    return groups


def _make_docs(
    nlp, turns: Sequence[Turn], groups: list[Sequence[Turn]], texts: list[str]
) -> tuple[list, list[list[int]]]:
    """A Doc for each group of turns (their texts joined), with each turn's token range and reflection context.

    RETURNS: the docs, and for each the character offset of every token, then the text's length.
    """
    from spacy.attrs import IDX, IS_SPACE, LOWER

    from coachcheck.nlp.acts import content_stems
    from coachcheck.nlp.components import TOKENS_KEY, TURNS_KEY, Segmenter, Tokens, token_strings
    from coachcheck.nlp.lexicon import load_lexicon
    from coachcheck.nlp.tokenize import make_call_doc

    lex = load_lexicon()
    # The segmenter reads the lowercase forms read here, unless some other component runs first.
    hand_on = bool(nlp.pipeline) and isinstance(nlp.pipeline[0][1], Segmenter)
    docs = []
    stems: list[set[str]] = []
    offsets = []
    for group, text in zip(groups, texts, strict=True):
        doc = make_call_doc(nlp, text) if len(group) > 1 else nlp.make_doc(text)
        array = doc.to_array([LOWER, IDX, IS_SPACE]).T
        lowers = token_strings(doc, array[0].tolist())
        offset = [*array[1].tolist(), len(text)]
        ranges = []
        char = 0
        for turn in group:
            a = bisect_left(offset, char, 0, len(lowers))
            char += len(turn.text)
            b = bisect_left(offset, char, a, len(lowers))
            char += len(TURN_BREAK)
            index = len(stems)
            # Even an empty context (the rep only said "No.") means there is someone to reflect.
            context = _reflection_context(turns, stems, index) if index else None
            stems.append(content_stems(lowers[a:b], lex))
            ranges.append((a, b, context))
        doc.user_data[TURNS_KEY] = ranges
        if hand_on:
            doc.user_data[TOKENS_KEY] = Tokens(lowers, array[2].tolist())
        offsets.append(offset)
        docs.append(doc)
    return docs, offsets


def _tagged(group: Sequence[Turn], text: str, doc, offset: list[int]) -> list[TaggedTurn]:
    """The turns of a processed Doc, with their sentences and the rule hits in each."""
    from coachcheck.nlp.components import TURNS_KEY

    acts = doc._.coachcheck_acts or ()
    ranges = doc.user_data[TURNS_KEY]  # per turn: (start token, end token, context)
    sentences: list[list[Sentence]] = [[] for _ in group]
    where = []  # per sentence of the doc: its turn's place in the group, and its index in the turn
    t = 0
    for s, e, act in acts:
        while s >= ranges[t][1]:
            t += 1
        # A span's text is a slice of the text the doc was made from (spaCy's tokenizer keeps
        # every character); slicing avoids the Token objects that Span.text and Doc.text create.
        said = text[offset[s]:offset[e]].strip()
        where.append((t, len(sentences[t])))
        sentences[t].append(Sentence(group[t].index, len(sentences[t]), said, act.act, act.question_type, act.cues))
    hits: list[list[tuple[str, int, bool]]] = [[] for _ in group]
    starts = [s for s, _, _ in acts]
    for rule_id, s, _e, unless in doc._.coachcheck_rule_hits or ():
        j = bisect_right(starts, s) - 1  # the sentence the hit starts in (sentences are in order)
        if j >= 0 and s < acts[j][1]:
            t, i = where[j]
            hits[t].append((rule_id, i, unless))
    return [TaggedTurn(turn, tuple(sentences[t]), tuple(hits[t])) for t, turn in enumerate(group)]


def _reflection_context(turns: Sequence[Turn], stems: Sequence[set[str]], i: int) -> set[str]:
    """Content stems of what the others said since this speaker last said something of substance.

    A reflection often answers a rep's long turn across a short "Mm-hmm" of the manager's, so up
    to three turns of the other speakers are looked at.
    """
    speaker = turns[i].speaker
    out: set[str] = set()
    seen = 0
    for j in range(i - 1, -1, -1):
        if turns[j].speaker == speaker:
            if turns[j].words > 3:
                break
            continue
        out |= stems[j]
        seen += 1
        if seen == 3:
            break
    return out


def assign_roles(
    transcript: Transcript,
    tagged: Sequence[TaggedTurn],
    pack: RulePack,
    coaches: Sequence[str] = (),
    roster: dict[str, str] | None = None,
) -> tuple[dict[str, str], str, list[str]]:
    """Decide who is the coach, who the reps and who a third party.

    Args:
        transcript (Transcript): the call.
        tagged (Sequence[TaggedTurn]): the tagged turns (evidence for detection).
        pack (RulePack): the rules (their findings are evidence too).
        coaches (Sequence[str]): names given with --coach (case-insensitive).
        roster (dict[str, str] | None): speaker -> role from a roster file.

    RETURNS (tuple[dict[str, str], str, list[str]]): speaker -> role, why, and warnings.
    """
    speakers = transcript.speakers
    if len(speakers) < 2:
        raise InputError(transcript.source, f"only one speaker ({speakers[0] if speakers else 'none'}); "
                                            "a coaching call needs a coach and a rep")
    warnings: list[str] = []
    wanted = {c.casefold().strip() for c in coaches}
    named = [s for s in speakers if s.casefold().strip() in wanted]
    roster = roster or {}
    if named:
        coach_set, reason = set(named), "named with --coach"
    elif roster and any(r == "coach" for s, r in roster.items() if s in speakers):
        coach_set = {s for s in speakers if roster.get(s) == "coach"}
        reason = "from the roster"
    else:
        if wanted:
            warnings.append(f"no speaker matches --coach {', '.join(sorted(coaches))}; the coach was detected instead")
        coach, reason = detect_coach(tagged, pack)
        coach_set = {coach}
    roles = {}
    for s in speakers:
        if s in coach_set:
            roles[s] = "coach"
        elif roster.get(s) in ("rep", "other"):
            roles[s] = roster[s]
        elif _OTHER_LABEL.search(s):
            roles[s] = "other"
        else:
            roles[s] = "rep"
    if "rep" not in roles.values():
        raise InputError(transcript.source, "every speaker is a coach; nobody left to be coached")
    return roles, reason, warnings


def detect_coach(tagged: Sequence[TaggedTurn], pack: RulePack) -> tuple[str, str]:
    """The speaker most likely to be the manager, and a sentence saying why.

    Evidence, strongest first: a label such as Manager or Coach (or Rep/AE/SDR on the others),
    then how much of what each speaker says reads as a manager's stance (rule findings, questions
    and directives per sentence), with a small edge for whoever opens the call.
    """
    speakers = list(dict.fromkeys(t.turn.speaker for t in tagged))
    # A notetaker bot or "Unknown speaker" is never the manager while two people talk.
    people = [s for s in speakers if not _OTHER_LABEL.search(s)]
    if len(people) >= 2:
        speakers = people
        tagged = [t for t in tagged if t.turn.speaker in people]
    labelled = [s for s in speakers if _COACH_LABEL.search(s) and not _REP_LABEL.search(s)]
    if len(labelled) == 1:
        return labelled[0], f"speaker label {labelled[0]!r} names a manager role"
    reps = [s for s in speakers if _REP_LABEL.search(s)]
    if len(speakers) - len(reps) == 1 and reps:
        coach = next(s for s in speakers if s not in reps)
        return coach, f"the other speakers' labels name rep roles ({', '.join(reps)})"
    stats = {s: {"sent": 0, "q": 0, "d": 0, "stance": 0.0, "words": 0} for s in speakers}
    for t in tagged:
        st = stats[t.turn.speaker]
        st["words"] += t.turn.words
        st["sent"] += len(t.sentences)
        acts = [s.act for s in t.sentences]
        st["q"] += acts.count("question")
        st["d"] += acts.count("directive")
        st["stance"] += sum(1 for _, rule in _matching(t, pack, "coach") if rule.category != NEUTRAL)
    first = tagged[0].turn.speaker if tagged else None

    def evidence(s: str) -> float:
        st = stats[s]
        n = max(st["sent"], 1)
        return (st["stance"] / n) + 0.5 * (st["q"] + st["d"]) / n + (0.15 if s == first else 0.0)

    ranked = sorted(speakers, key=evidence, reverse=True)
    coach = ranked[0]
    st = stats[coach]
    margin = evidence(coach) - evidence(ranked[1])
    confidence = "high" if margin > 0.3 else "medium" if margin > 0.1 else "low"
    return coach, (f"detected from what they say ({confidence} confidence): {st['q']} questions, {st['d']} directives "
                   f"and {int(st['stance'])} manager-stance findings in {st['sent']} sentences"
                   + (", and opened the call" if coach == first else ""))


def apply_rules(t: TaggedTurn, pack: RulePack, role: str) -> tuple[Finding, ...]:
    """The findings of every rule that matches a sentence of the turn."""
    return tuple(_match(t, pack, role))


def _match(t: TaggedTurn, pack: RulePack, role: str) -> list[Finding]:
    turn = t.turn
    return [Finding(rule.id, rule.category, rule.weight, rule.message, rule.tip, turn.index, s.index, s.text,
                    turn.line, turn.start) for s, rule in _matching(t, pack, role)]


def _matching(t: TaggedTurn, pack: RulePack, role: str) -> list[tuple[Sentence, Rule]]:
    """(sentence, rule) for every rule that matches a sentence of the turn, in sentence then pack order.

    Remembered for the call being analyzed (see `_MATCHED`); the list returned is shared, not to be changed.
    """
    key = (id(t), role)
    entry = _MATCHED.get(key)
    if entry is not None and entry[0] is t and entry[1] is pack:
        return entry[2]
    out = _match_sentences(t, pack, role)
    if len(_MATCHED) >= 4096:
        _MATCHED.clear()
    _MATCHED[key] = (t, pack, out)  # holding the turn keeps its id from being reused while here
    return out


def _match_sentences(t: TaggedTurn, pack: RulePack, role: str) -> list[tuple[Sentence, Rule]]:
    out = []
    hit: dict[int, set[str]] = {}  # sentence index -> the rules found in it
    blocked: dict[int, set[str]] = {}  # sentence index -> the rules an `unless` found in it
    for rule_id, i, unless in t.hits:
        (blocked if unless else hit).setdefault(i, set()).add(rule_id)
    for s in t.sentences:
        rules = _rules_for(pack, role, s)
        found, unless = hit.get(s.index, ()), blocked.get(s.index, ())
        if not found and not unless:  # most sentences: only the rules that need no words match
            out += [(s, rule) for rule in rules.wordless]
            continue
        # The rules found in the sentence and those that need no words, back in pack order.
        at = sorted([*rules.wordless_at, *(rules.worded_at[r] for r in found if r in rules.worded_at)])
        out += [(s, rule) for rule in map(rules.rules.__getitem__, at) if rule.id not in unless]
    return out


@dataclass(frozen=True, slots=True)
class _Applicable:
    """The rules that apply to the sentences of one role, act and question type.

    Attributes:
        rules (tuple[Rule, ...]): those rules, in pack order.
        wordless (tuple[Rule, ...]): of them, the rules that need no words: all that can match a
            sentence without phrase or pattern hits.
        wordless_at (tuple[int, ...]): their positions in `rules`.
        worded_at (dict[str, int]): rule id -> position in `rules`, for the rules that need words.
    """

    rules: tuple[Rule, ...]
    wordless: tuple[Rule, ...]
    wordless_at: tuple[int, ...]
    worded_at: dict[str, int]


_APPLICABLE: dict[int, tuple[RulePack, dict[tuple[str, str, str | None], _Applicable]]] = {}


def _rules_for(pack: RulePack, role: str, s: Sentence) -> _Applicable:
    """The rules that `_rule_applies` to a sentence, cached per pack.

    Whether a rule applies depends only on the role, the act and the question type, so each
    combination is worked out once instead of for every sentence.
    """
    entry = _APPLICABLE.get(id(pack))
    if entry is None or entry[0] is not pack:
        if len(_APPLICABLE) >= 8:
            _APPLICABLE.clear()
        entry = _APPLICABLE[id(pack)] = (pack, {})
    by_key = entry[1]
    key = (role, s.act, s.question_type)
    found = by_key.get(key)
    if found is None:
        rules = tuple(r for r in pack.rules if _rule_applies(r, s, role))
        wordless_at = tuple(i for i, r in enumerate(rules) if not r.needs_words)
        found = by_key[key] = _Applicable(rules, tuple(rules[i] for i in wordless_at), wordless_at,
                                          {r.id: i for i, r in enumerate(rules) if r.needs_words})
    return found


def _rule_applies(rule: Rule, s: Sentence, role: str) -> bool:
    if rule.role != "any" and rule.role != role:
        return False
    if rule.acts and s.act not in rule.acts:
        return False
    return not (rule.question_type and s.question_type != rule.question_type)


def sentence_categories(t: TaggedTurn, findings: Sequence[Finding]) -> list[str | None]:
    """The winning category of each sentence (None where no rule matched).

    Within a sentence the category with the largest total weight wins; ties go to the category
    listed first in CATEGORIES (coaching, managing, training, mentoring, role_modeling, neutral).
    """
    per: list[dict[str, float]] = [{} for _ in t.sentences]
    for f in findings:
        per[f.sentence_index][f.category] = per[f.sentence_index].get(f.category, 0.0) + f.weight
    return [min(p, key=lambda c: (-p[c], _TIE_ORDER[c])) if p else None for p in per]


_STORIES = {"mentoring", "role_modeling"}


def _first_person(text: str) -> bool:
    first = text.split(maxsplit=1)[0].lower().strip(",.;:-—\"'") if text.strip() else ""
    return first in {"i", "i'm", "i'd", "i've", "i'll", "my", "me"}


def categorize_turn(t: TaggedTurn, findings: Sequence[Finding]) -> str:
    """One category for a coach turn: the one that dominates its words.

    Each sentence's words go to its winning category; a plain statement with no finding
    continues the category of the sentence before it (a story goes on after "When I was...").
    Once the manager tells their own story or shows their own way (mentoring, role modeling),
    the sentences they go on to say about themselves ("I pull their financials...") belong to it.
    A turn with no findings at all is neutral.
    """
    cats = sentence_categories(t, findings)
    words: dict[str, float] = {}
    carry: str | None = None
    for s, cat in zip(t.sentences, cats, strict=True):
        n = len(s.text.split())
        if carry in _STORIES and s.act == "statement" and _first_person(s.text):
            cat = carry
        if cat is not None:
            words[cat] = words.get(cat, 0.0) + n
            carry = cat if cat != NEUTRAL else None
        elif carry and s.act == "statement":
            words[carry] = words.get(carry, 0.0) + 0.5 * n
    if not words:
        return NEUTRAL
    return min(words, key=lambda c: (-words[c], _TIE_ORDER[c]))
