"""SubRip and YouTube SBV: caption speaker conventions and the edge cases of FORMATS.md §3, §4."""

from __future__ import annotations

import pytest
from loader_helpers import load, rows, speakers

from coachcheck.errors import InputError
from coachcheck.transcripts import sbv, srt
from coachcheck.transcripts.merge import UNKNOWN_SPEAKER


def test_srt_names_multiline_and_dash_pair():
    t = load("srt/basic.srt")
    assert t.format == "srt"
    assert rows(t) == [
        ("MAYA", "Where is Northwind in the pipeline?", 2.31, 6.12),
        ("LEO", "Proposal stage. Pricing due Friday, legal review still open.", 6.8, 11.45),
        ("MAYA", "Close date?", 11.9, None),
        ("LEO", "End of month.", None, 13.02),
    ]
    assert [turn.line for turn in t.turns] == [3, 7, 12, 13]


def test_srt_dot_times_missing_and_duplicate_indices_and_coordinates():
    t = load("srt/dots_and_indices.srt")
    assert rows(t) == [
        ("MAYA", "Where is Northwind?", 1.0, 3.0),
        ("LEO", "Proposal stage.", 3.5, 5.0),
        ("MAYA", "And pricing?", 5.5, 7.0),
        ("LEO", "Due Friday.", 7.5, 9.0),
    ]


def test_srt_blank_line_inside_cue_is_kept():
    t = load("srt/blank_line_in_cue.srt")
    assert rows(t)[0] == ("MAYA", "Where is Northwind in the pipeline?", 1.0, 4.0)


def test_srt_tags_bracket_names_sounds_and_chevrons():
    t = load("srt/tags_and_brackets.srt")
    # "MAYA CHEN" is the same person as "Maya Chen"; "[Music]" is not speech or a speaker.
    assert rows(t) == [
        ("Maya Chen", "Where is Northwind?", 1.0, 3.0),
        ("Leo Park", "Proposal stage.", 4.5, 6.0),
        ("Maya Chen", "And the close date?", 6.5, 8.0),
        ("Leo Park", "End of month.", 8.5, 10.0),
    ]


def test_srt_bom_crlf_and_out_of_order():
    t = load("srt/crlf_bom_out_of_order.srt")
    assert rows(t) == [("MAYA", "Where is Northwind?", 1.0, 4.0), ("LEO", "Proposal stage.", 5.0, 7.0)]
    assert any("sorted" in w for w in t.warnings)


def test_srt_without_names_is_unknown_speaker():
    t = load("srt/no_speakers.srt")
    assert speakers(t) == [UNKNOWN_SPEAKER]
    assert any("names no speakers" in w for w in t.warnings)


def test_srt_with_timecodes_but_no_text_is_refused():
    with pytest.raises(InputError, match="none has any text"):
        load("srt/empty_cues.srt")


def test_srt_dashes_with_more_than_two_speakers_stay_unknown():
    text = ("1\n00:00:01,000 --> 00:00:02,000\nANN: Hi.\n\n2\n00:00:02,000 --> 00:00:03,000\nBOB: Hey.\n\n"
            "3\n00:00:03,000 --> 00:00:04,000\nCAL: Yo.\n\n4\n00:00:04,000 --> 00:00:05,000\n- One?\n- Two.\n")
    assert speakers(srt.parse(text, "x.srt")) == ["ANN", "BOB", "CAL", UNKNOWN_SPEAKER]


def test_srt_text_before_first_cue_is_reported():
    t = srt.parse("stray words\n\n1\n00:00:01,000 --> 00:00:02,000\nANN: Hi.\n", "x.srt")
    assert speakers(t) == ["ANN"]
    assert any("before the first cue" in w for w in t.warnings)


def test_sbv_chevron_names_and_continuation():
    t = load("sbv/basic.sbv")
    assert t.format == "sbv"
    assert rows(t) == [
        ("MAYA", "Where is Northwind?", 2.31, 6.12),
        ("LEO", "Proposal stage. Pricing due Friday.", 6.8, 10.5),
    ]


def test_sbv_plain_names():
    t = load("sbv/names.sbv")
    assert speakers(t) == ["Maya Chen", "Leo Park", "Maya Chen"]
    assert t.turns[1].text == "Proposal stage. Pricing due Friday."


def test_sbv_without_names_is_unknown_speaker():
    t = load("sbv/no_speakers.sbv")
    assert rows(t) == [(UNKNOWN_SPEAKER, "Where is Northwind? Proposal stage.", 1.0, 5.0)]


def test_sbv_without_text_is_refused():
    with pytest.raises(InputError, match="none has any text"):
        load("sbv/no_text.sbv")


def test_sbv_without_cues_is_refused():
    with pytest.raises(InputError, match="no cues found"):
        sbv.parse("Maya: hello\n", "x.sbv")
