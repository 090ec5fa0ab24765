"""Reading labels files strictly, and aligning labeled lines with analyzed turns."""

from __future__ import annotations

import json

import pytest

from coachcheck.calibration import align, normalize, parse_labels
from coachcheck.errors import InputError
from coachcheck.model import Finding, Sentence, Turn, TurnResult
from coachcheck.scoring import build_report

LINES = [
    "[00:00:01] Dana Cole: Hi Sam, good weekend?",
    "Sam Reyes: Okay.",
    "Dana Cole: Okay.",
    "Dana Cole: Log the calls by Friday.",
    "Sam Reyes: Fine.",
    "Dana Cole: Okay.",
    "",
]


def labels(**changes) -> str:
    data = {"coach": "Dana Cole", "reps": ["Sam Reyes"], "verdict": "managing",
            "turns": [{"index": 2, "speaker": "Dana Cole", "label": "neutral", "all": ["neutral"]}]}
    data.update(changes)
    return json.dumps({k: v for k, v in data.items() if v is not None})


def turn(**changes) -> str:
    t = {"index": 2, "speaker": "Dana Cole", "label": "neutral"}
    t.update(changes)
    return labels(turns=[{k: v for k, v in t.items() if v is not None}])


BAD = [
    ("{", "invalid JSON at line 1, column 2: Expecting property name enclosed in double quotes"),
    ("[]", "must be a JSON object with coach, verdict and turns"),
    (labels(verdcit="coaching"), "unknown key 'verdcit' (allowed: coach, reps, style, turns, verdict)"),
    (labels(verdict=None), "missing required key 'verdict'"),
    (labels(coach=" "), "'coach' must be the coach's speaker name"),
    (labels(reps="Sam Reyes"), "'reps' must be a list of speaker names"),
    (labels(verdict="coachy"), "verdict 'coachy' is not one of coaching, managing, training, mentoring, "
                               "role_modeling, mixed"),
    (labels(turns={"0": "neutral"}), "'turns' must be a list"),
    (labels(turns=["neutral"]), "turns[0] must be an object with index, speaker and label"),
    (turn(text="Okay."), "turns[0]: unknown key 'text' (allowed: all, index, label, speaker)"),
    (turn(label=None), "turns[0]: missing required key 'label'"),
    (turn(index=True), "turns[0]: index must be a 0-based line number, not True"),
    (turn(index=-1), "turns[0]: index must be a 0-based line number, not -1"),
    (turn(index="2"), "turns[0]: index must be a 0-based line number, not '2'"),
    (turn(index=7), "turns[0]: index 7 is past the end of call.txt (7 lines)"),
    (turn(index=6), "turns[0]: line 7 of call.txt is empty"),
    (turn(speaker=""), "turns[0]: speaker must be a name"),
    (turn(label="coachin"), "turns[0]: label 'coachin' is not one of coaching, managing, training, mentoring, "
                            "role_modeling, neutral"),
    (turn(all="neutral"), "turns[0]: 'all' must be a list of labels from coaching, managing, training, mentoring, "
                          "role_modeling, neutral"),
    (turn(all=["coaching"]), "turns[0]: 'all' must include the primary label 'neutral'"),
    (labels(turns=[{"index": 2, "speaker": "Dana Cole", "label": "neutral"},
                   {"index": 2, "speaker": "Dana Cole", "label": "coaching"}]),
     "turns[1]: index 2 is labeled twice (also turns[0])"),
]


@pytest.mark.parametrize(("text", "problem"), BAD, ids=[b[1][:40] for b in BAD])
def test_bad_labels_are_one_line_errors_naming_the_file(text, problem):
    with pytest.raises(InputError) as info:
        parse_labels(text, "call.labels.json", "call.txt", LINES)
    assert str(info.value) == f"call.labels.json: {problem}"


def test_good_labels_are_read_in_line_order_with_defaults():
    text = labels(style="asr", turns=[{"index": 3, "speaker": "Dana Cole", "label": "managing"},
                                      {"index": 0, "speaker": "Dana Cole", "label": "neutral", "all": ["neutral"]}])
    call = parse_labels(text, "call.labels.json", "call.txt", LINES)
    assert (call.coach, call.reps, call.verdict) == ("Dana Cole", ("Sam Reyes",), "managing")
    assert [(t.index, t.label, t.all) for t in call.turns] == [(0, "neutral", ("neutral",)),
                                                               (3, "managing", ("managing",))]


def test_normalize_keeps_only_lowercase_letters_and_digits():
    assert normalize("  So — it's Q3, right?! ") == "soitsq3right"


def result(index, speaker, text, line, role, category=None, findings=()):
    sentences = tuple(Sentence(index, i, s, "statement") for i, s in enumerate(text.split(". ")))
    return TurnResult(Turn(index, speaker, text, None, None, line), role, category, sentences, findings)


@pytest.fixture()
def report():
    log = Finding("managing.deadline", "managing", 2.0, "m", "t", 2, 1, "Log the calls by Friday.", 3)
    turns = [
        result(0, "Dana Cole", "Hi Sam, good weekend?", 1, "coach", "neutral"),
        result(1, "Sam Reyes", "Okay.", 2, "rep"),
        result(2, "Dana Cole", "Okay. Log the calls by Friday.", 3, "coach", "managing", (log,)),
        result(3, "Sam Reyes", "Fine.", 5, "rep"),
        result(4, "Dana Cole", "Okay.", 6, "coach", "neutral"),
    ]
    return build_report("call.txt", "txt", turns, "named with --coach")


def call_with(*turns):
    data = [{"index": i, "speaker": s, "label": label} for i, s, label in turns]
    return parse_labels(labels(turns=data), "call.labels.json", "call.txt", LINES)


def test_lines_align_to_the_turn_containing_them(report):
    call = call_with((0, "Dana Cole", "neutral"), (2, "Dana Cole", "neutral"), (3, "Dana Cole", "managing"),
                     (5, "Dana Cole", "neutral"))
    pairs, missing = align(call, LINES, report)
    assert missing == []
    assert [(p.line, p.text, p.label, p.predicted) for p in pairs] == [
        (1, "Hi Sam, good weekend?", "neutral", "neutral"),   # timestamp and name dropped
        (3, "Okay.", "neutral", "managing"),                  # merged with the next line into one turn
        (4, "Log the calls by Friday.", "managing", "managing"),
        (6, "Okay.", "neutral", "neutral"),                   # the nearest "Okay." turn, not the first
    ]
    assert pairs[1].findings == (("managing.deadline", "managing", "Log the calls by Friday."),)


def test_lines_not_said_by_the_coach_or_not_found_are_left_out(report):
    call = call_with((1, "Sam Reyes", "neutral"), (2, "Dana Cole", "neutral"))
    edited = list(LINES)
    edited[2] = "Dana Cole: Something nobody said."
    pairs, missing = align(call, edited, report)
    assert pairs == []
    assert missing == [
        "call.txt:2: said by 'Sam Reyes', whom coachcheck took as rep, not as the coach",
        "call.txt:3: no analyzed turn contains this line's text",
    ]
