"""Tokenizing a whole call as one Doc without losing spaCy's tokenizer cache.

spaCy's tokenizer caches how it split each whitespace-separated chunk ("deal.", "Friday,"), but
once a chunk in a text hits a tokenizer exception ("don't", "I'm"), it caches nothing more for
the rest of that text. A call's text hits one within its first few lines, so tokenized as one
text the call would leave almost every chunk to be split again, affix by affix, in every call:
twice the tokenizer's time. Chunks seen for the first time are therefore tokenized once on their
own first, which caches them; the call's text then finds them in the cache. The tokens are the
same either way: the tokenizer splits each chunk independently of the others.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_SEEN: dict[int, tuple[object, set[str]]] = {}
"""id(tokenizer) -> (the tokenizer, the chunks already tokenized on their own)."""
_SEEN_LIMIT = 4
"""Stop once this many times the tokenizer's cache size of chunks have been seen: it is full by then."""


def make_call_doc(nlp: Language, text: str) -> Doc:
    """`nlp.make_doc(text)`, with every chunk of text new to this tokenizer cached first (see above)."""
    tokenizer = nlp.tokenizer
    entry = _SEEN.get(id(tokenizer))
    if entry is None or entry[0] is not tokenizer:
        entry = _SEEN[id(tokenizer)] = (tokenizer, set())
    seen = entry[1]
    if len(seen) < _SEEN_LIMIT * getattr(tokenizer, "max_cache_size", 0):
        new = set(text.split())
        new -= seen
        for chunk in new:
            tokenizer(chunk)
        seen |= new
    return nlp.make_doc(text)
