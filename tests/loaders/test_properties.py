"""Property tests: whatever the input, a loader returns a Transcript or raises a one-line InputError."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loader_helpers import FIXTURES

from coachcheck.errors import InputError
from coachcheck.model import Transcript
from coachcheck.transcripts import FORMATS, parse_bytes

# LOADER_FUZZ_EXAMPLES=5000 runs a long fuzzing session; the default keeps the suite fast.
FAST = settings(max_examples=int(os.environ.get("LOADER_FUZZ_EXAMPLES", "150")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
FIXTURE_FILES = sorted(p for p in FIXTURES.rglob("*") if p.is_file())
NAMES = [*FORMATS, None]

# Pieces of every format, so random documents reach past the first checks of each parser.
TOKENS = [
    "WEBVTT", "NOTE x", "STYLE", "REGION", "00:00:01.000 --> 00:00:02.000", "0:0:0.0 --> 0:0:5.320",
    "-0:0:1.5 --> 0:0:2", "00:00:61.000 --> 1:2", "00:00:01,000 --> 00:00:02,000 X1:1", "1", "2",
    "0:00:02.310,0:00:06.120", "<v Maya Chen>", "</v>", "<v.loud Leo>", "<i>", "&#233;", "&amp;", "Maya Chen: hi",
    "LEO: ok", ">> MAYA: x", ">>", "- a", "- b", "[Leo Park] yes", "[Music]",
    '{"speakerName":"A","spokenText":"b"}',
    "Call - 2025/03/12 14:00 GMT - Transcript", "Attendees", "Leo Park, Maya Chen", "Transcript",
    "This editable transcript was computer generated", "00:05:00", "Transcription ended after 00:07:41",
    "📝 Notes", "📖 Transcript", "Maya Chen  0:02  ", "0:15  ", "Transcribed by https://otter.ai",
    "Maya Chen started transcription", "speaker,start,end,text", "Speaker;Start Time;Transcript",
    "Maya,1.5,2,hi", "Leo;00:00:03;yo", "a,\"multi", "line\",b", "", " ", "\t",
]
documents = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=30)), max_size=40).map("\n".join)

JSON_KEYS = [
    "turns", "speaker", "text", "start", "end", "segments", "words", "word", "results", "items", "audio_segments",
    "speaker_labels", "speaker_label", "start_time", "end_time", "type", "alternatives", "content", "transcript",
    "transcripts", "channel_labels", "channels", "channel_label", "utterances", "punctuated_word", "monologues",
    "elements", "value", "ts", "end_ts", "speaker_name", "callTranscripts", "sentences", "speakerId", "parties",
    "name", "calls", "data", "display_name", "timestamp",
]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10)
    | st.sampled_from(["punctuation", "pronunciation", "0.5", "spk_0", "00:01:02", "A"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(JSON_KEYS) | st.text(max_size=5),
                                                                 inner, max_size=5),
    max_leaves=30,
)


def outcome(call) -> None:
    """Run a loader; only a Transcript or a one-line InputError is acceptable."""
    try:
        result = call()
    except InputError as exc:
        message = str(exc)
        assert message and "\n" not in message and "\r" not in message
        return
    assert isinstance(result, Transcript)
    assert result.turns, "a Transcript must have turns"
    for turn in result.turns:
        assert turn.speaker.strip() and turn.text.strip()
        assert turn.line >= 0
    assert all("\n" not in w for w in result.warnings)


@pytest.mark.parametrize("name", list(FORMATS))
@FAST
@given(text=st.text(max_size=300))
def test_random_text(name, text):
    module = FORMATS[name]
    assert isinstance(module.looks_like(text), bool)
    outcome(lambda: module.parse(text, "random"))


@pytest.mark.parametrize("name", list(FORMATS))
@FAST
@given(text=documents)
def test_random_documents_of_format_pieces(name, text):
    module = FORMATS[name]
    assert isinstance(module.looks_like(text), bool)
    outcome(lambda: module.parse(text, "random"))


@FAST
@given(value=json_values)
def test_random_json_shapes(value):
    outcome(lambda: FORMATS["json"].parse(json.dumps(value), "random.json"))


@pytest.mark.parametrize("name", NAMES)
@FAST
@given(data=st.binary(max_size=300))
def test_random_bytes(name, data):
    outcome(lambda: parse_bytes(data, "random", name))


@pytest.mark.parametrize("name", NAMES)
@FAST
@given(data=st.sampled_from(FIXTURE_FILES).flatmap(
    lambda p: st.integers(0, p.stat().st_size).map(lambda k, p=p: p.read_bytes()[:k])))
def test_truncated_fixtures(name, data):
    outcome(lambda: parse_bytes(data, "truncated", name))


@settings(max_examples=60, deadline=None)
@given(cut=st.floats(0, 1), flip=st.integers(0, 10_000), byte=st.integers(0, 255))
def test_damaged_docx(cut, flip, byte):
    docx = pytest.importorskip("docx")
    import io

    document = docx.Document()
    document.add_paragraph("Maya Chen   0:04\nWhere is Northwind?")
    document.add_paragraph("Leo Park   0:09\nProposal stage.")
    buffer = io.BytesIO()
    document.save(buffer)
    data = bytearray(buffer.getvalue())
    data[flip % len(data)] = byte
    outcome(lambda: parse_bytes(bytes(data[: max(4, int(len(data) * cut))]), "damaged.docx"))
