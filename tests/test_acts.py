"""The dialog-act tagger, one table per pattern family, punctuated and as raw speech-to-text.

Each row is a sentence written for this test, the act it must get and, for questions, the
question type. Every family has near-misses that must NOT be read as that family. The
"asr" variant of each row is the same sentence lowercased with its punctuation removed (the
way raw speech-to-text looks), which must give the same reading unless the row says
`punct_only` (some readings exist only because of a question mark or quotation marks).
"""

from __future__ import annotations

import re

import pytest

from coachcheck.analysis import tag_turns
from coachcheck.model import Transcript, Turn


def asr(text: str) -> str:
    """Lowercase, punctuation stripped but apostrophes kept (like the evaluation's --asr)."""
    return " ".join(re.sub(r"[^\w\s']", " ", text.lower()).split())


def acts(nlp, text: str, previous: str | None = None) -> list[tuple[str, str | None]]:
    """(act, question_type) of each sentence of `text` said after `previous`."""
    turns = [Turn(0, "Rep", previous)] if previous else []
    turns.append(Turn(len(turns), "Coach", text))
    tagged = tag_turns(nlp, Transcript("<test>", "txt", tuple(turns)))[-1]
    return [(s.act, s.question_type) for s in tagged.sentences]


QUESTIONS = [
    # auxiliary inversion
    ("Do you think the CFO saw it?", "closed"),
    ("Are we still on for Thursday?", "closed"),
    ("Have they signed the order form?", "closed"),
    ("Is that what worries you?", "closed"),
    # wh-questions after discourse markers
    ("So, what do you think happened?", "open"),
    ("And how did that land with them?", "open"),
    ("Okay so why do you think they went quiet?", "open"),
    ("Um, where do you want to start?", "open"),
    # wh-questions that ask for a figure or a fact are closed in function
    ("How many calls did you make this week?", "closed"),
    ("What time is the demo?", "closed"),
    ("Which one feels bigger to you?", "closed"),
    # invitations that work as open questions
    ("Tell me more about that.", "open"),
    ("Walk me through the last call.", "open"),
    ("Say more about what you mean by stuck.", "open"),
    ("Can you tell me a bit more about their process?", "open"),
    # indirect questions
    ("I'm curious what you think is going on there.", "open"),
    ("I wonder how that landed with the committee.", "open"),
    ("I'm genuinely curious what your read is.", "open"),
    # wh-question after a preposition or a name
    ("In what ways would that change your week?", "open"),
    # more invitations and indirect questions
    ("Maybe you could tell me how the renewal call went.", "open"),
    ("Wondering what that's about for you.", "open"),
    ("Just remind me why the timing matters to them.", "open"),
    # asking leave is a question, not an order in disguise
    ("Do you mind if I share what I noticed on the call?", "closed"),
    # after a "when..." clause, the main clause decides
    ("When you picture those four deals, what do they have in common?", "open"),
    ("When you met the CFO, did she mention budget?", "closed"),
    # a scaling question, however long its lead
    ("On a scale of one to ten, where ten is certain, where would you put this deal.", "closed"),
]

PUNCT_ONLY_QUESTIONS = [
    ("We agreed on Friday, right?", "closed"),
    ("Barbara, what was it you were hoping for today?", "open"),
    # a declarative with a question mark asks for confirmation (AnnoMI's annotators code these as questions)
    ("So you sent the proposal to legal first?", "closed"),
    ("So, the pilot, is that still on the table?", "closed"),
    ("So a good place to start is, tell me what happened with Acme.", "open"),
    # what a question asks for decides its type, not its first words
    ("Can I ask you, Sam, how is all of this landing with the team?", "open"),
    ("And then the committee would do what?", "open"),
]

# Raw speech-to-text: the question closes a long unpunctuated turn.
ASR_TURN_QUESTIONS = [
    ("so the committee moved the date again and legal has the redlines now is that right", "closed"),
    ("you said the pilot went well and they liked the dashboards would that be okay if we looked at next steps",
     "closed"),
    ("we talked about three accounts this week how important is it to you to close the big one first", "open"),
    ("you didn't send the pricing sheet yet right", "closed"),
    ("okay so that covers the pipeline review what what do you think is the hardest part", "open"),
    # ...unless an inverted question follows them
    ("okay so the cfo signed off who do you think will push back", "closed"),
    ("they went quiet last week where do you think it stalled", "open"),
]


@pytest.mark.parametrize(("text", "qtype"), ASR_TURN_QUESTIONS)
def test_a_question_that_closes_a_long_asr_turn_is_found(nlp, text, qtype):
    assert ("question", qtype) in acts(nlp, text), acts(nlp, text)


ASR_NOT_QUESTIONS = [
    "the problem is that the champion left in march",
    "you have to get it right",
    "turn right at the second light",
    "that's how important it is to them",
    # right after a word, who / which / where / when begin a relative clause
    "a woman named carol who's worked for me since took me aside",
    "find yourself a mentor who isn't your boss",
    "step three is the trial which is usually ten minutes",
]


@pytest.mark.parametrize("text", ASR_NOT_QUESTIONS)
def test_asr_statements_that_look_like_question_starts_are_not_questions(nlp, text):
    assert all(act != "question" for act, _ in acts(nlp, text)), acts(nlp, text)


@pytest.mark.parametrize(("text", "qtype"), QUESTIONS)
@pytest.mark.parametrize("style", ["punctuated", "asr"])
def test_questions(nlp, text, qtype, style):
    sentence = text if style == "punctuated" else asr(text)
    assert ("question", qtype) in acts(nlp, sentence), acts(nlp, sentence)


@pytest.mark.parametrize(("text", "qtype"), PUNCT_ONLY_QUESTIONS)
def test_questions_that_need_their_question_mark(nlp, text, qtype):
    assert ("question", qtype) in acts(nlp, text)


NOT_QUESTIONS = [
    "I know what you mean.",
    "What a quarter!",
    "You know, it was fine in the end.",
    "What I do is block every morning for prospecting.",
    "When I was a junior rep I struggled with the same thing.",
    "That's exactly what we need.",
    "How you handle the first call matters.",
    "When a CISO asks what this would cost them, you never answer with our price first.",
    # "is that" + a clause: only the checking question "is that right?" / "is that something you...?" asks
    "The issue is that right now we don't have budget for it, so we wait.",
    "The problem is that something changed in the account last week.",
]


@pytest.mark.parametrize("text", NOT_QUESTIONS)
@pytest.mark.parametrize("style", ["punctuated", "asr"])
def test_near_misses_are_not_questions(nlp, text, style):
    sentence = text if style == "punctuated" else asr(text)
    assert all(act != "question" for act, _ in acts(nlp, sentence)), acts(nlp, sentence)


DIRECTIVES = [
    # imperatives, with or without please / so / and / just
    "Send me the deck by Friday.",
    "Please update the opportunity today.",
    "So call them this afternoon.",
    "Put on the headset, please.",  # "on" once read as YAML's boolean true and got lost
    "Turn off the notifications before the call.",
    "And just follow up with the CFO.",
    "Don't forget the pricing sheet.",
    # modal pressure
    "You need to get your activity up.",
    "You have to log those calls.",
    "You should call them today.",
    "I want you to send it tonight.",
    "I need you to book three meetings.",
    "Make sure the notes are in the CRM.",
    # polite and hedged
    "It might be good if you looped in legal.",
    "I'd like you to draft the proposal.",
    "Let's get the deck out this week.",
    # requests phrased as questions
    "Can you send me the revised quote?",
    "Could you get the signed form back?",
    # leading questions that are orders in disguise
    "Why don't you just send the proposal?",
    "Don't you think you should call them today?",
    # politeness marks a request, whatever the form
    "The updated forecast, please.",
    "I need the signed copy back today, please.",
    "Will you send Dana the recap?",
    "Could you tell me the renewal date?",
    # a request put as a wish to know
    "I was wondering if you could send me the deck by Friday.",
    "I wonder if you could update the forecast before the QBR.",
    "Any chance you could send the quote today?",
    "I'd appreciate it if you logged the calls tonight.",
    # suggestions
    "Let's just take the slower route.",
    "How about Friday at two?",
    "Stop apologising for the price.",
    # a number after the verb
    "Try six-thirty.",
    "Call 3 of them today.",
]

# Only the comma shows where a name or a time ends and the order begins.
PUNCT_ONLY_DIRECTIVES = [
    "Priya, send me the deck tonight.",
    "At two, walk them through the pricing.",
    "When they push back, ask them what changed.",
]


@pytest.mark.parametrize("text", DIRECTIVES)
@pytest.mark.parametrize("style", ["punctuated", "asr"])
def test_directives(nlp, text, style):
    sentence = text if style == "punctuated" else asr(text)
    assert "directive" in [act for act, _ in acts(nlp, sentence)], acts(nlp, sentence)


@pytest.mark.parametrize("text", PUNCT_ONLY_DIRECTIVES)
def test_directives_after_a_lead_and_a_comma(nlp, text):
    assert "directive" in [act for act, _ in acts(nlp, text)], acts(nlp, text)


NOT_DIRECTIVES = [
    ("What would you like to try?", "question"),
    ("Can you tell me more about that?", "question"),
    ("Can you tell me the story behind that deal?", "question"),
    ("Could you tell me a little about the account?", "question"),
    ("I was wondering if you could tell me more about the deal.", "question"),
    ("I wonder if you could walk me through the call.", "question"),
    ("I'm wondering if you could see yourself leading the team.", "question"),
    ("I wonder if that landed with the committee.", "question"),
    ("Any chance you would like to lead the pilot?", "question"),
    ("Any chance that you could walk me through the call?", "question"),
    ("How about you?", "question"),
    ("Yes, please.", None),
    ("Good morning, Sarah.", None),
    ("Well, Dana, I think the timing is off.", "statement"),
    ("Let's see.", None),
    ("Call volume is down this month.", "statement"),
    ("Look, I get it.", None),
    ("I wanted to make sure we talked about it today.", "statement"),
    ("How about you?", "question"),
    ("What shall we do about it?", "question"),
]


@pytest.mark.parametrize(("text", "expected"), NOT_DIRECTIVES)
def test_near_misses_are_not_directives(nlp, text, expected):
    got = acts(nlp, text)
    assert all(act != "directive" for act, _ in got), got
    if expected:
        assert got[0][0] == expected


REFLECTIONS = [
    # announced
    ("It sounds like the back half of the pipeline eats your mornings.", None),
    ("So what I'm hearing is that the timing is the problem.", None),
    ("You're worried the CFO never saw it.", None),
    # echoing the rep's previous turn
    ("So every time it stalls once it leaves your champion's hands.",
     "Every time it leaves my champion's hands it stalls, it goes up to her boss and dies."),
    ("You've cut back on the cold calls since May.", "I cut back on cold calls in May because nobody picked up."),
    # announced after a false start, or at the end
    ("It sounds- it sounds like the timing is what bothers you.", None),
    ("Pretty draining, it sounds like.", None),
    # a summary of the rep's position, or a wish said back
    ("So you've already priced the extra seats in.", None),
    ("So you'd like more help from marketing on this one.", None),
    # the rep said only "No." - there is still someone to reflect
    ("You don't feel ready for the team lead role yet.", "No."),
    ("You want that promotion.", "No."),
    # a summary of the rep's situation after "so"
    ("So that's a lot landing on you at once.", "The renewal, the QBR and the new hire all hit this week."),
]

NOT_REFLECTIONS = [
    "so when you present the pilot data the thing that works is leading with the students",
    "You want to send that over today.",
    "So you'll call them tomorrow morning.",
    "You can find the template in the shared drive.",
    "It sounds good to me.",
]


@pytest.mark.parametrize("text", NOT_REFLECTIONS)
def test_near_misses_are_not_reflections(nlp, text):
    got = acts(nlp, text, "We lost the deal at the end.")
    assert all(act != "reflection" for act, _ in got), got


@pytest.mark.parametrize(("text", "previous"), REFLECTIONS)
@pytest.mark.parametrize("style", ["punctuated", "asr"])
def test_reflections(nlp, text, previous, style):
    sentence = text if style == "punctuated" else asr(text)
    assert "reflection" in [act for act, _ in acts(nlp, sentence, previous or "We lost the deal at the end.")]


def test_a_you_statement_that_echoes_nothing_is_not_a_reflection(nlp):
    got = acts(nlp, "You plug in the case volume and it calculates the savings.", "Where do I find the calculator?")
    assert got[0][0] != "reflection"


def test_sounds_like_a_plan_is_agreement_not_reflection(nlp):
    assert acts(nlp, "Sounds like a plan.", "I'll call them Monday.")[0][0] != "reflection"


@pytest.mark.parametrize("text", ["Mm-hmm.", "Okay.", "Yeah, got it.", "Right right.", "uh huh", "Yes.", "No, no."])
def test_backchannels(nlp, text):
    assert acts(nlp, text) == [("backchannel", None)]


@pytest.mark.parametrize("text", ["Okay, so what now?", "Right. Tell me more."])
def test_backchannel_words_before_a_question_do_not_hide_it(nlp, text):
    assert "question" in [act for act, _ in acts(nlp, text)]


def test_quoted_lines_in_a_role_play_are_not_the_coach_asking(nlp):
    got = acts(nlp, 'I\'m the homeowner, and I just asked you, "So what\'s my monthly?" Go.')
    assert ("question", "open") not in got


def test_a_question_in_the_middle_of_a_long_asr_turn_is_found(nlp):
    text = ("yeah so we talked about the pricing thing last week and the committee meets on the twentieth "
            "what do you think is getting in the way there i mean the champion seemed keen")
    got = acts(nlp, text)
    assert ("question", "open") in got
    assert len(got) >= 2


@pytest.mark.parametrize("text", [
    "yeah you might be lucky then so so what do you reckon about the plan",
    "great and then um tell me a little bit about your team",
    "that's fine okay um so what about the first deal you lost",
])
def test_a_question_in_raw_asr_takes_all_the_discourse_words_before_it(nlp, text):
    """Not a one-word "then" / "and" / "okay" left over as a sentence of its own (a backchannel)."""
    turns = (Turn(0, "Rep", "I sent the deck."), Turn(1, "Coach", text))
    sentences = tag_turns(nlp, Transcript("<test>", "txt", turns))[-1].sentences
    assert len(sentences) == 2
    assert sentences[1].text.split()[0] in {"then", "and", "okay"}
    assert sentences[1].act == "question"


def test_raw_asr_contractions_read_like_punctuated_ones(nlp):
    assert acts(nlp, "whats on your mind for today") == acts(nlp, "What's on your mind for today")
    assert "directive" in [a for a, _ in acts(nlp, "dont forget the pricing sheet")]


def _lex():
    from coachcheck.nlp.lexicon import load_lexicon

    return load_lexicon()


def test_part_of_speech_tags_from_a_trained_pipeline_settle_imperatives():
    """With --model, a tagger's VB finds verbs the word list lacks and its NN rules out nouns."""
    from coachcheck.nlp.acts import classify

    lex = _lex()
    words = ["reconcile", "the", "invoices", "tonight", "."]
    assert classify(words, [], None, lex).act == "statement"  # not in the word list
    assert classify(words, [], None, lex, ["VB", "DT", "NNS", "NN", "."]).act == "directive"
    noun = ["call", "them", "numbers", "are", "down", "."]
    assert classify(noun, [], None, lex).act == "directive"
    assert classify(noun, [], None, lex, ["NN", "PRP", "NNS", "VBP", "RB", "."]).act == "statement"


def test_phrase_patterns_built_without_the_tokenizer_match_tokenized_ones(nlp):
    """The start-up shortcut in _phrase_docs must give the tokens the tokenizer would."""
    from coachcheck.nlp.components import _phrase_docs
    from coachcheck.nlp.norms import normalize

    phrases = ["you need to", "let's see", "gonna", "don't forget", "walk me through", "cannot happen again"]
    fast = _phrase_docs(nlp, phrases)
    slow = [normalize(nlp.make_doc(p)) for p in dict.fromkeys(
        v for p in phrases for v in (p, p.replace("'", "")))]
    assert [[t.norm_ for t in d] for d in fast] == [[t.norm_ for t in d] for d in slow]
    assert [[t.text for t in d] for d in fast] == [[t.text for t in d] for d in slow]


def test_every_lexicon_word_is_a_string():
    """YAML 1.1 reads bare yes/no/on/off as booleans; the loader refuses them instead of losing them."""
    import yaml

    from coachcheck.nlp.lexicon import _check_strings

    with pytest.raises(ValueError, match="not a string"):
        _check_strings(yaml.safe_load("imperative_next: [the, on]"), "lexicon.yaml")
    _check_strings(yaml.safe_load('imperative_next: [the, "on"]'), "lexicon.yaml")


def test_every_cue_label_is_documented():
    """docs/dialog-acts.md explains each cue label that `coachcheck explain` can show."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    tree = ast.parse((root / "src" / "coachcheck" / "nlp" / "acts.py").read_text(encoding="utf-8"))
    labels = {
        elt.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Act" and len(node.args) == 3
        and isinstance(node.args[2], ast.Tuple)
        for elt in node.args[2].elts
        if isinstance(elt, ast.Constant)
    }
    assert len(labels) > 20
    doc = (root / "docs" / "dialog-acts.md").read_text(encoding="utf-8")
    assert sorted(label for label in labels if f"`{label}`" not in doc) == []
