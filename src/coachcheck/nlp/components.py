"""coachcheck's spaCy components: sentence segmentation, dialog acts, rule matching.

Each component splits its work like spaCy's rulers: compute (`predict`/`match`), then write
(`set_annotations`). Results are stored in Doc extensions registered by
`coachcheck.nlp.pipeline.register_components`:

- `doc._.coachcheck_acts`: list of (start token, end token, Act), one per sentence;
- `doc._.coachcheck_rule_hits`: list of (rule id, start token, end token, is_unless).

A doc is one turn, or several turns of a call (`TURNS_KEY`): one doc per call costs far less
than one per turn, and no sentence, cue or rule hit crosses from one turn into the next.

The reflection test compares a sentence with the other speaker's previous turn; callers put
that turn's content stems in `doc.user_data["coachcheck_prev"]` before running the pipeline
(or, for a doc of several turns, in each turn of `TURNS_KEY`).

Speed: token attributes are read and written as arrays (`Doc.to_array` / `Doc.from_array`),
never through `Token` objects, which cost more to create than all of the tagging logic. Where
nothing can change the doc between two of these components, the first hands the token strings
it read or wrote to the next (`Tokens`), which then need not read them again.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import compress, pairwise

import numpy
from spacy.attrs import IS_SPACE, LOWER, NORM, SENT_START
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from coachcheck.nlp.acts import Act, classify
from coachcheck.nlp.lexicon import Lexicon, load_lexicon
from coachcheck.nlp.norms import normalize, normalized
from coachcheck.nlp.segment import sentence_starts

PREV_KEY = "coachcheck_prev"
TURNS_KEY = "coachcheck_turns"
"""`doc.user_data` key of the turns of a doc that holds several: a list of (start token, end token,
content stems of what the turn may reflect, or None), in order. The tokens between two turns
(the text joining them) are whitespace and belong to no sentence. Absent: the doc is one turn,
whose context is under PREV_KEY."""
TOKENS_KEY = "coachcheck_tokens"
"""`doc.user_data` key of the `Tokens` one step hands to the next (removed by the last)."""


class Tokens:
    """A doc's token strings, handed from one step of the pipeline to the next in `doc.user_data`.

    Only handed on where nothing in between can change the doc: `tag_turns` to a first
    Segmenter, and a component whose `hand_on` is set (by `build_nlp`) to the one after it.
    Each step fills in what it computed; None is what it has not.
    """

    __slots__ = ("hashes", "lowers", "norms", "spaces", "starts")

    def __init__(self, lowers: list[str], spaces: list[int]) -> None:
        self.lowers = lowers
        self.spaces = spaces
        self.norms: list[str] | None = None
        self.hashes: list[int] | None = None
        self.starts: list[bool] | None = None


def doc_turns(doc: Doc) -> list[tuple[int, int, set[str] | None]]:
    """The turns of a doc: (start token, end token, reflection context) each (see TURNS_KEY)."""
    turns = doc.user_data.get(TURNS_KEY)
    return turns if turns is not None else [(0, len(doc), doc.user_data.get(PREV_KEY))]


def whole_calls(nlp: Language) -> bool:
    """Whether the pipeline may get a whole call in one Doc: `build_nlp`'s blank pipeline, whose
    components (all coachcheck's) keep the turns of a Doc apart (see TURNS_KEY)."""
    first = nlp.pipeline[0][1] if nlp.pipeline else None
    ours = all(isinstance(pipe, Segmenter | ActTagger | RuleMatcher) for _, pipe in nlp.pipeline)
    return ours and isinstance(first, Segmenter) and first.whole_calls


_STRINGS: dict[int, str] = {}
"""Hash -> string of every token attribute read so far (a hash names the same string in any vocab)."""


def token_strings(doc: Doc, hashes: list[int]) -> list[str]:
    """The strings of attribute hashes of the doc's tokens (from `doc.to_array(...).tolist()`), via a cache."""
    cache = _STRINGS
    try:
        return list(map(cache.__getitem__, hashes))
    except KeyError:
        strings = doc.vocab.strings
        for h in hashes:
            if h not in cache:
                cache[h] = strings[h]
        return list(map(cache.__getitem__, hashes))


_HASHES: dict[str, int] = {}
_SENT_START = {True: 1, False: 2**64 - 1}
"""`token.is_sent_start` -> its SENT_START value in `Doc.to_array` (-1 as an unsigned 64-bit integer)."""


def _norms_and_sent_starts(hashes: list[int], starts: list[bool]) -> numpy.ndarray:
    """The (NORM, SENT_START) array `Doc.from_array` takes: filled column by column, and the sentence
    starts by index, which is a third quicker than converting a list of value pairs."""
    array = numpy.empty((len(hashes), 2), dtype="uint64")
    array[:, 0] = hashes
    array[:, 1] = _SENT_START[False]
    array[list(compress(range(len(starts)), starts)), 1] = _SENT_START[True]
    return array


def _hashes(doc: Doc, strings: list[str]) -> list[int]:
    """The hashes of strings, added to the doc's vocab."""
    cache = _HASHES
    try:
        return list(map(cache.__getitem__, strings))
    except KeyError:
        add = doc.vocab.strings.add
        for s in strings:
            if s not in cache:
                cache[s] = h = add(s)
                _STRINGS[h] = s
        return list(map(cache.__getitem__, strings))


def _phrase_docs(nlp: Language, phrases: Iterable[str]) -> list[Doc]:
    """Pattern docs for phrases, each also without apostrophes ("let's" -> "lets"), as ASR writes them."""
    return [normalize(Doc(nlp.vocab, words=p) if isinstance(p, list) else p) for p in _phrase_tokens(nlp, phrases)]


def _phrase_keys(nlp: Language, phrases: Iterable[str]) -> list[list[int]]:
    """The NORM hashes of the tokens of each doc `_phrase_docs` makes.

    That is all a PhraseMatcher keeps of a pattern doc, and `PhraseMatcher.add` takes it instead
    of the doc (spaCy itself does so when it unpickles a matcher). Making a Doc per phrase cost
    more than a tenth of a second per start.
    """
    strings = nlp.vocab.strings
    return [[strings.add(norm) for norm in normalized(p if isinstance(p, list) else [t.lower_ for t in p])]
            for p in _phrase_tokens(nlp, phrases)]


def _phrase_tokens(nlp: Language, phrases: Iterable[str]) -> list[list[str] | Doc]:
    """Each phrase and its variant without apostrophes: its words, or a doc when only the tokenizer can split it."""
    variants = list(dict.fromkeys(v for p in phrases for v in (p, p.replace("'", "").replace("’", ""))))
    special = nlp.tokenizer.rules or {}
    out: list[list[str] | Doc] = []
    for phrase in variants:
        words = phrase.split()
        # Plain lowercase words tokenize as themselves (and are their own lowercase forms); skipping
        # the tokenizer for them is most of the pipeline's start-up.
        if all(w.isalpha() and w.islower() and w not in special for w in words):
            out.append(words)
        else:
            out.append(nlp.make_doc(phrase))
    return out


class Segmenter:
    """Sets canonical norms (see norms.py) and sentence starts, for punctuated and unpunctuated text."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicon: Lexicon = load_lexicon()
        self.hand_on = False
        """Leave the norms and sentence starts to the next component (set where nothing runs in between)."""
        self.whole_calls = False
        """Set by `build_nlp` for the blank pipeline: `tag_turns` may then give it a whole call per Doc."""

    def __call__(self, doc: Doc) -> Doc:
        tokens = doc.user_data.pop(TOKENS_KEY, None)
        if not len(doc):
            return doc
        if tokens is None:
            array = doc.to_array([LOWER, IS_SPACE])
            tokens = Tokens(token_strings(doc, array[:, 0].tolist()), array[:, 1].tolist())
        tokens.norms = norms = normalized(tokens.lowers)
        tokens.hashes = hashes = _hashes(doc, norms)
        tokens.starts = starts = self._doc_starts(doc, norms, tokens.spaces)
        doc.from_array([NORM, SENT_START], _norms_and_sent_starts(hashes, starts))
        if self.hand_on:
            doc.user_data[TOKENS_KEY] = tokens
        return doc

    def predict(self, doc: Doc) -> list[bool]:
        """Sentence starts for the doc's tokens (norms must be set)."""
        array = doc.to_array([NORM, IS_SPACE])
        return self._doc_starts(doc, token_strings(doc, array[:, 0].tolist()), array[:, 1].tolist())

    def _doc_starts(self, doc: Doc, norms: list[str], spaces: list[int]) -> list[bool]:
        starts = [False] * len(norms)
        for a, b, _ in doc_turns(doc):
            starts[a:b] = self._starts(norms[a:b], spaces[a:b])
        return starts

    def _starts(self, norms: list[str], spaces: list[int]) -> list[bool]:
        if any(spaces):
            keep = [i for i, sp in enumerate(spaces) if not sp]
            inner = sentence_starts([norms[i] for i in keep], self.lexicon)
            starts = [False] * len(norms)
            for i, s in zip(keep, inner, strict=True):
                starts[i] = s
            if norms and not starts[0]:
                starts[0] = True
            return starts
        return sentence_starts(norms, self.lexicon)

    def set_annotations(self, doc: Doc, starts: list[bool]) -> None:
        """Write sentence starts onto the tokens (as `token.is_sent_start = start` would)."""
        if len(doc):
            doc.from_array([SENT_START], numpy.array([[_SENT_START[s]] for s in starts], dtype="uint64"))


class ActTagger:
    """Gives every sentence a dialog act and, for questions, open or closed."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicon = load_lexicon()
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        for label, phrases in self.lexicon.cues.items():
            self.matcher.add(label, _phrase_keys(nlp, phrases))
        self.hand_on = False
        """Leave the norms to the next component (set where nothing runs in between)."""

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.predict(doc))
        if not self.hand_on:
            doc.user_data.pop(TOKENS_KEY, None)
        return doc

    def predict(self, doc: Doc) -> list[tuple[int, int, Act]]:
        """(start, end, Act) for each sentence of the doc."""
        strings = doc.vocab.strings
        turns = doc_turns(doc)
        turn_starts = [a for a, _, _ in turns]
        tokens = doc.user_data.get(TOKENS_KEY)
        if tokens is not None and tokens.starts is not None and "sents" not in doc.user_hooks:
            lowers = tokens.norms
            spaces = tokens.spaces
            bounds = _sentence_bounds(tokens.starts, turns)
        else:
            array = doc.to_array([NORM, IS_SPACE, SENT_START])
            lowers = token_strings(doc, array[:, 0].tolist())
            spaces = array[:, 1].tolist()
            if "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
                bounds = [(sent.start, sent.end) for sent in doc.sents]  # the hook, or spaCy's own error
            else:
                bounds = _sentence_bounds([v == 1 for v in array[:, 2].tolist()], turns)
        # Each sentence gets its cues in matcher order, as filtering the whole list per sentence would.
        starts = [s for s, _ in bounds]
        cues: list[list[tuple[str, int]]] = [[] for _ in bounds]
        for m, pos, _ in self.matcher(doc):
            k = bisect_right(starts, pos) - 1
            if k >= 0 and pos < bounds[k][1]:
                cues[k].append((strings[m], pos - bounds[k][0]))
        tags = [t.tag_ for t in doc] if doc.has_annotation("TAG") else None
        # The space tokens: the breaks between turns, which no sentence holds, and rarely one inside a turn.
        spaced = list(compress(range(len(spaces)), spaces))
        out = []
        for (s, e), found in zip(bounds, cues, strict=True):
            k = bisect_left(spaced, s)
            if k < len(spaced) and spaced[k] < e:
                keep = [i for i, sp in enumerate(spaces[s:e]) if not sp]
                words = [lowers[s + i] for i in keep]
                if found:  # a cue's position counts words, as `words` has them
                    at = {i: n for n, i in enumerate(keep)}
                    found = [(label, at[pos]) for label, pos in found if pos in at]
            else:
                words = lowers[s:e]
            if not words:
                continue
            sent_tags = None if tags is None else [t for t, sp in zip(tags[s:e], spaces[s:e], strict=True) if not sp]
            prev = turns[max(bisect_right(turn_starts, s) - 1, 0)][2]  # sentences never cross turns
            out.append((s, e, classify(words, found, prev, self.lexicon, sent_tags)))
        return out

    def set_annotations(self, doc: Doc, acts: list[tuple[int, int, Act]]) -> None:
        """Store the acts on the doc."""
        doc._.coachcheck_acts = acts


def _sentence_bounds(starts: list[bool], turns: list[tuple[int, int, set[str] | None]]) -> list[tuple[int, int]]:
    """(start, end) of each sentence: from a turn's first token or a sentence start to the next
    sentence start or the turn's end. The whitespace joining two turns belongs to no sentence."""
    out: list[tuple[int, int]] = []
    for a, b, _ in turns:
        if b > a:
            out += pairwise([a, *compress(range(a + 1, b), starts[a + 1 : b]), b])
    return out


class RuleMatcher:
    """Finds the phrases and token patterns of the rule pack in each doc.

    Token patterns that only look at words (NORM) and sentence starts, as all the shipped ones do,
    are matched by `_WordPattern`; spaCy's Matcher, which makes a Token object for every token it
    tests, gets only the others (other attributes, `!` or counted operators), and only for turns
    that hold the words they need (`_Needs`).
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.nlp = nlp
        self.matcher = Matcher(nlp.vocab, validate=True)
        """Every token pattern: spaCy validates them as they are added. Only the tests match with it
        (as the reference for `_WordPattern`); matching uses `_words` and `_complex`."""
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self._complex = Matcher(nlp.vocab)
        """The token patterns `_WordPattern` cannot match."""
        self._words: list[_WordPattern] = []
        self._anchor_words: set[int] = set()
        self._keys: dict[int, tuple[str, bool]] = {}
        self._needs: list[_Needs] = []

    def add_rule(
        self, rule_id: str, phrases: Iterable[str], patterns: Iterable[list[dict]], unless: bool = False
    ) -> None:
        """Add a rule's phrases and token patterns; raises spaCy's MatchPatternError on a bad pattern."""
        key = f"{rule_id}!unless" if unless else rule_id
        phrases = list(phrases)
        patterns = [list(p) for p in patterns]
        if phrases:
            self.phrase_matcher.add(key, _phrase_keys(self.nlp, phrases))
        if patterns:
            self.matcher.add(key, patterns)
            strings = self.nlp.vocab.strings
            for pattern in patterns:
                steps = _WordPattern.steps_of(pattern, strings)
                if steps is not None:
                    self._words.append(word_pattern := _WordPattern(strings.add(key), steps))
                    for _, words in word_pattern.anchors:
                        self._anchor_words |= words
                else:
                    self._complex.add(key, [pattern])
                    self._needs.append(_Needs(pattern, strings))

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        doc.user_data.pop(TOKENS_KEY, None)
        return doc

    def match(self, doc: Doc) -> list[tuple[str, int, int, bool]]:
        """(rule id, start, end, is_unless) for every hit."""
        strings = doc.vocab.strings
        found = list(self.phrase_matcher(doc)) if len(self.phrase_matcher) else []
        if self._words or self._needs:
            norms, starts = self._norms_and_starts(doc)
            turns = doc_turns(doc)
            hits = []
            if self._words:
                anchors = self._anchor_words
                where: dict[int, list[int]] = {}
                for i in compress(range(len(norms)), map(anchors.__contains__, norms)):
                    where.setdefault(norms[i], []).append(i)
                firsts, ends = [a for a, _, _ in turns], [b for _, b, _ in turns]
                for pattern in self._words:
                    hits += [(pattern.key, s, e) for s, e in pattern.find(norms, starts, where, firsts, ends)]
            if self._needs:
                for a, b, _ in turns:
                    # Matched turn by turn: a pattern such as "{OP: *}" could otherwise run on into the next turn.
                    turn_norms, turn_starts = norms[a:b], starts[a:b]
                    present = set(turn_norms)
                    if any(needs.may_match(present, turn_norms, turn_starts) for needs in self._needs):
                        span = doc[a:b] if (a, b) != (0, len(doc)) else doc
                        hits += [(m, s + a, e + a) for m, s, e in self._complex(span)]
            # Like spaCy's Matcher, one hit per key and span, however many patterns found it.
            found += dict.fromkeys(hits)
        keys = self._keys  # match key -> (rule id, is_unless), for keys met before
        for m in {m for m, _, _ in found}.difference(keys):
            rule_id, _, flag = strings[m].partition("!")
            keys[m] = (rule_id, bool(flag))
        return [(keys[m][0], s, e, keys[m][1]) for m, s, e in found]

    @staticmethod
    def _norms_and_starts(doc: Doc) -> tuple[list[int], list[bool]]:
        """The NORM hash and whether it starts a sentence, for each token of the doc."""
        tokens = doc.user_data.get(TOKENS_KEY)
        if tokens is not None and tokens.hashes is not None and tokens.starts is not None:
            return tokens.hashes, tokens.starts
        array = doc.to_array([NORM, SENT_START]).T
        return array[0].tolist(), [v == 1 for v in array[1].tolist()]

    def set_annotations(self, doc: Doc, hits: list[tuple[str, int, int, bool]]) -> None:
        """Store the hits on the doc."""
        doc._.coachcheck_rule_hits = hits


_Step = tuple[frozenset[int] | None, bool, bool | None, str | None]
"""One token of a `_WordPattern`: NORM hashes (None: any word), whether they are excluded (`NOT_IN`),
whether the token must (True) or must not (False) start a sentence (None: either), and its
operator (None: exactly once, or "?", "*", "+")."""


class _WordPattern:
    """A token pattern that tests nothing but NORM (a word, or `IN` / `NOT_IN` a list of words) and
    IS_SENT_START (true or false), each token once or with `?`, `*` or `+`: matched here, as spaCy's
    Matcher would (every match, each (start, end) once), without the Token object spaCy makes for
    every token it tests.

    Matches are only looked for where one of the pattern's anchor words occurs (see `anchors`:
    in each doc, the anchor that occurs least); from there the tokens before the first operator
    (the prefix) are checked at their fixed offsets, and the rest token by token.

    Attributes:
        key (int): the hash of the match key, as spaCy's Matcher reports it.
        steps (list[_Step]): the pattern's tokens.
        prefix (int): how many tokens come before the first operator.
        anchors (list[tuple[int, frozenset[int]]]): the prefix tokens that name words they must be:
            their offsets and words. Empty: every token of every turn is a possible start.
        needs (list[frozenset[int]]): for each token that must match at least once and names its
            words, those words: without an anchor, a turn without one of them cannot match.
    """

    __slots__ = ("anchors", "key", "needs", "prefix", "steps")

    def __init__(self, key: int, steps: list[_Step]) -> None:
        self.key = key
        self.steps = steps
        self.prefix = next((k for k, step in enumerate(steps) if step[3] is not None), len(steps))
        self.needs = [words for words, exclude, _, op in steps
                      if words is not None and not exclude and op in (None, "+")]
        self.anchors = [(k, words) for k, (words, exclude, _, _) in enumerate(steps[: self.prefix])
                        if words is not None and not exclude]

    @staticmethod
    def steps_of(pattern: list[dict], strings) -> list[_Step] | None:
        """The steps of a pattern this class can match, or None if it cannot (spaCy's Matcher must)."""
        steps: list[_Step] = []
        for spec in pattern:
            if not isinstance(spec, dict):
                return None
            words: frozenset[int] | None = None
            exclude = False
            start: bool | None = None
            op: str | None = None
            for attr, value in spec.items():
                name = attr.upper() if isinstance(attr, str) else attr
                if name == "OP" and op is None and value in ("?", "*", "+"):
                    op = value
                elif name == "NORM" and words is None and isinstance(value, str):
                    words = frozenset([strings.add(value)])
                elif name == "NORM" and words is None and isinstance(value, dict) and len(value) == 1:
                    predicate, listed = next(iter(value.items()))
                    predicate = predicate.upper() if isinstance(predicate, str) else predicate
                    if predicate not in ("IN", "NOT_IN") or not isinstance(listed, list) \
                            or not all(isinstance(w, str) for w in listed):
                        return None
                    words = frozenset(strings.add(w) for w in listed)
                    exclude = predicate == "NOT_IN"
                elif name == "IS_SENT_START" and start is None and isinstance(value, bool):
                    start = value
                else:
                    return None
            steps.append((words, exclude, start, op))
        return steps or None

    def find(
        self, norms: list[int], starts: list[bool], where: dict[int, list[int]], firsts: list[int], ends: list[int]
    ) -> list[tuple[int, int]]:
        """(start, end) of every match in a doc, none of them running from one turn into the next.

        Args:
            norms (list[int]): the NORM hash of each token.
            starts (list[bool]): whether each token starts a sentence.
            where (dict[int, list[int]]): the positions in the doc of each anchor word (of every pattern).
            firsts (list[int]): the first token of each turn, in order.
            ends (list[int]): the end token of each turn.
        """
        if self.anchors:
            # "i" starts a few hundred tokens of a call, "i 'd" a few: the rarest anchor gives the fewest starts
            k, found = min(((k, [where[w] for w in words if w in where]) for k, words in self.anchors),
                           key=lambda anchor: sum(map(len, anchor[1])))
            candidates: Iterable[int] = sorted(p - k for ps in found for p in ps) if found else ()
        else:
            candidates = [i for a, b in zip(firsts, ends, strict=True)
                          if all(not need.isdisjoint(norms[a:b]) for need in self.needs) for i in range(a, b)]
        m = self.prefix
        prefix, rest = self.steps[:m], self.steps[m:]
        out = []
        for i in candidates:
            t = bisect_right(firsts, i) - 1
            n = ends[t] if t >= 0 and i >= 0 else -1
            if i + m > n or i >= n:
                continue  # before the first turn, or running over the break after its turn
            for j, (words, exclude, start, _) in enumerate(prefix, i):
                if (words is not None and (norms[j] in words) == exclude) or (start is not None and starts[j] != start):
                    break
            else:
                at = {i + m}  # where the pattern's tokens so far can have ended
                for words, exclude, start, op in rest:
                    if op is None or op == "?":
                        step = {p + 1 for p in at if p < n and (words is None or (norms[p] in words) != exclude)
                                and (start is None or starts[p] == start)}
                        at = step if op is None else at | step
                    else:  # "*" or "+": a run of matching tokens, of any length (at least one for "+")
                        reach = set()
                        for p in at:
                            q = p
                            while q < n and (words is None or (norms[q] in words) != exclude) \
                                    and (start is None or starts[q] == start):
                                q += 1
                            reach.update(range(p if op == "*" else p + 1, q + 1))
                        at = reach
                    if not at:
                        break
                out += [(i, e) for e in sorted(at) if e > i]  # like spaCy, no empty matches
        return out


_ONE_OR_MORE = {None, "1", "+"}
"""Matcher operators under which a pattern token must match at least one token."""
_EXACTLY_ONE = {None, "1"}


class _Needs:
    """What a doc must contain for a Matcher pattern to match it, as far as the pattern's NORM words tell.

    Only pattern tokens whose NORM is a string or an `IN` list of strings say anything; a pattern
    with none of them may match any doc. The hashes are those spaCy's Matcher compares with
    (`StringStore.add`, equal to `get_string_id` for strings).

    Attributes:
        words (list[frozenset[int]]): for each such token that must match a token (operator
            none, 1 or +), the NORM hashes that token can have.
        firsts (list[frozenset[int]]): the same for those of them that must also start a sentence
            (`IS_SENT_START: true`).
        runs (list[list[frozenset[int]]]): sequences of such tokens next to each other in the
            pattern, each matching exactly one token, so they match consecutive tokens.
    """

    __slots__ = ("firsts", "runs", "words")

    def __init__(self, pattern: list[dict], strings) -> None:
        self.words: list[frozenset[int]] = []
        self.firsts: list[frozenset[int]] = []
        self.runs: list[list[frozenset[int]]] = []
        run: list[frozenset[int]] = []
        for spec in [*pattern, None]:
            op = spec.get("OP", spec.get("op")) if isinstance(spec, dict) else "?"
            need = _norm_set(spec, strings) if op in _ONE_OR_MORE else None
            if need is not None:
                self.words.append(need)
                if any(isinstance(k, str) and k.upper() == "IS_SENT_START" and v is True for k, v in spec.items()):
                    self.firsts.append(need)
            if need is not None and op in _EXACTLY_ONE:
                run.append(need)
                continue
            if len(run) > 1:
                self.runs.append(run)
            run = []

    def may_match(self, present: set[int], norms: list[int], starts: list[bool]) -> bool:
        """False if a doc cannot match the pattern.

        Args:
            present (set[int]): the NORM hashes of its tokens.
            norms (list[int]): the same, token by token.
            starts (list[bool]): whether each token starts a sentence (its SENT_START is 1).
        """
        for need in self.words:
            if need.isdisjoint(present):
                return False
        for need in self.firsts:
            if not any(starts[i] for i, h in enumerate(norms) if h in need):
                return False
        for first, *rest in self.runs:
            last = len(norms) - len(rest)
            starts = [i for i, h in enumerate(norms[:last]) if h in first]
            if not any(all(norms[i + j] in need for j, need in enumerate(rest, 1)) for i in starts):
                return False
        return True


def _norm_set(spec: dict, strings) -> frozenset[int] | None:
    """The NORM hashes a token matching this pattern token can have (None: any, as far as NORM tells)."""
    found = None
    for attr, value in spec.items():
        if not (isinstance(attr, str) and attr.upper() == "NORM"):
            continue
        if isinstance(value, str):
            found = frozenset([strings.add(value)])
        elif isinstance(value, dict):
            for predicate, words in value.items():
                if (isinstance(predicate, str) and predicate.upper() == "IN" and isinstance(words, list)
                        and words and all(isinstance(w, str) for w in words)):
                    found = frozenset(strings.add(w) for w in words)
    return found
