"""coachcheck's spaCy components: sentence segmentation, dialog acts, rule matching.

Each component splits its work like spaCy's rulers: compute (`predict`/`match`), then write
(`set_annotations`). Results are stored in Doc extensions registered by
`coachcheck.nlp.pipeline.register_components`:

- `doc._.coachcheck_acts`: list of (start token, end token, Act), one per sentence;
- `doc._.coachcheck_rule_hits`: list of (rule id, start token, end token, is_unless).

The reflection test compares a sentence with the other speaker's previous turn; callers put
that turn's content stems in `doc.user_data["coachcheck_prev"]` before running the pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from coachcheck.nlp.acts import Act, classify
from coachcheck.nlp.lexicon import Lexicon, load_lexicon
from coachcheck.nlp.norms import normalize
from coachcheck.nlp.segment import sentence_starts

PREV_KEY = "coachcheck_prev"


def _norms(doc: Doc) -> list[str]:
    return [t.norm_ for t in doc if not t.is_space]


def _phrase_docs(nlp: Language, phrases: Iterable[str]) -> list[Doc]:
    """Pattern docs for phrases, each also without apostrophes ("let's" -> "lets"), as ASR writes them."""
    variants = list(dict.fromkeys(v for p in phrases for v in (p, p.replace("'", "").replace("’", ""))))
    return [normalize(d) for d in nlp.tokenizer.pipe(variants)]


class Segmenter:
    """Sets canonical norms (see norms.py) and sentence starts, for punctuated and unpunctuated text."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicon: Lexicon = load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        normalize(doc)
        self.set_annotations(doc, self.predict(doc))
        return doc

    def predict(self, doc: Doc) -> list[bool]:
        """Sentence starts for the doc's tokens (norms must be set)."""
        if any(t.is_space for t in doc):
            keep = [i for i, t in enumerate(doc) if not t.is_space]
            inner = sentence_starts([doc[i].norm_ for i in keep], self.lexicon)
            starts = [False] * len(doc)
            for i, s in zip(keep, inner):
                starts[i] = s
            if doc.__len__() and not starts[0]:
                starts[0] = True
            return starts
        return sentence_starts(_norms(doc), self.lexicon)

    def set_annotations(self, doc: Doc, starts: list[bool]) -> None:
        """Write sentence starts onto the tokens."""
        for token, start in zip(doc, starts):
            token.is_sent_start = start


class ActTagger:
    """Gives every sentence a dialog act and, for questions, open or closed."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicon = load_lexicon()
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        for label, phrases in self.lexicon.cues.items():
            self.matcher.add(label, _phrase_docs(nlp, phrases))

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.predict(doc))
        return doc

    def predict(self, doc: Doc) -> list[tuple[int, int, Act]]:
        """(start, end, Act) for each sentence of the doc."""
        strings = doc.vocab.strings
        hits = [(strings[m], s) for m, s, _ in self.matcher(doc)]
        prev = doc.user_data.get(PREV_KEY)
        lowers = [t.norm_ for t in doc]
        out = []
        for sent in doc.sents:
            s, e = sent.start, sent.end
            words = [w for w, t in zip(lowers[s:e], sent) if not t.is_space]
            if not words:
                continue
            cues = [(label, pos - s) for label, pos in hits if s <= pos < e]
            out.append((s, e, classify(words, cues, prev, self.lexicon)))
        return out

    def set_annotations(self, doc: Doc, acts: list[tuple[int, int, Act]]) -> None:
        """Store the acts on the doc."""
        doc._.coachcheck_acts = acts


class RuleMatcher:
    """Finds the phrases and token patterns of the rule pack in each doc."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.nlp = nlp
        self.matcher = Matcher(nlp.vocab, validate=True)
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="NORM")

    def add_rule(self, rule_id: str, phrases: Iterable[str], patterns: Iterable[list[dict]], unless: bool = False) -> None:
        """Add a rule's phrases and token patterns; raises spaCy's MatchPatternError on a bad pattern."""
        key = f"{rule_id}!unless" if unless else rule_id
        phrases = list(phrases)
        patterns = [list(p) for p in patterns]
        if phrases:
            self.phrase_matcher.add(key, _phrase_docs(self.nlp, phrases))
        if patterns:
            self.matcher.add(key, patterns)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[tuple[str, int, int, bool]]:
        """(rule id, start, end, is_unless) for every hit."""
        strings = doc.vocab.strings
        out = []
        found = list(self.phrase_matcher(doc)) if len(self.phrase_matcher) else []
        if len(self.matcher):
            found += self.matcher(doc)
        for m, s, e in found:
            key = strings[m]
            rule_id, _, flag = key.partition("!")
            out.append((rule_id, s, e, bool(flag)))
        return out

    def set_annotations(self, doc: Doc, hits: list[tuple[str, int, int, bool]]) -> None:
        """Store the hits on the doc."""
        doc._.coachcheck_rule_hits = hits
