"""CSV transcripts (FORMATS.md §8): header aliases, delimiters, time units, quoting, blanks."""

from __future__ import annotations

import pytest
from loader_helpers import load, rows, speakers

from coachcheck.errors import InputError
from coachcheck.transcripts import csvfile, detect, parse_bytes
from coachcheck.transcripts.merge import UNKNOWN_SPEAKER


def test_basic_clock_times():
    t = load("csv/basic.csv")
    assert t.format == "csv"
    assert rows(t) == [
        ("Maya Chen", "Where is Northwind in the pipeline?", 2.31, 6.12),
        ("Leo Park", "Proposal stage. Pricing due Friday, legal still open.", 6.8, 11.45),
        ("Maya Chen", "And the close date?", 11.9, 13.02),
    ]
    assert [turn.line for turn in t.turns] == [2, 3, 4]


def test_semicolons_bom_crlf_aliases_and_decimal_commas():
    t = load("csv/semicolon_bom.csv")
    assert rows(t) == [
        ("Maya Chen", "Where is Northwind; in the pipeline?", 2.5, 6.0),
        ("Leo Park", "Proposal stage.", 6.8, 11.0),
    ]


def test_ms_column_names():
    t = load("csv/ms_column.csv")
    assert [(turn.start, turn.end) for turn in t.turns] == [(2.31, 6.12), (6.8, 11.45)]
    assert not t.warnings


def test_ms_values_are_recognised_with_a_warning():
    t = load("csv/ms_values.csv")
    assert [turn.start for turn in t.turns] == [2.31, 6.8, 11.9, 13.6]
    assert any("milliseconds" in w for w in t.warnings)


def test_small_whole_seconds_stay_seconds():
    t = csvfile.parse("speaker,start,text\nA,2,Hi\nB,7,Hello\nA,13,Bye\n", "x.csv")
    assert [turn.start for turn in t.turns] == [2.0, 7.0, 13.0]


def test_quoted_multiline_text_blank_speaker_and_blank_rows():
    t = load("csv/multiline_blank_speaker.csv")
    assert rows(t) == [
        ("Maya Chen", 'Where is Northwind in the pipeline? She said "soon".', 2.0, None),
        ("Leo Park", "Proposal stage. Pricing is due Friday.", 7.0, None),
        ("Maya Chen", "And the close date?", 12.0, None),
    ]
    assert [turn.line for turn in t.turns] == [2, 4, 7]


def test_tabs_and_unreadable_time():
    t = load("csv/tab_bad_time.tsv")
    assert rows(t) == [("Maya Chen", "Where is Northwind?", 2.5, None), ("Leo Park", "Proposal stage.", None, None)]
    assert any("line 3" in w for w in t.warnings)


def test_without_speaker_column():
    t = load("csv/no_speaker_column.csv")
    assert speakers(t) == [UNKNOWN_SPEAKER]
    assert any("no speaker column" in w for w in t.warnings)


def test_without_text_column_is_refused():
    with pytest.raises(InputError, match="no CSV header with a text column"):
        load("csv/no_text_column.csv", "csv")


def test_header_only_is_refused():
    with pytest.raises(InputError, match="no rows with text"):
        load("csv/header_only.csv")


def test_csv_errors_name_the_line():
    with pytest.raises(InputError, match="line 3"):
        csvfile.parse("speaker,text\nA,hi\nB," + "x" * 200_000 + "\n", "x.csv")  # over csv's field limit


def test_detection_needs_a_real_header():
    assert detect("speaker,start,end,text\nA,1,2,hi\n", "x.txt") == "csv"
    assert detect("Maya Chen: the speaker, the text, and more\nLeo: ok\n", "x.txt") == "txt"
    assert detect("text\nhello\n", "x.csv") == "txt"  # one column is not evidence of CSV


def test_unquoted_commas_in_a_last_text_column_stay_in_the_text_with_a_warning():
    t = csvfile.parse("speaker,text\nAna,So, how do you feel, honestly?\nBob,Fine.\n", "x.csv")
    assert [(u.speaker, u.text) for u in t.turns] == [("Ana", "So, how do you feel, honestly?"), ("Bob", "Fine.")]
    assert t.warnings == ("1 row(s) have more fields than the header (text with unquoted commas?); "
                          "the extra fields were read as part of the text",)


def test_rows_longer_than_the_header_are_flagged_when_text_is_not_last():
    t = csvfile.parse("speaker,text,start\nAna,So, what now?,1.0\nBob,Fine.,2.0\n", "x.csv")
    assert t.warnings[-1] == ("1 row(s) have more fields than the header (text with unquoted commas?); "
                              "their columns may be shifted")


def test_excels_sep_line_names_the_delimiter():
    t = parse_bytes(b"sep=;\r\nspeaker;text\r\nAna;How do you feel, honestly?\r\nBob;Fine.\r\n", "export.csv")
    assert t.format == "csv"
    assert [(u.speaker, u.text) for u in t.turns] == [("Ana", "How do you feel, honestly?"), ("Bob", "Fine.")]
