"""The plain-text loader: every line form its docstring promises, decoding, and what is not a speaker."""

from __future__ import annotations

import pytest

from coachcheck.errors import InputError
from coachcheck.transcripts import load_transcript, parse_bytes, txt


def rows(text: str) -> list[tuple]:
    t = txt.parse(text, "call.txt")
    assert t.format == "txt" and t.source == "call.txt"
    return [(u.speaker, u.text, u.start) for u in t.turns]


@pytest.mark.parametrize("text, starts", [
    ("Ann: hi there\nBob: hello", [None, None]),
    ("[00:01:02] Ann: hi there\n[00:01:10] Bob: hello", [62.0, 70.0]),
    ("[01:02] Ann: hi there\n[01:10] Bob: hello", [62.0, 70.0]),
    ("Ann (00:01): hi there\nBob (00:05): hello", [1.0, 5.0]),
    ("00:01:02 Ann: hi there\n00:01:10 Bob: hello", [62.0, 70.0]),
    ("**Ann:** hi there\n**Bob:** hello", [None, None]),
    ("1:02:03 Ann: hi there\n1:02:04.5 Bob: hello", [3723.0, 3724.5]),
], ids=["name", "bracket-hms", "bracket-ms", "name-paren-time", "bare-time-first", "markdown-bold", "hours-fraction"])
def test_labelled_line_forms(text, starts):
    assert rows(text) == [("Ann", "hi there", starts[0]), ("Bob", "hello", starts[1])]


def test_otter_headers_with_text_on_the_lines_below():
    text = "Ann Lee  0:01\nhi there,\nhow was the week?\n\nBob Ray  1:09\nGood, thanks.\n"
    t = txt.parse(text, "otter.txt")
    assert [(u.speaker, u.text, u.start, u.line) for u in t.turns] == [
        ("Ann Lee", "hi there, how was the week?", 1.0, 1),
        ("Bob Ray", "Good, thanks.", 69.0, 5),
    ]


def test_unlabelled_lines_continue_the_turn_and_blank_lines_are_ignored():
    text = "Ann: first part\nsecond part\n\n\n   third part  \nBob: reply\n\n"
    assert rows(text) == [("Ann", "first part second part third part", None), ("Bob", "reply", None)]


def test_text_before_the_first_label_is_skipped():
    assert rows("Call notes, Tuesday\n\nAnn: hi\nBob: yo") == [("Ann", "hi", None), ("Bob", "yo", None)]


def test_consecutive_same_speaker_lines_merge_and_keep_the_first_line_number():
    t = txt.parse("Ann: one\nAnn: two\nBob: yo\nAnn: three\n", "x.txt")
    assert [(u.index, u.speaker, u.text, u.line) for u in t.turns] == [
        (0, "Ann", "one two", 1), (1, "Bob", "yo", 3), (2, "Ann", "three", 4)]


def test_merged_turn_keeps_the_first_start():
    assert rows("[00:05] Ann: one\n[00:09] Ann: two\n[00:12] Bob: yo") == [("Ann", "one two", 5.0), ("Bob", "yo", 12.0)]


@pytest.mark.parametrize("line", [
    "Note: the call dropped for a minute",
    "Agenda: pipeline, then hiring",
    "https://example.com/deck",
    "3:30: we meet again",
    "See https://example.com/x for the deck",
])
def test_prose_labels_are_not_speakers(line):
    t = txt.parse(f"Ann: hi\n{line}\nBob: yo", "x.txt")
    assert t.speakers == ("Ann", "Bob")
    assert t.turns[0].text == f"hi {line}"


def test_prose_labels_stay_prose_even_when_they_recur():
    text = "Ann: hi\nNote: one\nBob: yo\nNote: two\nAnn: ok\nNote: three\nBob: bye"
    assert txt.parse(text, "x.txt").speakers == ("Ann", "Bob")


def test_a_recurring_lowercase_label_is_a_speaker():
    text = "Ann: hi\nclient: one\nAnn: yo\nclient: two\nAnn: ok\nclient: three"
    assert txt.parse(text, "x.txt").speakers == ("Ann", "client")


@pytest.mark.parametrize("name", ["Dr. Lee", "O'Brien", "Jean-Luc", "SPEAKER_00", "María José"])
def test_names_with_punctuation_are_speakers(name):
    t = txt.parse(f"{name}: hi\nBob: yo", "x.txt")
    assert t.speakers == (name, "Bob")


def test_speaker_spelling_differing_in_case_is_one_speaker():
    t = txt.parse("MAYA CHEN: hi\nBob: yo\nMaya Chen: again", "x.txt")
    assert t.speakers == ("MAYA CHEN", "Bob")


def test_no_speaker_labels_is_an_input_error_naming_the_file():
    with pytest.raises(InputError) as info:
        txt.parse("just some prose\nwith no labels at all\n", "notes.txt")
    assert str(info.value).startswith("notes.txt: ") and "speaker" in str(info.value)


def test_utf8_bom_and_crlf_leave_no_trace():
    t = parse_bytes(b"\xef\xbb\xbfAnn: hi there\r\nmore\r\nBob: yo\r\n", "bom.txt")
    assert [(u.speaker, u.text) for u in t.turns] == [("Ann", "hi there more"), ("Bob", "yo")]
    assert t.warnings == ()


def test_old_mac_line_endings_split_lines():
    t = parse_bytes(b"Ann: hi\rBob: yo\r", "cr.txt")
    assert t.speakers == ("Ann", "Bob")


def test_cp1252_falls_back_with_a_warning():
    t = parse_bytes("Ann: it\u2019s fine \u2014 really\nBob: caf\u00e9".encode("cp1252"), "win.txt")
    assert [u.text for u in t.turns] == ["it\u2019s fine \u2014 really", "caf\u00e9"]
    assert len(t.warnings) == 1 and "cp1252" in t.warnings[0]


def test_utf8_without_bom_has_no_warning():
    t = parse_bytes("Ann: café ☕\nBob: yo".encode(), "u.txt")
    assert t.turns[0].text == "café ☕" and t.warnings == ()


def test_load_transcript_reads_a_file_and_detects_plain_text(tmp_path):
    path = tmp_path / "call.txt"
    path.write_text("Ann: hi\nBob: yo\n", encoding="utf-8")
    t = load_transcript(path)
    assert t.format == "txt" and t.source == str(path) and t.speakers == ("Ann", "Bob")


@pytest.mark.parametrize("content, problem", [
    (b"", "is empty"),
    (b"  \n\n \t\n", "is empty"),
    (b"\x00\x01\x02\x03binary\xff\x00\x00", "binary"),
])
def test_unreadable_content_is_an_input_error(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        load_transcript(path)
    assert str(info.value).startswith(f"{path}: ") and problem in str(info.value)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_transcript(tmp_path / "nope.txt")


def test_looks_like_needs_two_labelled_lines():
    assert txt.looks_like("Ann: hi\nBob: yo")
    assert not txt.looks_like("Note: one thing\nAnn: hi")


def test_display_names_with_pronouns_or_a_bracketed_tag_are_speakers():
    text = ("Maya Chen: How do you feel about the pipeline?\n"
            "Sam Okafor (he/him): Worried about Halvorsen.\n"
            "Lee Park [External]: Same on Acme.\n"
            "Sam Okafor (he/him): I need the CFO.\n")
    assert [(s, t) for s, t, *_ in rows(text)] == [
        ("Maya Chen", "How do you feel about the pipeline?"), ("Sam Okafor (he/him)", "Worried about Halvorsen."),
        ("Lee Park [External]", "Same on Acme."), ("Sam Okafor (he/him)", "I need the CFO.")]


def test_zero_width_characters_and_a_joined_files_bom_before_a_label_are_ignored():
    text = "Maya Chen: Ready?\n\u200bSam Okafor: Yes.\n\ufeffMaya Chen: Good.\n\u2060Sam Okafor: Go.\n"
    assert [s for s, *_ in rows(text)] == ["Maya Chen", "Sam Okafor", "Maya Chen", "Sam Okafor"]


def test_brackets_and_slashes_in_speech_stay_speech():
    text = "Maya Chen: See https://example.com/deck: slide 3 [laughs].\nSam Okafor: and/or: both.\n"
    assert [(s, t) for s, t, *_ in rows(text)] == [
        ("Maya Chen", "See https://example.com/deck: slide 3 [laughs]."), ("Sam Okafor", "and/or: both.")]
