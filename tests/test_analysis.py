"""Analysis: who is the coach, what each sentence does, and which category a coach turn gets."""

from __future__ import annotations

import pytest

from coachcheck.analysis import (
    TaggedTurn,
    assign_roles,
    categorize_turn,
    detect_coach,
    sentence_categories,
    tag_turns,
)
from coachcheck.errors import InputError
from coachcheck.explaining import explain_text
from coachcheck.model import Finding, Sentence, Transcript, Turn


def transcript(text: str) -> Transcript:
    """Turns from `Name: text` lines (no loader involved)."""
    turns = []
    for line in text.strip().splitlines():
        speaker, _, said = line.partition(": ")
        turns.append(Turn(len(turns), speaker, said, None, None, len(turns) + 1))
    return Transcript("call.txt", "txt", tuple(turns))


COACHING_CALL = """
Dana Cole: Hi Lee. What would you like to focus on today?
Lee Park: The Acme renewal. It keeps slipping and I have no champion there.
Dana Cole: What do you think is getting in the way?
Lee Park: Their procurement team keeps adding steps.
Dana Cole: What could you try this week?
Lee Park: I could ask my contact to introduce me to procurement.
"""


def roles_of(nlp, pack, text: str, coaches=(), roster=None):
    t = transcript(text)
    return assign_roles(t, tag_turns(nlp, t), pack, coaches, roster)


def test_coach_named_with_coach_option_case_insensitively(nlp, pack):
    roles, reason, warnings = roles_of(nlp, pack, COACHING_CALL, coaches=("  lee PARK ",))
    assert roles == {"Dana Cole": "rep", "Lee Park": "coach"}
    assert reason == "named with --coach" and warnings == []


def test_coach_option_matching_nobody_falls_back_to_detection_with_a_warning(nlp, pack):
    roles, reason, warnings = roles_of(nlp, pack, COACHING_CALL, coaches=("Priya",))
    assert roles == {"Dana Cole": "coach", "Lee Park": "rep"}
    assert reason.startswith("detected from what they say")
    assert len(warnings) == 1 and "Priya" in warnings[0] and "detected" in warnings[0]


def test_coach_detected_by_a_manager_label(nlp, pack):
    text = """
Jo: Hi. How did the week go?
Sales Manager: Fine. I closed two deals and lost one.
Jo: What made the two work?
Sales Manager: Better discovery, I think.
"""
    roles, reason, _ = roles_of(nlp, pack, text)
    assert roles == {"Jo": "rep", "Sales Manager": "coach"}  # the label beats who asks the questions
    assert "Sales Manager" in reason and "manager role" in reason


def test_coach_detected_because_the_other_label_is_a_rep(nlp, pack):
    text = """
Rep: What would you like to focus on?
Sam: The Acme renewal.
Rep: What is getting in the way?
Sam: Procurement.
"""
    roles, reason, _ = roles_of(nlp, pack, text)
    assert roles == {"Rep": "rep", "Sam": "coach"}
    assert "rep roles" in reason and "Rep" in reason


def test_coach_detected_from_evidence_states_why(nlp, pack):
    roles, reason, warnings = roles_of(nlp, pack, COACHING_CALL)
    assert roles["Dana Cole"] == "coach"
    assert reason.startswith("detected from what they say (")
    assert "confidence" in reason and "3 questions" in reason and "opened the call" in reason
    assert warnings == []


def test_evidence_detection_does_not_need_the_coach_to_open_the_call(nlp, pack):
    text = """
Lee Park: Hey, sorry I'm late, the demo ran over.
Dana Cole: No problem. What would you like to focus on today?
Lee Park: The Acme renewal. It keeps slipping and I have no champion there.
Dana Cole: What do you think is getting in the way?
Lee Park: Their procurement team keeps adding steps.
Dana Cole: What could you try this week?
"""
    roles, reason, _ = roles_of(nlp, pack, text)
    assert roles == {"Lee Park": "rep", "Dana Cole": "coach"}
    assert "opened the call" not in reason


def test_notetaker_bot_is_a_third_party(nlp, pack):
    text = "Notetaker Bot: This meeting is being recorded.\n" + COACHING_CALL.strip()
    roles, _, _ = roles_of(nlp, pack, text)
    assert roles == {"Notetaker Bot": "other", "Dana Cole": "coach", "Lee Park": "rep"}


def test_a_bossy_bot_is_never_taken_for_the_coach(nlp, pack):
    text = """
Notetaker Bot: Please note this call is recorded. Make sure you tell everyone. Don't forget to check your quota.
Dana Cole: Hi Lee, thanks for making time. The conference sounded busy.
Lee Park: Busy but good. I met a few prospects and I want to follow up with two of them.
Dana Cole: Nice. I was at that one years ago.
Lee Park: Acme and Globex. Acme has budget.
"""
    roles, _, _ = roles_of(nlp, pack, text)
    assert roles["Notetaker Bot"] == "other"
    assert roles["Dana Cole"] == "coach"


def test_roster_roles_are_used_when_no_coach_is_named(nlp, pack):
    roles, reason, _ = roles_of(nlp, pack, COACHING_CALL, roster={"Lee Park": "coach", "Dana Cole": "rep"})
    assert roles == {"Dana Cole": "rep", "Lee Park": "coach"} and reason == "from the roster"


def test_one_speaker_is_an_input_error(nlp, pack):
    t = transcript("Ann: hello there.\nAnn: anyone?")
    with pytest.raises(InputError, match=r"^call\.txt: only one speaker \(Ann\)"):
        assign_roles(t, tag_turns(nlp, t), pack)


def test_every_speaker_a_coach_is_an_input_error(nlp, pack):
    t = transcript(COACHING_CALL)
    with pytest.raises(InputError, match="nobody left"):
        assign_roles(t, tag_turns(nlp, t), pack, coaches=("Dana Cole", "Lee Park"))


def test_detect_coach_returns_a_speaker_and_a_reason(nlp, pack):
    t = transcript(COACHING_CALL)
    coach, reason = detect_coach(tag_turns(nlp, t), pack)
    assert coach == "Dana Cole" and reason


def test_tag_turns_gives_every_turn_its_sentences_in_order(nlp):
    t = transcript("A: Hi Lee. What would you like to try? Send me the deck.\nB: Okay.")
    tagged = tag_turns(nlp, t)
    assert [tt.turn.index for tt in tagged] == [0, 1]
    assert [(s.turn_index, s.index, s.text) for s in tagged[0].sentences] == [
        (0, 0, "Hi Lee."), (0, 1, "What would you like to try?"), (0, 2, "Send me the deck.")]
    assert tagged[1].sentences[0].act == "backchannel"


# Sentences from the labeling guide (CATEGORIES.md) and the act policy in nlp/acts.py: the intended reading.
@pytest.mark.parametrize("text, act, qtype", [
    ("What would you like to try?", "question", "open"),
    ("How do you feel about your quarter?", "question", "open"),
    ("Tell me more about that.", "question", "open"),
    ("Did you update the CRM like I asked?", "question", "closed"),
    ("Is that what's worrying you?", "question", "closed"),
    ("How many calls did you make?", "question", "closed"),
    ("Get your activity up.", "directive", None),
    ("I need those ten calls logged by Friday.", "directive", None),
    ("Why don't you just send the proposal?", "directive", None),
    ("Don't you think you should call them today?", "directive", None),
    ("Can you send me the deck?", "directive", None),
    ("It sounds like the mornings get eaten by admin.", "reflection", None),
    ("Mm-hmm.", "backchannel", None),
    ("Okay.", "backchannel", None),
])
def test_dialog_acts_of_textbook_sentences(nlp, pack, text, act, qtype):
    rows, _ = explain_text(nlp, pack, text)
    assert [(r["act"], r["question_type"]) for r in rows] == [(act, qtype)]


@pytest.mark.parametrize("text, category", [
    ("What would you like to try?", "coaching"),
    ("What do you think is getting in the way?", "coaching"),
    ("Get your activity up.", "managing"),
    ("I need those ten calls logged by Friday.", "managing"),
    ("Did you update the CRM like I asked?", "managing"),
    ("Let's role-play the second meeting — I'll be the buyer.", "training"),
    ("When I was a junior rep I struggled with the same thing.", "mentoring"),
    ("What I do is block every morning for prospecting.", "role_modeling"),
    ("Okay.", "neutral"),
    ("Let's pick this up Thursday at 10.", "neutral"),
])
def test_turn_categories_of_labeling_guide_examples(nlp, pack, text, category):
    _, got = explain_text(nlp, pack, text)
    assert got == category


def test_previous_turn_turns_an_echo_into_a_reflection(nlp, pack):
    rep = "My mornings get eaten by admin work and I never get to prospecting."
    coach = "So the admin work eats the prospecting time."
    alone, _ = explain_text(nlp, pack, coach)
    after, _ = explain_text(nlp, pack, coach, previous=rep)
    assert alone[0]["act"] != "reflection"
    assert after[0]["act"] == "reflection"


# categorize_turn and sentence_categories are pure: hand-made sentences and findings.
def tagged(*sentences: tuple[str, str]) -> TaggedTurn:
    turn = Turn(0, "M", " ".join(text for text, _ in sentences))
    return TaggedTurn(turn, tuple(Sentence(0, i, text, act) for i, (text, act) in enumerate(sentences)), ())


def f(category: str, sentence: int, weight: float = 1.0) -> Finding:
    return Finding(f"{category}.x", category, weight, "m", "t", 0, sentence, "e")


def test_sentence_category_is_the_heaviest_and_ties_go_to_coaching_first():
    t = tagged(("one two", "question"), ("one two", "directive"), ("one two", "statement"), ("x", "statement"))
    findings = [f("managing", 0, 2.0), f("coaching", 0, 1.0), f("coaching", 0, 1.0),  # 2 vs 2: coaching
                f("managing", 1, 1.0), f("training", 1, 1.5),                          # training heavier
                f("role_modeling", 2, 1.0), f("mentoring", 2, 1.0)]                     # tie: mentoring first
    assert sentence_categories(t, findings) == ["coaching", "training", "mentoring", None]


def test_turn_category_goes_by_words():
    t = tagged(("What would you like?", "question"), ("Send the signed contract over to me today.", "directive"))
    assert categorize_turn(t, [f("coaching", 0), f("managing", 1)]) == "managing"  # 8 words beat 4


def test_turn_category_tie_in_words_goes_to_the_earlier_category():
    t = tagged(("one two three", "statement"), ("four five six", "statement"))
    assert categorize_turn(t, [f("role_modeling", 0), f("training", 1)]) == "training"
    assert categorize_turn(t, [f("managing", 0), f("coaching", 1)]) == "coaching"


def test_a_story_continues_the_category_of_the_sentence_before_it_at_half_weight():
    story = tagged(("When I was a rep I struggled.", "statement"),            # 7 words mentoring
                   ("It took me years to figure it out and get better.", "statement"),  # 11 words -> 5.5 carried
                   ("What would you like to do about it?", "question"))      # 8 words coaching
    assert categorize_turn(story, [f("mentoring", 0), f("coaching", 2)]) == "mentoring"  # 12.5 > 8
    # A question does not carry: without the story statement, coaching wins.
    no_carry = tagged(("When I was a rep I struggled.", "statement"),
                      ("Is it the same for you right now at work?", "question"),
                      ("What would you like to do about it?", "question"))
    assert categorize_turn(no_carry, [f("mentoring", 0), f("coaching", 2)]) == "coaching"


def test_neutral_sentences_do_not_carry():
    t = tagged(("Hi there.", "statement"), ("The weather here is awful and the traffic worse.", "statement"),
               ("What would you like?", "question"))
    assert categorize_turn(t, [f("neutral", 0), f("coaching", 2)]) == "coaching"


def test_a_turn_with_no_findings_is_neutral():
    assert categorize_turn(tagged(("Right, okay then.", "statement")), []) == "neutral"


def test_findings_are_worked_out_for_each_pack_and_role_even_when_the_turn_was_matched_before(nlp, pack):
    from coachcheck.analysis import apply_rules
    from coachcheck.rulepack import RulePack

    t = transcript("Dana Cole: You need to call them today. What is in the way?\nLee Park: Procurement.")
    tagged = tag_turns(nlp, t)
    first = tagged[0]
    detect_coach(tagged, pack)  # matches every turn as the coach's first
    as_coach = {f.rule_id for f in apply_rules(first, pack, "coach")}
    assert {"managing.directive", "coaching.question"} <= as_coach
    only = RulePack(tuple(r for r in pack.rules if r.id == "managing.directive"), pack.sources)
    assert [f.rule_id for f in apply_rules(first, only, "coach")] == ["managing.directive"]
    as_rep = {f.rule_id for f in apply_rules(first, pack, "rep")}
    assert as_rep != as_coach and not as_rep & {"managing.directive", "coaching.question"}
    assert {f.rule_id for f in apply_rules(first, pack, "coach")} == as_coach
