"""One spelling per word for matching: "whats", "what's" and "what’s" all read as `what 's`.

spaCy's English tokenizer already splits both "don't" and raw speech-to-text "dont" into two
tokens, but the second piece comes out as `n't` or `nt`, `'s` or `s`, `'re` or `re`. Every
matcher in coachcheck works on `Token.norm_` as set here, and phrase patterns are normalised
the same way, so a rule written with apostrophes also matches unpunctuated text.
"""

from __future__ import annotations

from spacy.tokens import Doc

_PIECES = {"nt": "n't", "n’t": "n't", "re": "'re", "’re": "'re", "ve": "'ve", "’ve": "'ve", "ll": "'ll",
           "’ll": "'ll", "’s": "'s", "’m": "'m", "’d": "'d"}
# "s", "m", "d" are contraction pieces only right after these words.
_S_HOSTS = {"what", "that", "there", "how", "where", "who", "it", "he", "she", "let", "here", "when", "why",
            "everything", "nothing", "something", "someone", "everyone", "one", "this"}
_WORDS = {"its": "it's", "im": "i'm", "ive": "i've", "youre": "you're", "youve": "you've", "youd": "you'd",
          "theyre": "they're", "lets": "let's", "thats": "that's", "whats": "what's", "dont": "don't"}


def normalize(doc: Doc) -> Doc:
    """Set `norm_` on every token to its canonical lowercase spelling (see the module docstring)."""
    prev = ""
    for token in doc:
        low = token.lower_
        canon = _PIECES.get(low)
        if canon is None:
            if low == "s" and prev in _S_HOSTS:
                canon = "'s"
            elif low == "m" and prev == "i":
                canon = "'m"
            elif low == "d" and prev in {"i", "you", "we", "they", "he", "she", "it", "that", "who"}:
                canon = "'d"
            elif "’" in low:
                canon = low.replace("’", "'")
            else:
                canon = _WORDS.get(low, low)
        token.norm_ = canon
        prev = low
    return doc
