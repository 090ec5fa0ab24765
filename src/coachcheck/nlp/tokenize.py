"""Tokenizing a whole call as one Doc without losing spaCy's tokenizer cache.

spaCy's tokenizer caches how it split each whitespace-separated chunk ("deal.", "Friday,"), but
once a text hits one of its special cases ("don't", "I'm", a line break) it caches nothing more
for the rest of that text, which in a whole call is within its first lines. Tokenized as one
text, a call would leave almost every chunk to be split again, affix by affix, in every call:
twice the tokenizer's time. Chunks new to the tokenizer are therefore tokenized once on their
own first, which caches them; the call's text then finds them in the cache. The tokens are the
same either way: the tokenizer splits each chunk independently of the others.
"""

from __future__ import annotations

import weakref

from spacy.language import Language
from spacy.tokens import Doc

_SEEN: weakref.WeakKeyDictionary[Language, tuple[int, set[str]]] = weakref.WeakKeyDictionary()
"""Pipeline -> (id of its tokenizer, the chunks that tokenizer has had on their own); gone with the pipeline."""
_SEEN_LIMIT = 4
"""spaCy's cache holds at most `max_cache_size` chunks and never evicts. Chunks with a special case
in them are never cached, so more chunks are seen than cached; after this many times the cache
size, the cache is full and tokenizing new chunks on their own would be wasted work."""


def make_call_doc(nlp: Language, text: str) -> Doc:
    """`nlp.make_doc(text)`, with every chunk of text new to this tokenizer cached first (see above)."""
    tokenizer = nlp.tokenizer
    entry = _SEEN.get(nlp)
    if entry is None or entry[0] != id(tokenizer):
        entry = _SEEN[nlp] = (id(tokenizer), set())
    seen = entry[1]
    if len(seen) < _SEEN_LIMIT * getattr(tokenizer, "max_cache_size", 0):
        new = set(text.split())
        new -= seen
        for chunk in new:
            tokenizer(chunk)
        seen |= new
    return nlp.make_doc(text)
