"""Roster files: strict validation and matching speaker labels to people."""

from __future__ import annotations

import pytest
from loader_helpers import ROOT  # noqa: F401  (puts src on sys.path)

from coachcheck.errors import ConfigError
from coachcheck.roster import load_roster, normalize_speaker, roles_from_roster

GOOD = """\
people:
  - name: Maya Chen
    role: coach            # coach | rep | other
    aliases: ["MAYA", "Maya Chen (Guest)", "spk_0"]
  - name: Leo Park
    role: rep
  - name: Notetaker Bot
    role: other
    aliases: []
"""


def write(tmp_path, text: str):
    path = tmp_path / "roster.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_roster_pairs_in_file_order(tmp_path):
    assert load_roster(write(tmp_path, GOOD)) == (
        ("Maya Chen", "coach"), ("MAYA", "coach"), ("Maya Chen (Guest)", "coach"), ("spk_0", "coach"),
        ("Leo Park", "rep"), ("Notetaker Bot", "other"),
    )


def test_empty_people_list(tmp_path):
    assert load_roster(write(tmp_path, "people: []\n")) == ()
    assert load_roster(write(tmp_path, "people:\n")) == ()


@pytest.mark.parametrize("text, message", [
    ("", "roster is empty"),
    ("people: [\n", "invalid YAML"),
    ("team: []\n", "roster: unknown key 'team'"),
    ("- Maya\n", "the roster must be a mapping"),
    ("people: Maya\n", ":1: 'people' must be a list"),
    ("people:\n  - name: Maya\n    role: coah\n", ":3: people[0].role: 'coah' is not a role (use coach, rep, other)"),
    ("people:\n  - name: Maya\n    role: coach\n    alias: [M]\n", ":4: people[0]: unknown key 'alias'"),
    ("people:\n  - name: Maya\n", ":2: people[0]: missing 'role'"),
    ("people:\n  - role: rep\n", "people[0]: missing 'name'"),
    ("people:\n  - name: 123\n    role: rep\n", ":2: people[0].name must be non-empty text"),
    ("people:\n  - name: ' '\n    role: rep\n", "people[0].name must be non-empty text"),
    ("people:\n  - name: Maya\n    role: rep\n    aliases: M\n", "people[0].aliases must be a list"),
    ("people:\n  - name: Maya\n    role: rep\n    aliases: [[M]]\n", "people[0].aliases[0] must be non-empty text"),
    ("people:\n  - name: Maya\n    role: rep\n    role: coach\n", "people[0]: 'role' is given twice"),
    ("people:\n  - Maya\n", "people[0] must be a mapping"),
    ("people:\n  - name: Maya\n    role: coach\n  - name: Leo\n    role: rep\n    aliases: [maya]\n",
     ":6: people[1]: 'maya' is already listed for Maya as coach"),
])
def test_invalid_rosters_name_file_line_and_place(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_roster(path)
    assert str(info.value).startswith(str(path))
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_roster_file(tmp_path):
    with pytest.raises(ConfigError, match="roster file not found"):
        load_roster(tmp_path / "nope.yaml")


def test_same_person_twice_with_the_same_role_is_fine(tmp_path):
    text = "people:\n  - name: Maya\n    role: coach\n    aliases: [MAYA, maya]\n"
    assert load_roster(write(tmp_path, text)) == (("Maya", "coach"), ("MAYA", "coach"), ("maya", "coach"))


def test_roles_from_roster_ignores_case_and_decorations(tmp_path):
    roster = load_roster(write(tmp_path, GOOD))
    speakers = ["maya chen (Guest)", "Leo Park | Northwind", "LEO  PARK (he/him)", "spk_0", "Maya", "Sam Stone",
                "@Leo Park", "[External] Leo Park", "Notetaker Bot - Acme"]
    assert roles_from_roster(speakers, roster) == {
        "maya chen (Guest)": "coach", "Leo Park | Northwind": "rep", "LEO  PARK (he/him)": "rep", "spk_0": "coach",
        "Maya": "coach", "@Leo Park": "rep", "[External] Leo Park": "rep", "Notetaker Bot - Acme": "other",
    }


def test_roles_from_roster_with_nothing_known():
    assert roles_from_roster(("A", "B"), ()) == {}


@pytest.mark.parametrize("label, key", [
    ("Maya Chen (Guest)", "maya chen"), ("Maya Chen | Northwind", "maya chen"), ("  MAYA   CHEN ", "maya chen"),
    ("Jean-Luc Picard", "jean-luc picard"), ("(Guest)", "(guest)"), ("**Maya**", "maya"),
])
def test_normalize_speaker(label, key):
    assert normalize_speaker(label) == key
