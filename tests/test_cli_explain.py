"""`coachcheck explain`: text from an argument, --file or stdin; --previous; --json; clean errors."""

from __future__ import annotations

import json

import pytest


def as_json(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_argument_prints_a_table_with_act_type_and_rules(cli):
    result = cli("explain", "Okay so what would you like to try?")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "turn category: coaching" in out
    assert "question" in out and "open" in out
    assert "coaching.open-question" in out


def test_json_lists_each_sentence_with_its_rules(cli):
    data = as_json(cli("explain", "What would you like to try? Send me the deck by Friday.", "--json"))
    assert [(s["text"], s["act"], s["question_type"]) for s in data["sentences"]] == [
        ("What would you like to try?", "question", "open"),
        ("Send me the deck by Friday.", "directive", None),
    ]
    first, second = data["sentences"]
    assert first["category"] == "coaching" and second["category"] == "managing"
    assert "coaching.open-question" in [r["rule"] for r in first["rules"]]
    assert all(set(r) == {"rule", "category", "weight"} for s in data["sentences"] for r in s["rules"])
    assert data["category"] in {"coaching", "managing"}


def test_file_option(cli, write):
    path = write("turn.txt", "\ufeffGet your activity up.\n")
    data = as_json(cli("explain", "--file", path, "--json"))
    assert [s["act"] for s in data["sentences"]] == ["directive"]
    assert data["category"] == "managing"


@pytest.mark.parametrize("args", [(), ("-",)])
def test_stdin(cli, args):
    data = as_json(cli("explain", *args, "--json", input="How do you feel about your quarter?\n"))
    assert [(s["act"], s["question_type"]) for s in data["sentences"]] == [("question", "open")]


def test_previous_makes_an_echo_a_reflection(cli):
    coach = "So the admin work eats the prospecting time."
    rep = "My mornings get eaten by admin work and I never get to prospecting."
    alone = as_json(cli("explain", coach, "--json"))
    after = as_json(cli("explain", coach, "--previous", rep, "--json"))
    assert alone["sentences"][0]["act"] != "reflection"
    assert after["sentences"][0]["act"] == "reflection"
    assert len(after["sentences"]) == 1  # the previous turn is context, not output


def test_rep_role_has_no_turn_category(cli):
    data = as_json(cli("explain", "I closed two deals this week.", "--role", "rep", "--json"))
    assert data["category"] == "-"


def test_nothing_to_explain_is_a_clean_error(cli):
    result = cli("explain", input="   \n")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1 and "nothing to explain" in result.stderr


def test_unreadable_file_names_the_file(cli, tmp_path, user_error):
    path = tmp_path / "nope.txt"
    user_error(cli("explain", "--file", path), path, "cannot be read")


def test_bad_role_is_a_clean_error(cli):
    result = cli("explain", "Hello.", "--role", "boss")
    assert result.exit_code == 2 and "--role" in result.stderr and "Traceback" not in result.output


def test_file_and_stdin_are_decoded_as_transcripts_are(cli, write):
    path = write("turn.txt", "What do you think of the café?".encode("utf-16"))  # with a BOM
    data = as_json(cli("explain", "--file", path, "--json"))
    assert [s["text"] for s in data["sentences"]] == ["What do you think of the café?"]
    data = as_json(cli("explain", "--json", input="What do you think of the café?".encode("cp1252")))
    assert [s["text"] for s in data["sentences"]] == ["What do you think of the café?"]


def test_text_longer_than_spacy_takes_is_a_one_line_error(cli, write):
    path = write("huge.txt", "what do you think about it " * 40_000)
    result = cli("explain", "--file", path)
    assert result.exit_code == 2
    assert result.stderr == ("coachcheck: error: <explain>: turn 1 has 1,079,999 characters, "
                             "more than spaCy takes at once (1,000,000)\n")
