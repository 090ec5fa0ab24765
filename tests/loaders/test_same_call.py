"""One short call written in every format must load as the same turns (tests/fixtures/formats/same_call)."""

from __future__ import annotations

import io

import pytest
from loader_helpers import FIXTURES, load

from coachcheck.transcripts import parse_bytes
from coachcheck.transcripts.merge import UNKNOWN_SPEAKER

MAYA, LEO = "Maya Chen", "Leo Park"

# file -> (format detected, how its speaker labels map to the names in call.txt, whether it has times
# for every turn). Vendor files label speakers by id; the mapping must be one-to-one.
CASES = {
    "zoom.vtt": ("vtt", {}, True),
    "teams.vtt": ("vtt", {}, True),
    "call.srt": ("srt", {}, True),
    "call.sbv": ("sbv", {}, True),
    "meet.txt": ("meet", {}, False),
    "call.csv": ("csv", {}, True),
    "coachcheck.json": ("json", {}, True),
    "revai.json": ("json", {}, True),
    "whisperx.json": ("json", {"SPEAKER_00": MAYA, "SPEAKER_01": LEO}, True),
    "aws.json": ("json", {"spk_0": MAYA, "spk_1": LEO}, True),
    "aws_items.json": ("json", {"spk_0": MAYA, "spk_1": LEO}, True),
    "deepgram.json": ("json", {"Speaker 0": MAYA, "Speaker 1": LEO}, True),
    "assemblyai.json": ("json", {"Speaker A": MAYA, "Speaker B": LEO}, True),
    "gong.json": ("json", {"6432345678555530067": MAYA, "1107654321000012345": LEO}, True),
}


@pytest.fixture(scope="module")
def reference():
    t = load("same_call/call.txt")
    assert t.format == "txt" and len(t.turns) == 8 and set(t.speakers) == {MAYA, LEO}
    return t


def check_same(t, reference, rename, all_times):
    assert [rename.get(turn.speaker, turn.speaker) for turn in t.turns] == [turn.speaker for turn in reference.turns]
    assert [turn.text for turn in t.turns] == [turn.text for turn in reference.turns]
    for ours, ref in zip(t.turns, reference.turns, strict=True):
        if all_times or ours.start is not None:
            assert ours.start == ref.start


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_call_in_every_format(name, reference):
    fmt, rename, all_times = CASES[name]
    t = load(f"same_call/{name}")
    assert t.format == fmt
    assert len(set(rename.values())) == len(rename)
    check_same(t, reference, rename, all_times)


def test_meet_has_times_only_at_its_timecodes(reference):
    t = load("same_call/meet.txt")
    assert [turn.start for turn in t.turns] == [2.0, None, None, None, 26.0, None, None, None]


def test_plain_whisper_is_the_same_words_without_speakers(reference):
    t = load("same_call/whisper.json")
    assert [turn.speaker for turn in t.turns] == [UNKNOWN_SPEAKER]
    assert t.turns[0].text == " ".join(turn.text for turn in reference.turns)
    assert t.turns[0].start == reference.turns[0].start


def test_same_call_as_teams_docx(reference):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Pipeline 1:1-20250312_140105-Meeting Recording")
    document.add_paragraph("Maya Chen started transcription")
    for turn in reference.turns:
        minutes, seconds = divmod(int(turn.start), 60)
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{turn.speaker}   {minutes}:{seconds:02d}").add_break()
        paragraph.add_run(turn.text)
    document.add_paragraph("Maya Chen stopped transcription")
    buffer = io.BytesIO()
    document.save(buffer)
    t = parse_bytes(buffer.getvalue(), "same_call.docx")
    assert t.format == "docx"
    check_same(t, reference, {}, True)


def test_every_same_call_fixture_is_covered():
    on_disk = {p.name for p in (FIXTURES / "same_call").iterdir()}
    assert on_disk == {*CASES, "call.txt", "whisper.json"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_call_gets_the_same_verdict_and_score_in_every_format(name, analyzer):
    """Loading is only half of it: the analysis of the call must not depend on its format."""
    from coachcheck.model import Transcript, Turn

    _, rename, _ = CASES[name]
    reference = analyzer.analyze_transcript(load("same_call/call.txt"))
    t = load(f"same_call/{name}")
    # vendor files name speakers by id; give them the names, as a roster would
    named = Transcript(t.source, t.format, tuple(
        Turn(x.index, rename.get(x.speaker, x.speaker), x.text, x.start, x.end, x.line) for x in t.turns))
    report = analyzer.analyze_transcript(named)
    assert report.coach == reference.coach
    assert report.verdict == reference.verdict
    assert report.coaching_score == reference.coaching_score
    assert report.category_counts == reference.category_counts
