"""docs/labels-format.md documents exactly the keys a labels file may have."""

from __future__ import annotations

import re

from calibrate_helpers import LABELS_DOC

from coachcheck import calibration


def key_tables() -> list[list[str]]:
    """The first-column keys of each `| key | ... |` table, in order."""
    text = LABELS_DOC.read_text(encoding="utf-8")
    return [re.findall(r"^\| `([^`]+)` \|", block, re.M)
            for block in re.findall(r"^\| key \|.*\n\|[-|]+\|\n((?:\|.*\n)+)", text, re.M)]


def test_call_and_turn_keys_are_documented():
    call_keys, turn_keys = key_tables()
    assert sorted(call_keys) == sorted(calibration._CALL_KEYS)
    assert sorted(turn_keys) == sorted(calibration._TURN_KEYS)


def test_documented_example_is_a_valid_labels_file():
    text = LABELS_DOC.read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", text, re.S).group(1)
    lines = ["Maya Chen: Hi.", "Sam Okafor: Hi.", "Maya Chen: How are you?", "Sam Okafor: Fine.",
             "Maya Chen: Send it today."]
    call = calibration.parse_labels(example, "x.labels.json", "x.txt", lines)
    assert [(t.index, t.label) for t in call.turns] == [(0, "neutral"), (2, "coaching"), (4, "managing")]
