"""Plain text and Otter (FORMATS.md §5, §6): the additions made for the other loaders."""

from __future__ import annotations

import pytest
from loader_helpers import load, rows, speakers

from coachcheck.errors import InputError
from coachcheck.transcripts import txt
from coachcheck.transcripts.merge import UNKNOWN_SPEAKER


def test_otter_layout_footer_and_unknown_speaker():
    t = load("txt/otter.txt")
    assert rows(t) == [
        ("Maya Chen", "Let's review the Northwind opportunity first.", 2.0, None),
        ("Leo Park", "It's in proposal. Procurement asked for a revised quote with a two-year term.", 7.0, None),
        ("Unknown Speaker", "Sorry, what was the close date?", 15.0, None),
        ("Leo Park", "End of the month, if legal signs off.", 18.0, None),
    ]
    assert not any("otter.ai" in turn.text for turn in t.turns)


@pytest.mark.parametrize("line", [
    "Rep started tran\u017fcription", "Rep stopped TRANSCR\u0130PT\u0130ON", "Rep stopped transcr\u0131ption",
    "Transcribed by https://otter.a\u0131", "TRANSCRIBED BY HTTPS://OTTER.AI", "TOM STOPPED TRANSCRIPTION",
])
def test_footers_and_transcription_events_are_dropped_whatever_their_letter_case(line):
    # The regexes ignore case as Python's re does, where a long s is an "s" and a dotless or dotted i an "i",
    # which str.lower() alone would not show; the quick check before them must let them run.
    text = f"Coach: How are things going?\nRep: Pretty good, thanks.\n{line}\nCoach: What would you like to work on?\n"
    t = txt.parse(text, "x.txt")
    assert [turn.text for turn in t.turns] == ["How are things going?", "Pretty good, thanks.",
                                              "What would you like to work on?"]


def test_otter_numbered_speakers_hours_and_bom():
    t = load("txt/otter_speaker_numbers.txt")
    assert rows(t) == [
        ("Speaker 1", "Let's review Northwind.", 2.0, None),
        ("Speaker 2", "Total runtime 1:45 so far.", 4065.0, None),
        ("Speaker 1", "OK.", 4081.0, None),
    ]


def test_otter_with_names_off():
    t = load("txt/otter_names_off.txt")
    assert rows(t) == [(UNKNOWN_SPEAKER, "Let's review the Northwind opportunity first. It's in proposal.", 2.0, None)]


def test_plain_variants():
    t = load("txt/plain_variants.txt")
    assert rows(t) == [
        ("Maya Chen", "How many new opportunities this week?", 62.0, None),
        ("Leo Park", "Three, all from the webinar.", 67.0, None),
        ("MAYA", "Which one is furthest along?", None, None),
        ("Leo Park", "Northwind. They asked for a demo on Thursday with their IT lead. "
                     "Note: demo environment needs a reset before then.", None, None),
    ]


def test_teams_text_copy_skips_title_and_transcription_events():
    t = load("txt/teams_text.txt")
    assert rows(t) == [
        ("Maya Chen", "How many deals are in commit for this quarter?", 4.0, None),
        ("Leo Park", "Four. Northwind is the largest.", 9.0, None),
    ]


def test_bare_timecodes_give_the_next_turn_its_start():
    t = load("txt/meet_body_only.txt")
    assert [turn.start for turn in t.turns] == [0.0, None, 300.0]


def test_prose_is_refused():
    with pytest.raises(InputError, match="no speaker labels"):
        load("txt/prose.txt")


@pytest.mark.parametrize("label, expected", [
    ("Maya Chen", True), ("MAYA", True), ("Leo Park (Guest)", True), ("SPEAKER_00", True), ("李雷", True),
    ("Note", False), ("Agenda", False), ("https", False), ("3", False), ("the thing is", False),
    ("One two three four five six", False),
])
def test_name_like(label, expected):
    assert txt.name_like(label) is expected


def test_case_variants_of_a_label_are_one_speaker():
    t = txt.parse("Maya Chen: Hi.\nMAYA CHEN: Still me.\nLeo: Hello.\n", "x.txt")
    assert speakers(t) == ["Maya Chen", "Leo"]
