"""Sentence boundaries for transcript text, punctuated or raw speech-to-text.

Punctuated text splits after `.`, `!`, `?` and ellipses. A long stretch with no punctuation
(raw ASR) is also split before the words that start a new question - a wh-word followed by an
auxiliary ("what do you"), an inverted auxiliary ("do you", "are we"), an invitation ("tell me")
- taking along the discourse words in front of it ("okay so what...").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import compress, pairwise

from coachcheck.nlp.lexicon import Lexicon

_FINAL = {".", "!", "?", "...", "…", "?!", "!?", "..", "?\"", ".\""}
_CLOSERS = {'"', "'", ")", "]", "”", "’"}
_FINAL_OR_CLOSER = _FINAL | _CLOSERS
_FINAL_OR_COMMA = _FINAL | {","}
_WH_NEXT = {"do", "does", "did", "is", "are", "was", "were", "would", "could", "can", "will", "should", "'s",
            "'re", "have", "has", "kind", "sort", "else", "about", "if", "happens", "happened", "makes",
            "made", "gets", "got", "comes", "came", "might", "stops", "keeps", "worries", "matters"}
_SUBJECT_PRONOUNS = {"you", "we", "they", "he", "she", "i"}
_QUESTION_AUX = {"do", "does", "did", "are", "is", "was", "were", "have", "has", "can", "could", "would",
                 "will", "should", "am"}
_LEAD_IN = {"so", "and", "but", "okay", "ok", "alright", "now", "well", "then", "or", "um", "uh", "yeah", "right"}
_BLOCKERS = {"to", "not", "n't", "if", "whether", "which", "than", "as", "because", "cause", "like",
             "think", "know", "of", "on", "in", "for", "about", "is", "was", "see", "wonder", "tell", "me",
             "understand", "ask", "asked", "sure", "remember", "learn", "decide", "figure", "out", "explain",
             "show", "care", "matter", "idea", "hear", "from", "exactly", "just", "wondering", "curious",
             "the", "a", "what", "how", "why", "where", "when", "who", "with", "at", "by", "it's",
             "that's", "said", "says", "matters", "depends", "guess", "mean"}
_AUX_BLOCKERS = {"to", "not", "n't", "if", "whether", "that", "which", "than", "as", "what", "how", "why",
                 "where", "when", "who", "so", "and", "or", "but", "it", "this", "there", "here"}
_MIN_RUN = 5
_CHECK_SUBJECTS = {"that", "it", "this"}
_CHECK_NEXT = {"right", "okay", "ok", "alright", "true", "correct", "fair", "accurate", "something", "kind", "sort",
               "be", "sound", "sounds", "make", "seem", "feel", "fit", "what", "how", "close", "because", "helpful",
               "important", "possible", "fine", "pretty", "about", "still", "useful", "worth"}


_RELATIVE_WH = {"who", "which", "whose", "whom", "where", "when"}
_INVERTING = _QUESTION_AUX | {"'s", "'re"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "your", "my", "our", "their", "his", "her", "it",
                "there"}
_RIGHT_ADVERBIAL = {"now", "away", "there", "here", "after", "before", "then", "back", "off", "on", "in", "up",
                    "down", "around", "into", "at", "from", "when", "where", "as", "behind", "next"}
"""After "right": "right now", "right away"... an adverb, not the checking "is that right"."""
_FINITE = {"is", "was", "has", "had", "happens", "went", "came", "got", "needs", "broke", "fell", "changes", "goes",
           "comes", "gets", "keeps", "made", "makes", "took", "takes", "will", "would", "could", "can", "should"}


def _goes_on(after: str, then: str) -> bool:
    """Whether "is that" + `after` + `then` reads as a clause that goes on, not a checking question:
    "the issue is that right now we...", "the problem is that something changed"."""
    if after == "right":
        return then in _RIGHT_ADVERBIAL
    if after == "something":
        return then in _FINITE or (len(then) > 4 and then.endswith("ed"))
    return False


def sentence_starts(words: Sequence[str], lex: Lexicon) -> list[bool]:
    """Which tokens begin a sentence.

    Args:
        words (Sequence[str]): the tokens of one turn, lowercased.
        lex (Lexicon): the word lists.

    RETURNS (list[bool]): True where a sentence starts (always at 0).
    """
    n = len(words)
    starts = [False] * n
    if not n:
        return starts
    starts[0] = True
    # After a final mark, or a final mark and a closing quote or bracket: "Done." / 'He said "no."'
    for f in compress(range(n), map(_FINAL.__contains__, words)):
        i = f + 1
        if i < n and words[i] in _CLOSERS:
            i += 1
        if i < n and words[i] not in _FINAL_OR_CLOSER:
            starts[i] = True
    # Long stretches with no sentence punctuation: look for question starts inside them.
    cuts = list(compress(range(n), starts))
    for lo, hi in pairwise([*cuts, n]):
        if hi - lo >= _MIN_RUN and _FINAL_OR_COMMA.isdisjoint(words[lo:hi]):
            _split_run(words, lo, hi, starts, lex)
    return starts


def _split_run(words: Sequence[str], lo: int, hi: int, starts: list[bool], lex: Lexicon) -> None:
    last = lo
    resume = lo + 1  # no question begins before this word
    # Only the words that can begin one are looked at (`compress` finds them without a Python loop).
    for i in compress(range(lo + 1, hi - 1), map(_openers(lex.wh_words).__contains__, words[lo + 1 : hi - 1])):
        if i < resume:
            continue
        w, nxt = words[i], words[i + 1]
        after = words[i + 2] if i + 2 < hi else ""
        if nxt == w and w in lex.wh_words:  # a stutter: "what what do you think"
            nxt, after = after, words[i + 3] if i + 3 < hi else ""
        wh = w in lex.wh_words and w != "whatever" and nxt in _WH_NEXT
        # "how important is it to you", "how confident are you": how + a word + an inverted auxiliary
        subject = words[i + 3] if i + 3 < hi else ""
        wh = wh or (w == "how" and after in _QUESTION_AUX and subject in _CHECK_SUBJECTS | _SUBJECT_PRONOUNS)
        there_is = nxt == "there" and w in {"is", "are", "was", "were"}
        aux = w in _QUESTION_AUX and (nxt in _SUBJECT_PRONOUNS or there_is)
        # checking questions that close a turn: "is that right", "would that be okay", "does it make sense";
        # not "the issue is that right now...", a clause that goes on
        checking = w in _QUESTION_AUX and nxt in _CHECK_SUBJECTS and after in _CHECK_NEXT
        aux = aux or (checking and not _goes_on(after, words[i + 3] if i + 3 < hi else ""))
        trigger = wh or aux or (w in {"tell", "walk", "talk"} and nxt == "me")
        trigger = trigger or (w in {"anything", "any"} and nxt in {"else", "other"} and i + 2 >= hi - 3)
        if trigger:
            j = i
            while j - 1 > last and words[j - 1] in _LEAD_IN:
                j -= 1
            before = words[j - 1]
            # "you know how would you...": the filler does not block a new question
            filler = before == "know" and j >= 2 and words[j - 2] == "you"
            blockers = _AUX_BLOCKERS if aux else _BLOCKERS
            # "a woman named carol who's worked for me", "which is usually ten minutes": right after a
            # word, who/which/where/when begin a relative clause unless an inverted question follows
            relative = (not aux and j == i and w in _RELATIVE_WH
                        and not (nxt in _INVERTING and after in _SUBJECT_PRONOUNS | _DETERMINERS))
            if (filler or before not in blockers | lex.auxiliaries | _SUBJECT_PRONOUNS) and j - last >= 1 \
                    and not relative:
                starts[j] = True
                last = j
                resume = j + 3


@lru_cache(maxsize=8)
def _openers(wh_words: frozenset[str]) -> frozenset[str]:
    """Every word `_split_run` may find a question beginning at (those its triggers test first)."""
    return frozenset(wh_words | _QUESTION_AUX | {"how", "tell", "walk", "talk", "anything", "any"})
