"""WebVTT: Zoom, Teams (Graph, Stream, metadata) and generic files, edge cases of FORMATS.md §1, §2, §4."""

from __future__ import annotations

import pytest
from loader_helpers import FIXTURES, load, rows, speakers

from coachcheck.errors import InputError
from coachcheck.transcripts import _cues, vtt
from coachcheck.transcripts.merge import UNKNOWN_SPEAKER


def test_zoom_names_merge_and_unattributed_cue():
    t = load("vtt/zoom_basic.vtt")
    assert t.format == "vtt"
    assert rows(t) == [
        ("Maya Chen", "Where is Northwind in the pipeline?", 2.31, 6.12),
        ("Leo Park (Guest)", "Proposal stage. Pricing is due Friday. Legal review is the open item.", 6.8, 13.02),
        (UNKNOWN_SPEAKER, "OK. What's the close date in the CRM?", 13.6, 15.2),
    ]
    assert [turn.line for turn in t.turns] == [5, 9, 17]


def test_zoom_display_names_and_colons_in_text():
    t = load("vtt/zoom_names.vtt")
    assert speakers(t) == ["Maya Chen | Northwind", "Leo Park (he/him)", "Chen, Maya", "李雷", "Dr. O'Brien-Smith"]
    assert t.turns[0].text == "Agenda: pricing first, then the 3:30 review."
    assert t.turns[1].text == "Honestly: I think we can close. Note: the quote is still in draft."
    assert t.turns[4].text == "See https://example.com/quote for details."


def test_teams_graph_unpadded_and_negative_times():
    t = load("vtt/teams_graph.vtt")
    assert rows(t) == [
        ("User Name", "This started before the transcription. This is a transcript test.", -2.5, 5.32),
        ("Other Person", "And this is the answer.", 5.32, 9.1),
    ]


def test_teams_stream_bom_crlf_ids_entities_order_and_spans():
    t = load("vtt/teams_stream.vtt")
    assert rows(t) == [
        ("Maya Chen", "How many deals are in commit for this quarter?", 4.12, 8.9),
        ("Leo Park", "Four. Northwind is the largest, about forty percent of the number.", 9.3, 15.01),
        ("José Ruiz", "Sorry, joining late & on mobile.", 15.2, 16.0),  # no </v>
        ("Maya Chen", "No problem.", 16.1, None),  # two voices in one cue
        ("Leo Park", "Hi José.", None, 18.0),
    ]
    assert any("sorted by start" in w for w in t.warnings)


def test_generic_header_blocks_settings_tags_and_dashes():
    t = load("vtt/generic.vtt")
    assert rows(t) == [
        ("Maya Chen", "Quick pipeline check.", 1.0, None),
        ("Leo Park", "Ready when you are.", None, 4.5),
        ("Maya Chen", "What's in commit?", 4.8, None),
        ("Leo Park", "Four deals, Northwind the largest.", None, 9.0),
        ("Maya Chen", "So the forecast --> stays at four? And the fifth is out.", 9.5, 12.0),
        ("Leo Park", "Yes.", 12.5, 14.0),
    ]
    assert not any("NOTE" in turn.text or "cue" in turn.text for turn in t.turns)
    assert any("alternating" in w for w in t.warnings)


def test_stream_without_speakers_is_unknown_speaker_with_warning():
    t = load("vtt/stream_nospeakers.vtt")
    assert rows(t) == [(UNKNOWN_SPEAKER, "Where is Northwind in the pipeline? Proposal stage.", 1.0, 6.0)]
    assert any("names no speakers" in w for w in t.warnings)


def test_teams_metadata_json_payload():
    t = load("vtt/metadata.vtt")
    assert rows(t) == [("Maya Chen", "Where is Northwind?", 0.0, 3.2), ("Leo Park", "Proposal stage.", 3.5, 6.0)]


def test_unreadable_times_keep_the_cue():
    t = load("vtt/bad_times.vtt")
    assert rows(t) == [
        ("Maya Chen", "Where is Northwind?", 1.0, 3.0),
        ("Leo Park", "Proposal stage.", None, None),
        ("Maya Chen", "And the close date?", 7.0, 8.0),
    ]
    assert any("line 6" in w for w in t.warnings)


def test_cues_without_text_are_refused():
    with pytest.raises(InputError, match="none has any text"):
        load("vtt/no_text.vtt")


def test_no_cues_is_refused():
    with pytest.raises(InputError, match="no cues found"):
        vtt.parse("WEBVTT\n\nMaya Chen: hello\n", "x.vtt")


def test_headerless_vtt_is_detected_and_warned():
    t = load("vtt/headerless.vtt")
    assert t.format == "vtt"
    assert speakers(t) == ["Maya Chen", "Leo Park"]
    assert "no WEBVTT header line" in t.warnings


def test_caption_style_labels_continue_to_unlabelled_cues():
    t = load("vtt/caption_continuation.vtt")
    assert rows(t) == [
        ("MAYA", "Where is Northwind in the pipeline?", 1.0, 4.0),
        ("LEO", "Proposal stage. Pricing is due Friday.", 4.5, 8.0),
    ]


def test_cr_only_newlines_and_voice_class():
    text = "WEBVTT\r\r00:00.500 --> 00:02.000\r<v.a.b Maya>Hi.\r\r00:02.500 --> 00:03.000\r<v Leo>Hey.</v>\r"
    assert rows(vtt.parse(text, "x.vtt")) == [("Maya", "Hi.", 0.5, 2.0), ("Leo", "Hey.", 2.5, 3.0)]


def test_unicode_line_separators_do_not_split_cues():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Maya>one\u2028two\x85three</v>\n"
    t = vtt.parse(text, "x.vtt")
    assert len(t.turns) == 1 and "one" in t.turns[0].text and "three" in t.turns[0].text


@pytest.mark.parametrize("value, seconds", [
    ("00:00:02.310", 2.31), ("0:0:0.0", 0.0), ("0:0:5.32", 5.32), ("01:02.5", 62.5), ("123:00:00.000", 442800.0),
    ("-0:0:1.5", -1.5), ("00:00:01,250", 1.25), ("00:00:07", 7.0), ("00:00:61.000", None), ("1:2:3:4", None),
])
def test_clock(value, seconds):
    assert _cues.clock(value) == seconds


@pytest.mark.parametrize("name", ["zoom_basic.vtt", "zoom_names.vtt", "teams_stream.vtt", "metadata.vtt"])
def test_cue_times_agree_with_webvtt_py(name):
    """webvtt-py is a test-only oracle: on files it reads fully, our cue times must match it."""
    webvtt = pytest.importorskip("webvtt")
    text = (FIXTURES / "vtt" / name).read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    theirs = [(_cues.clock(c.start), _cues.clock(c.end)) for c in webvtt.from_string(text).captions]
    cues, _, _ = _cues.split_cues(text.split("\n"), _cues.arrow_timing, webvtt=True)
    assert [(c.start, c.end) for c in cues] == theirs


def test_single_voice_cues_agree_with_webvtt_py():
    webvtt = pytest.importorskip("webvtt")
    text = (FIXTURES / "same_call" / "teams.vtt").read_text()
    theirs = [c.voice for c in webvtt.from_string(text).captions]
    cues, _, _ = _cues.split_cues(text.split("\n"), _cues.arrow_timing, webvtt=True)
    ours = [_cues.cue_parts(c, unescape=True)[0].label for c in cues]
    assert ours == theirs
