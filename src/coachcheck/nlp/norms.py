"""One spelling per word for matching: "whats", "what's" and "what’s" all read as `what 's`.

spaCy's English tokenizer already splits both "don't" and raw speech-to-text "dont" into two
tokens, but the second piece comes out as `n't` or `nt`, `'s` or `s`, `'re` or `re`. Every
matcher in coachcheck works on `Token.norm_` as set here, and phrase patterns are normalised
the same way, so a rule written with apostrophes also matches unpunctuated text.
"""

from __future__ import annotations

from itertools import compress

from spacy.tokens import Doc

_PIECES = {"nt": "n't", "n’t": "n't", "re": "'re", "’re": "'re", "ve": "'ve", "’ve": "'ve", "ll": "'ll",
           "’ll": "'ll", "’s": "'s", "’m": "'m", "’d": "'d"}
# "s", "m", "d" are contraction pieces only right after these words.
_S_HOSTS = {"what", "that", "there", "how", "where", "who", "it", "he", "she", "let", "here", "when", "why",
            "everything", "nothing", "something", "someone", "everyone", "one", "this"}
_D_HOSTS = {"i", "you", "we", "they", "he", "she", "it", "that", "who"}
_WORDS = {"its": "it's", "im": "i'm", "ive": "i've", "youre": "you're", "youve": "you've", "youd": "you'd",
          "theyre": "they're", "lets": "let's", "thats": "that's", "whats": "what's", "dont": "don't"}
_CONTEXT = {"s": (_S_HOSTS, "'s"), "m": ({"i"}, "'m"), "d": (_D_HOSTS, "'d")}
"""Pieces that are contractions only after certain words: piece -> (those words, its norm)."""
_CANON: dict[str, str] = {}
"""Word -> its norm where no context applies (a per-word cache)."""


def normalize(doc: Doc) -> Doc:
    """Set `norm_` on every token to its canonical lowercase spelling (see the module docstring)."""
    for token, norm in zip(doc, normalized([t.lower_ for t in doc]), strict=True):
        token.norm_ = norm
    return doc


def normalized(lowers: list[str]) -> list[str]:
    """The canonical spellings of a doc's tokens, given their lowercase forms (what `normalize` sets)."""
    cache = _CANON
    try:
        norms = list(map(cache.__getitem__, lowers))
    except KeyError:
        for low in lowers:
            if low not in cache:
                cache[low] = _canon(low)
        norms = list(map(cache.__getitem__, lowers))
    # Only the few pieces that need context are visited; `compress` finds them without a Python loop.
    for i in compress(range(len(lowers)), map(_CONTEXT.__contains__, lowers)):
        hosts, norm = _CONTEXT[lowers[i]]
        if i and lowers[i - 1] in hosts:
            norms[i] = norm
    return norms


def _canon(low: str) -> str:
    """A word's norm, context aside."""
    canon = _PIECES.get(low)
    if canon is not None:
        return canon
    if "’" in low:
        return low.replace("’", "'")
    return _WORDS.get(low, low)
