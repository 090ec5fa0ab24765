"""Google Meet text exports (FORMATS.md §3): header, attendees, timecodes, trailer, Gemini notes."""

from __future__ import annotations

import pytest
from loader_helpers import FIXTURES, load, rows

from coachcheck.errors import InputError
from coachcheck.transcripts import detect, meet


def test_meet_basic_layout():
    t = load("meet/basic.txt")
    assert t.format == "meet"
    assert rows(t) == [
        ("Maya Chen", "Let's go deal by deal. Start with Northwind.", 0.0, None),
        ("Leo Park", "Proposal went out Monday, we're waiting on procurement…", None, None),
        ("Maya Chen", "What's the main risk?", None, None),
        ("Leo Park", "Budget approval slipping into next quarter.", None, None),
        ("Maya Chen", "…and what would you do about that?", 300.0, None),  # the timecode before it
        ("Leo Park", "I'd ask their CFO for a call this week.", None, None),  # the empty "Leo Park:" is dropped
    ]
    assert t.turns[0].line == 7
    assert not any("Transcription ended" in turn.text or "Attendees" in turn.text for turn in t.turns)


def test_gemini_notes_are_not_speech():
    t = load("meet/gemini.txt")
    assert [turn.speaker for turn in t.turns] == ["Maya Chen", "Leo Park", "Maya Chen", "Leo Park"]
    assert not any("CFO" in turn.text or "reviewed" in turn.text for turn in t.turns)


def test_markdown_copy_and_attendee_names():
    t = load("meet/markdown.txt")
    assert rows(t) == [
        ("Maya Chen", "Let's go deal by deal.", 0.0, None),
        ("leo", "Northwind first. The proposal went out Monday.", None, None),  # lower-case, but an attendee
        ("Maya Chen", "Agenda: risks, then next steps.", None, None),
    ]


def test_meet_without_turns_is_refused():
    with pytest.raises(InputError, match="no 'Name: text' lines"):
        load("meet/no_turns.txt")


def test_ordinary_name_text_files_are_not_meet():
    for name in ("plain_variants.txt", "otter.txt", "meet_body_only.txt", "teams_text.txt"):
        assert detect((FIXTURES / "txt" / name).read_text(encoding="utf-8-sig"), name) == "txt"
    assert not meet.looks_like("Maya Chen: Transcript review\nLeo Park: Attendees were late.\n")


def test_meet_labels_need_a_name():
    text = ("Call - 2025/03/12 14:00 GMT - Transcript\n00:00:00\nMaya Chen: See https://example.com\n"
            "Note: this is not a speaker\nLeo Park: OK.\n")
    assert rows(meet.parse(text, "m.txt")) == [
        ("Maya Chen", "See https://example.com Note: this is not a speaker", 0.0, None),
        ("Leo Park", "OK.", None, None),
    ]
