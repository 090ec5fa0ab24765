"""JSON families (FORMATS.md §7): coachcheck, Whisper(X), AWS, Deepgram, AssemblyAI, Rev.ai, Gong and more."""

from __future__ import annotations

import json

import pytest
from loader_helpers import load, rows, speakers

from coachcheck.errors import InputError
from coachcheck.transcripts import jsonfile
from coachcheck.transcripts.merge import UNKNOWN_SPEAKER


def test_whisper_has_no_speakers():
    t = load("json/whisper.json")
    assert t.format == "json"
    assert rows(t) == [(UNKNOWN_SPEAKER, "Where is Northwind? Proposal stage. Pricing Friday.", 0.0, 5.9)]
    assert any("names no speakers" in w for w in t.warnings)


def test_whisperx_missing_segment_speaker_uses_words_then_unknown():
    t = load("json/whisperx_missing_speaker.json")
    assert rows(t) == [
        ("SPEAKER_00", "Where is Northwind?", 0.03, 2.41),
        ("SPEAKER_01", "Proposal stage.", 2.6, 4.1),
        ("SPEAKER_00", "Okay.", 4.3, 4.6),
        (UNKNOWN_SPEAKER, "Forty two.", 4.8, 5.6),
    ]


def test_aws_audio_segments_with_string_times():
    assert rows(load("json/aws_snippet.json")) == [
        ("spk_0", "Where is Northwind?", 0.04, 1.9),
        ("spk_1", "Proposal stage.", 2.1, 3.3),
    ]


def test_aws_channel_identification():
    assert rows(load("json/aws_channels.json")) == [
        ("ch_0", "Where is Northwind?", 0.04, 1.2),
        ("ch_1", "Proposal stage.", 2.1, 3.3),
    ]


def test_aws_transcript_only():
    t = load("json/aws_transcript_only.json")
    assert rows(t) == [(UNKNOWN_SPEAKER, "Where is Northwind? Proposal stage.", None, None)]


def test_deepgram_utterances():
    assert rows(load("json/deepgram_snippet.json")) == [
        ("Speaker 0", "Where is Northwind?", 0.04, 1.9),
        ("Speaker 1", "Proposal stage.", 2.1, 3.3),
        ("Speaker 0", "Pricing by Friday?", 3.5, 4.4),
    ]


def test_deepgram_words_without_utterances():
    assert rows(load("json/deepgram_words.json")) == [
        ("Speaker 0", "Where is Northwind?", 0.04, 1.2),
        ("Speaker 1", "Proposal stage.", 2.1, 3.3),
    ]


def test_assemblyai_milliseconds():
    assert rows(load("json/assemblyai_snippet.json")) == [
        ("Speaker A", "Where is Northwind?", 0.04, 1.9),
        ("Speaker B", "Proposal stage.", 2.1, 3.3),
        ("Speaker A", "Pricing by Friday?", 3.5, 4.4),
    ]


def test_assemblyai_without_utterances():
    t = load("json/assemblyai_no_utterances.json")
    assert speakers(t) == [UNKNOWN_SPEAKER]


def test_revai_elements():
    assert rows(load("json/revai_snippet.json")) == [
        ("Speaker 0", "Where Northwind?", 0.04, 0.9),
        ("Speaker 1", "Proposal.", 2.1, 2.6),
    ]


def test_gong_first_call_milliseconds_and_warning():
    t = load("json/gong_two_calls.json")
    assert rows(t) == [
        ("6432345678555530067", "Where are we with Northwind?", 460.23, 462.343),
        ("1107654321000012345", "Proposal stage. Legal review is open.", 462.9, 467.0),
        ("6432345678555530067", "OK, close date?", 467.5, 468.6),
    ]
    assert any("2 Gong calls" in w for w in t.warnings)


def test_gong_parties_give_names():
    assert speakers(load("json/gong_parties.json")) == ["Maya Chen", "Leo Park"]


def test_fireflies_and_fathom():
    assert rows(load("json/fireflies.json")) == [
        ("Maya Chen", "Where is Northwind?", 0.04, 1.9), ("Leo Park", "Proposal stage.", 2.1, 3.3)]
    assert rows(load("json/fathom.json")) == [
        ("Maya Chen", "Where is Northwind?", 2.0, None), ("Leo Park", "Proposal stage.", 6.0, None)]


def test_coachcheck_list_of_turns():
    assert rows(load("json/list_of_turns.json")) == [
        ("Maya Chen", "Where is Northwind?", 1.5, None), ("Leo Park", "Proposal stage.", None, None)]


def test_invalid_json_names_line_and_column():
    with pytest.raises(InputError, match=r"invalid JSON at line 3, column \d+"):
        load("json/invalid.json")


def test_own_format_types_are_checked():
    with pytest.raises(InputError, match=r"turns\[0\]\.start must be a number"):
        load("json/bad_own_type.json")


def test_unknown_shape_is_refused():
    with pytest.raises(InputError, match="unrecognised JSON transcript"):
        load("json/unknown_shape.json")


@pytest.mark.parametrize("text, message", [
    ("[1, 2]", "must be an object"),
    ('"just text"', "top level is a string"),
    ("[" * 100_000 + "]" * 100_000, "invalid JSON"),
    ('{"turns": [{"speaker": "A", "text": "x", "start": ' + "9" * 5000 + "}]}", "invalid JSON"),
    ('{"segments": []}', "has no speech"),
    ('{"utterances": null}', "has no speech"),
    ('{"turns": {"speaker": "A"}}', "must be a list"),
])
def test_bad_inputs_are_input_errors(text, message):
    with pytest.raises(InputError, match=message):
        jsonfile.parse(text, "x.json")


def test_vendor_entries_of_the_wrong_shape_are_counted():
    data = {"segments": [{"start": 0, "end": 1, "text": " Hi.", "speaker": "A"}, "junk", 3,
                         {"start": "nan", "end": float("inf"), "text": " Hey.", "speaker": "B"}]}
    t = jsonfile.parse(json.dumps(data), "x.json")
    assert rows(t) == [("A", "Hi.", 0.0, 1.0), ("B", "Hey.", None, None)]
    assert any("2 entries of segments" in w for w in t.warnings)


def test_deepgram_channels_without_diarization_become_channel_speakers():
    def channel(words):
        return {"alternatives": [{"transcript": "", "words": [
            {"word": w, "punctuated_word": w, "start": s, "end": s + 0.4} for w, s in words]}]}
    data = {"results": {"channels": [channel([("Where", 0.0), ("is", 0.5), ("Northwind?", 1.0)]),
                                     channel([("Proposal", 2.0), ("stage.", 2.5)])]}}
    assert rows(jsonfile.parse(json.dumps(data), "x.json")) == [
        ("Channel 0", "Where is Northwind?", 0.0, 1.4), ("Channel 1", "Proposal stage.", 2.0, 2.9)]


def test_lone_surrogate_escapes_become_replacement_characters():
    text = r'[{"speaker": "Maya \udcff", "text": "What do you think \ud800 of it?"},' \
           r' {"speaker": "Bob", "text": "Fine \ud83d\ude00."}]'
    t = jsonfile.parse(text, "x.json")
    assert [(turn.speaker, turn.text) for turn in t.turns] == [
        ("Maya \ufffd", "What do you think \ufffd of it?"), ("Bob", "Fine \U0001f600.")]
    assert all(turn.text.encode("utf-8") and turn.speaker.encode("utf-8") for turn in t.turns)
