"""The speed-ups in nlp/components.py and analysis.py give exactly what the plain per-token code gave.

Each reference below is the straightforward version (Token objects, `doc.sents`, every rule
for every sentence) the fast code replaced; both run on the same texts, tricky ones included.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coachcheck.analysis import TaggedTurn, _match, _rule_applies, tag_turns
from coachcheck.model import Transcript, Turn
from coachcheck.nlp.acts import classify
from coachcheck.nlp.components import PREV_KEY, TOKENS_KEY
from coachcheck.nlp.lexicon import load_lexicon
from coachcheck.nlp.norms import normalize, normalized
from coachcheck.nlp.segment import sentence_starts
from coachcheck.transcripts import load_transcript

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

TRICKY = [
    "", " ", "  \n ", "Okay.", "what\u2019s the plan", "whats the plan dont you think", "i m sure she d say its fine",
    "What's  the   plan?\n\nLet\u2019s see.  ", "  leading and trailing  ", "U.S. sales are up... right?",
    "\"Call them,\" she said. (Really?) Yes!", "so um what do you think is getting in the way you know how would you",
    "I'd've done it. You'd, we'd, they're, we've, y'all", "emoji \U0001F642 ok?? sure!!", "Tab\tseparated\twords here",
    "how about we try that what do you think could work do you want to",
    "it\u2019s what\u2019s who\u2019s there\u2019s",
    "\uff26\uff55\uff4c\uff4c width?",
]


@pytest.fixture(scope="module")
def nlp():
    from coachcheck.nlp.pipeline import build_nlp
    from coachcheck.rulepack import load_rules

    return build_nlp(load_rules())


@pytest.fixture(scope="module")
def pack():
    from coachcheck.rulepack import load_rules

    return load_rules()


def texts() -> list[str]:
    found = list(TRICKY)
    for path in sorted(EXAMPLES.glob("*.txt")):
        found += [t.text for t in load_transcript(path).turns]
    return found


def reference_segment(nlp, text: str) -> tuple[list[str], list[bool]]:
    """Norms and sentence starts the way the Segmenter computed them token by token."""
    doc = normalize(nlp.make_doc(text))
    lex = load_lexicon()
    if any(t.is_space for t in doc):
        keep = [i for i, t in enumerate(doc) if not t.is_space]
        inner = sentence_starts([doc[i].norm_ for i in keep], lex)
        starts = [False] * len(doc)
        for i, s in zip(keep, inner, strict=True):
            starts[i] = s
        if len(doc) and not starts[0]:
            starts[0] = True
    else:
        starts = sentence_starts([t.norm_ for t in doc if not t.is_space], lex)
    return [t.norm_ for t in doc], starts


def reference_acts(matcher, doc, prev) -> list:
    """The acts the way ActTagger computed them from doc.sents and Token objects."""
    strings = doc.vocab.strings
    hits = [(strings[m], s) for m, s, _ in matcher(doc)]
    lowers = [t.norm_ for t in doc]
    out = []
    for sent in doc.sents:
        s, e = sent.start, sent.end
        kept = [i for i, t in zip(range(s, e), sent, strict=True) if not t.is_space]
        words = [lowers[i] for i in kept]
        if not words:
            continue
        cues = [(label, kept.index(pos)) for label, pos in hits if pos in kept]
        out.append((s, e, classify(words, cues, prev, load_lexicon())))
    return out


def test_segmenter_sets_the_same_norms_and_sentence_starts(nlp):
    segmenter = nlp.get_pipe("coachcheck_segmenter")
    for text in texts():
        doc = segmenter(nlp.make_doc(text))
        norms, starts = reference_segment(nlp, text)
        assert [t.norm_ for t in doc] == norms, text
        assert [bool(t.is_sent_start) for t in doc] == starts, text
        if len(doc):
            assert [(s.start, s.end) for s in doc.sents] == [(s.start, s.end) for s in
                                                             _reference_doc(nlp, text, starts).sents]


def _reference_doc(nlp, text, starts):
    doc = normalize(nlp.make_doc(text))
    for token, start in zip(doc, starts, strict=True):
        token.is_sent_start = start
    return doc


def test_act_tagger_gives_the_same_acts(nlp):
    tagger = nlp.get_pipe("coachcheck_acts")
    segmenter = nlp.get_pipe("coachcheck_segmenter")
    prev = {"pipelin", "finance", "deal", "quarter"}
    for text in texts():
        for context in (None, prev):
            doc = nlp.make_doc(text)
            if context:
                doc.user_data[PREV_KEY] = context
            segmenter(doc)
            assert tagger.predict(doc) == reference_acts(tagger.matcher, doc, context), text


def call_turns(whole: bool) -> tuple[Turn, ...]:
    """The texts as turns of one call: as they are (some with spaces at an end, so each turn gets a
    Doc of its own) or with their spaces normalised as the loaders leave them (one Doc per call)."""
    said = [t if not whole else " ".join(t.split()) for t in texts() if t.strip()]
    return tuple(Turn(i, "A" if i % 2 else "B", t) for i, t in enumerate(said))


@pytest.mark.parametrize("whole", [False, True])
def test_tag_turns_sentence_texts_and_hits_match_spans(nlp, whole):
    turns = call_turns(whole)
    tagged = tag_turns(nlp, Transcript("x.txt", "txt", turns))
    for t in tagged:
        doc = nlp(t.turn.text)
        acts = doc._.coachcheck_acts
        assert [s.text for s in t.sentences] == [doc[s:e].text.strip() for s, e, _ in acts]
        bounds = [(s, e) for s, e, _ in acts]
        expected = []
        for rule_id, start, _end, unless in doc._.coachcheck_rule_hits:
            for i, (lo, hi) in enumerate(bounds):
                if lo <= start < hi:
                    expected.append((rule_id, i, unless))
                    break
        assert list(t.hits) == expected


def test_one_doc_per_call_tags_as_one_doc_per_turn(nlp):
    transcript = Transcript("x.txt", "txt", call_turns(whole=True))
    per_call = tag_turns(nlp, transcript)
    assert per_call == tag_turns(nlp, transcript, per_call=False)
    assert any(t.hits for t in per_call) and any(s.act == "reflection" for t in per_call for s in t.sentences)


def test_token_patterns_do_not_run_on_into_the_next_turn(nlp):
    # role_modeling's "I would ... call" pattern lets any words come between, but not the next turn
    turns = (Turn(0, "A", "Honestly I would"), Turn(1, "B", "call them today"), Turn(2, "A", "I would call them."))
    tagged = tag_turns(nlp, Transcript("x.txt", "txt", turns))
    per_turn = tag_turns(nlp, Transcript("x.txt", "txt", turns), per_call=False)
    assert [t.hits for t in tagged] == [t.hits for t in per_turn]
    assert not tagged[0].hits and any(not unless for _, _, unless in tagged[2].hits)


def test_a_pattern_found_from_its_rarest_word_does_not_start_in_the_turn_before(nlp):
    # "I would ... call" is looked for from "would" (rarer here than "i"); the "i" ending turn 0
    # and the "would" opening turn 1 are not a match, the "i would" of turn 2 is
    turns = (Turn(0, "A", "I said i"), Turn(1, "B", "would call them, i think"), Turn(2, "A", "I i would call."))
    tagged = tag_turns(nlp, Transcript("x.txt", "txt", turns))
    per_turn = tag_turns(nlp, Transcript("x.txt", "txt", turns), per_call=False)
    assert [t.hits for t in tagged] == [t.hits for t in per_turn]
    assert not tagged[0].hits and not tagged[1].hits
    assert any(rule == "role_modeling.what-i-do" for rule, _, _ in tagged[2].hits)


@pytest.mark.parametrize("whole", [False, True])
def test_rule_matching_gives_the_same_findings_as_every_rule_for_every_sentence(nlp, pack, whole):
    for t in tag_turns(nlp, Transcript("x.txt", "txt", call_turns(whole))):
        for role in ("coach", "rep", "other"):
            assert _match(t, pack, role) == _reference_match(t, pack, role)


def _reference_match(t: TaggedTurn, pack, role: str) -> list:
    from coachcheck.model import Finding

    hit = {(rid, i) for rid, i, unless in t.hits if not unless}
    blocked = {(rid, i) for rid, i, unless in t.hits if unless}
    out = []
    for s in t.sentences:
        for rule in pack.rules:
            if not _rule_applies(rule, s, role):
                continue
            if rule.needs_words and (rule.id, s.index) not in hit:
                continue
            if (rule.id, s.index) in blocked:
                continue
            out.append(Finding(rule.id, rule.category, rule.weight, rule.message, rule.tip, t.turn.index,
                               s.index, s.text, t.turn.line, t.turn.start))
    return out


_PIECES = {"nt": "n't", "n\u2019t": "n't", "re": "'re", "\u2019re": "'re", "ve": "'ve", "\u2019ve": "'ve", "ll": "'ll",
           "\u2019ll": "'ll", "\u2019s": "'s", "\u2019m": "'m", "\u2019d": "'d"}
_S_HOSTS = {"what", "that", "there", "how", "where", "who", "it", "he", "she", "let", "here", "when", "why",
            "everything", "nothing", "something", "someone", "everyone", "one", "this"}
_WORDS = {"its": "it's", "im": "i'm", "ive": "i've", "youre": "you're", "youve": "you've", "youd": "you'd",
          "theyre": "they're", "lets": "let's", "thats": "that's", "whats": "what's", "dont": "don't"}


def reference_norms(lowers: list[str]) -> list[str]:
    """The norms as `norms.normalize` set them token by token before it worked on strings."""
    out = []
    prev = ""
    for low in lowers:
        canon = _PIECES.get(low)
        if canon is None:
            if low == "s" and prev in _S_HOSTS:
                canon = "'s"
            elif low == "m" and prev == "i":
                canon = "'m"
            elif low == "d" and prev in {"i", "you", "we", "they", "he", "she", "it", "that", "who"}:
                canon = "'d"
            elif "\u2019" in low:
                canon = low.replace("\u2019", "'")
            else:
                canon = _WORDS.get(low, low)
        out.append(canon)
        prev = low
    return out


def test_normalized_gives_the_per_token_norms(nlp):
    extra = ["s it s what s m i m d i d you d s s", "lets thats im\u2019 \u2019s \u2019m", "d m s", "let s go its ok"]
    for text in [*texts(), *extra]:
        lowers = [t.lower_ for t in nlp.make_doc(text)]
        assert normalized(lowers) == reference_norms(lowers), text
        assert [t.norm_ for t in normalize(nlp.make_doc(text))] == reference_norms(lowers), text


@pytest.mark.parametrize("patterns", [
    [[{"NORM": "i"}, {"NORM": {"IN": ["went", "left"]}}]],
    [[{"norm": "i"}, {"NORM": {"in": ["would", "'d"]}}, {"IS_SENT_START": False, "OP": "*"}, {"NORM": "call"}]],
    [[{"NORM": "so", "OP": "?"}, {"NORM": {"IN": ["what", "how"]}, "OP": "+"}, {"NORM": {"NOT_IN": ["do"]}}]],
    [[{"LOWER": "okay"}], [{"NORM": "i", "OP": "!"}, {"NORM": "'m"}]],
    [[{"NORM": {"REGEX": "^wh"}}], [{"IS_SENT_START": True, "NORM": {"IN": ["hi", "hello"]}}]],
    [[{"TEXT": "What"}, {"NORM": "'s"}]],
    [[{"IS_SENT_START": True, "NORM": {"IN": ["hi", "hello", "morning"]}}]],
    [[{"IS_SENT_START": True, "NORM": "so", "OP": "+"}, {"NORM": "what"}], [{"IS_SENT_START": False, "NORM": "okay"}]],
    [[{"IS_SENT_START": True}, {"NORM": {"IN": ["what", "how"]}}], [{"NORM": "so"}, {"IS_SENT_START": False}]],
    [[{"NORM": "i"}, {"NORM": "went"}], [{"NORM": {"IN": ["i", "we"]}}, {"NORM": {"IN": ["went", "left"]}}]],
    [[{"NORM": "i"}, {}], [{"NORM": "'m", "IS_SENT_START": False}], [{"NORM": {"IN": []}}]],
    # operators and NOT_IN, as _WordPattern matches them
    [[{"NORM": "i"}, {"OP": "*"}, {"NORM": {"IN": ["call", "went", "sure"]}}]],
    [[{"NORM": "i"}, {"NORM": {"IN": ["would", "'d"]}}, {"IS_SENT_START": False, "OP": "*"}, {"NORM": "call"}]],
    [[{"IS_SENT_START": True, "OP": "?"}, {"NORM": {"IN": ["what", "so"]}}], [{"NORM": "so", "OP": "*"}]],
    [[{"NORM": {"NOT_IN": ["so", "and"]}, "IS_SENT_START": False}, {"NORM": "what"}, {"NORM": "do", "OP": "?"}]],
    [[{"NORM": "so", "OP": "+"}, {"NORM": "what", "OP": "?"}], [{"OP": "+", "IS_SENT_START": False}, {"NORM": "up"}]],
    [[{"NORM": {"not_in": ["i"]}, "OP": "*"}, {"NORM": "'m"}],
     [{"NORM": "well", "OP": "?"}, {"NORM": "okay", "OP": "+"}]],
])
def test_rule_matcher_skips_only_docs_its_patterns_cannot_match(nlp, patterns):
    from coachcheck.nlp.components import RuleMatcher

    matcher = RuleMatcher(nlp, "test_rules")
    matcher.add_rule("r", [], patterns)
    segmenter = nlp.get_pipe("coachcheck_segmenter")
    extra = ["I went home", "i left", "so what do you", "how how", "okay", "I'm fine", "im sure", "Hi there. Hello!",
             "What's up", "whats up", "I would always call", "i'd never call them. call", "this morning. Morning!",
             "and so what. So what?", "so so what", "well okay. okay", "i i i would call, i went, i'd call"]
    for text in [*texts(), *extra]:
        doc = segmenter(nlp.make_doc(text))
        expected = sorted((s, e) for _, s, e in matcher.matcher(doc))  # spaCy's Matcher, every pattern
        assert sorted((s, e) for _, s, e, _ in matcher.match(doc)) == expected, text
        doc.user_data.pop(TOKENS_KEY, None)  # read from the doc, as after a component that hands nothing on
        assert sorted((s, e) for _, s, e, _ in matcher.match(doc)) == expected, text


def test_the_shipped_patterns_are_matched_without_spacys_matcher_and_as_it_would(nlp):
    matcher = nlp.get_pipe("coachcheck_rules")
    segmenter = nlp.get_pipe("coachcheck_segmenter")
    assert matcher._words and not matcher._needs and len(matcher._complex) == 0
    strings = nlp.vocab.strings
    found = 0
    for text in texts():
        doc = segmenter(nlp.make_doc(text))
        spacy_hits = [*matcher.phrase_matcher(doc), *matcher.matcher(doc)]
        expected = sorted((strings[m].partition("!")[0], s, e) for m, s, e in spacy_hits)
        assert sorted((rule_id, s, e) for rule_id, s, e, _ in matcher.match(doc)) == expected, text
        found += len(matcher.matcher(doc))
    assert found  # some texts hold token-pattern matches


def test_phrase_keys_are_the_norms_of_the_phrase_docs(nlp, pack):
    from coachcheck.nlp.components import _phrase_docs, _phrase_keys

    phrases = [p for r in pack.rules for p in (*r.phrases, *r.unless_phrases)]
    phrases += [p for cue in load_lexicon().cues.values() for p in cue]
    phrases += ["let's see", "don't forget", "U.S. sales", "what’s up", "e-mail me", "gonna"]
    docs = _phrase_docs(nlp, phrases)
    assert _phrase_keys(nlp, phrases) == [[t.norm for t in d] for d in docs]


def test_phrase_matchers_from_keys_match_like_ones_from_docs(nlp):
    from spacy.matcher import PhraseMatcher

    from coachcheck.nlp.components import _phrase_docs

    tagger = nlp.get_pipe("coachcheck_acts")
    from_docs = PhraseMatcher(nlp.vocab, attr="NORM")
    for label, phrases in load_lexicon().cues.items():
        from_docs.add(label, _phrase_docs(nlp, phrases))
    segmenter = nlp.get_pipe("coachcheck_segmenter")
    for text in texts():
        doc = segmenter(nlp.make_doc(text))
        assert tagger.matcher(doc) == from_docs(doc), text


def test_the_lexicon_parses_the_same_with_libyaml():
    import yaml

    from coachcheck.nlp.lexicon import lexicon_text

    assert yaml.load(lexicon_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) == yaml.safe_load(
        lexicon_text())


def test_a_call_longer_than_max_length_is_split_into_docs_that_fit(nlp):
    turns = tuple(Turn(i, "A" if i % 2 else "B", t) for i, t in enumerate(
        " ".join(t.split()) for t in texts() if t.strip()))
    transcript = Transcript("x.txt", "txt", turns)
    whole = tag_turns(nlp, transcript)
    from coachcheck.analysis import _call_groups

    saved = nlp.max_length
    nlp.max_length = max(len(t.text) for t in turns) + 50  # spaCy refuses longer texts
    try:
        assert len(_call_groups(turns, nlp.max_length)) > 3
        assert tag_turns(nlp, transcript) == whole
    finally:
        nlp.max_length = saved


def test_call_groups_keep_every_turn_in_order_within_the_limit():
    from coachcheck.analysis import _call_groups

    turns = tuple(Turn(i, "A", "x" * n) for i, n in enumerate([5, 5, 5, 20, 1, 1]))
    groups = _call_groups(turns, 12)
    assert [t for g in groups for t in g] == list(turns)
    assert [len("\n".join(t.text for t in g)) for g in groups] == [11, 5, 20, 3]  # a turn too long alone stays alone
    assert _call_groups((), 12) == []


def test_only_the_blank_pipeline_gets_whole_calls(nlp):
    from coachcheck.nlp.components import whole_calls

    assert whole_calls(nlp)
    segmenter = nlp.get_pipe("coachcheck_segmenter")
    segmenter.whole_calls = False  # as for a trained pipeline, whose tagger must see turns on their own
    try:
        assert not whole_calls(nlp)
        transcript = Transcript("x.txt", "txt", call_turns(whole=True))
        assert tag_turns(nlp, transcript) == tag_turns(nlp, transcript, per_call=False)
    finally:
        segmenter.whole_calls = True


def test_the_tokenizer_warm_up_does_not_keep_pipelines_alive():
    import gc
    import weakref

    import spacy

    from coachcheck.nlp.tokenize import _SEEN, make_call_doc

    blank = spacy.blank("en")
    doc = make_call_doc(blank, "Send it today.\nI'm on it, don't worry.")
    assert [t.text for t in doc] == [t.text for t in blank.make_doc("Send it today.\nI'm on it, don't worry.")]
    ref = weakref.ref(blank)
    del blank, doc
    gc.collect()
    assert ref() is None and ref not in _SEEN


def test_cue_positions_count_words_when_a_sentence_holds_extra_spaces(nlp):
    turns = (Turn(0, "Rep", "Legal is slow."), Turn(1, "Manager", "It  sounds like the legal review worries you."))
    tagged = tag_turns(nlp, Transcript("x.txt", "txt", turns))
    assert [(s.act, s.cues) for s in tagged[1].sentences] == [("reflection", ("REFLECT",))]
