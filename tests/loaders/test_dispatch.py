"""Detection, decoding and the byte/file entry points of coachcheck.transcripts."""

from __future__ import annotations

import codecs
import re

import pytest
from loader_helpers import FIXTURES, load, speakers

from coachcheck.errors import InputError
from coachcheck.transcripts import FORMATS, detect, load_transcript, parse_bytes
from coachcheck.transcripts.decode import decode

# Fixtures whose detected format is not their folder's name.
DETECTED_OTHERWISE = {
    "txt/meet_body_only.txt": "txt",
    "csv/no_text_column.csv": "txt",
    "same_call/call.txt": "txt",
    "same_call/meet.txt": "meet",
}
FOLDER_FORMAT = {"vtt": "vtt", "srt": "srt", "sbv": "sbv", "meet": "meet", "csv": "csv", "json": "json", "txt": "txt"}


def fixture_paths():
    return sorted(str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*") if p.is_file())


@pytest.mark.parametrize("relative", [p for p in fixture_paths() if not p.startswith("same_call/")] +
                         ["same_call/call.txt", "same_call/meet.txt"])
def test_detection_by_content(relative):
    expected = DETECTED_OTHERWISE.get(relative) or FOLDER_FORMAT[relative.split("/")[0]]
    text, _ = decode((FIXTURES / relative).read_bytes(), relative)
    assert detect(text, "no-extension") == expected


def test_formats_are_in_detection_order_with_txt_last():
    assert list(FORMATS) == ["json", "vtt", "sbv", "srt", "meet", "csv", "docx", "txt"]
    for module in FORMATS.values():
        assert callable(module.parse) and callable(module.looks_like)


def test_extension_breaks_ties_only():
    headerless = "00:00:01.000 --> 00:00:02.000\n<v MAYA>Hi.\n\n00:00:02.500 --> 00:00:03.000\n<v LEO>Hey.\n"
    assert detect(headerless, "call.srt") == "srt"
    assert detect(headerless, "call.vtt") == "vtt"
    assert detect(headerless, "call.txt") == "vtt"
    assert detect("WEBVTT\n\n00:01.000 --> 00:02.000\nA: b\n", "call.srt") == "vtt"  # content wins


def test_forced_format_overrides_detection():
    t = load("srt/basic.srt", "srt")
    assert t.format == "srt"
    with pytest.raises(InputError, match="no cues found"):
        load("txt/otter.txt", "vtt")


def test_unknown_forced_format_lists_the_choices():
    choices = "json, vtt, sbv, srt, meet, csv, docx, txt"
    with pytest.raises(InputError, match=re.escape(f"unknown input format 'pdf' (choose from {choices})")):
        parse_bytes(b"Maya: hi\n", "x", "pdf")


@pytest.mark.parametrize("encoding, bom", [
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE), ("utf-8", codecs.BOM_UTF8),
])
def test_decoding_by_bom(encoding, bom):
    text = "WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\n<v José>Olá.</v>\r\n"
    t = parse_bytes(bom + text.encode(encoding), "x.vtt")
    assert speakers(t) == ["José"] and not t.warnings


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(encoding):
    t = parse_bytes("Maya Chen: Where is Northwind?\nLeo Park: Proposal.\n".encode(encoding), "x.txt")
    assert speakers(t) == ["Maya Chen", "Leo Park"]


def test_cp1252_fallback_warns():
    t = parse_bytes("Maya Chen: Café – déjà vu.\nLeo Park: Oui.\n".encode("cp1252"), "x.txt")
    assert t.turns[0].text == "Café – déjà vu."
    assert t.warnings[0].startswith("not UTF-8")


def test_a_stray_cp1252_byte_leaves_the_utf8_text_alone():
    data = "José Ruiz: How do you feel about Tandem’s pipeline?\nBob Lee: Good.\n".encode() + \
        "José Ruiz: And the café account?\nBob Lee: Fine.\n".encode("cp1252")
    t = parse_bytes(data, "x.txt")
    assert speakers(t) == ["José Ruiz", "Bob Lee", "José Ruiz", "Bob Lee"]
    assert [turn.text for turn in t.turns] == [
        "How do you feel about Tandem’s pipeline?", "Good.", "And the café account?", "Fine."]
    assert t.warnings[0].startswith("not UTF-8")


@pytest.mark.parametrize("data, message", [
    (b"", "is empty"), (b" \n\t\n", "is empty"), (codecs.BOM_UTF16_LE, "is empty"),
    (b"\x00\x01\x02\x03binary\x00\x00", "binary"), (codecs.BOM_UTF16_LE + b"\x00\xd8", "not valid UTF-16"),
])
def test_unreadable_bytes(data, message):
    with pytest.raises(InputError, match=message):
        parse_bytes(data, "x")


def test_load_transcript_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_transcript(tmp_path / "missing.vtt")
    with pytest.raises(InputError, match="is a folder"):
        load_transcript(tmp_path)
    path = tmp_path / "call.vtt"
    path.write_bytes((FIXTURES / "vtt" / "zoom_basic.vtt").read_bytes())
    t = load_transcript(path)
    assert t.format == "vtt" and t.source == str(path)
