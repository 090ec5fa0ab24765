"""`--model`: a trained spaCy pipeline from disk replaces blank English; a bad one is a clean error.

The pipelines are trained here, in a second, on a handful of hand-made sentences: no download.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.training import Example

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

TRAIN = [
    ("What would you like to try? Send me the deck.", [1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]),
    ("Okay. How do you feel about it?", [1, 0, 1, 0, 0, 0, 0, 0, 0]),
    ("I hear you. Get your numbers up.", [1, 0, 0, 0, 1, 0, 0, 0, 0]),
]
TAGS = {"what": "PRON", "how": "ADV", "send": "VERB", "get": "VERB", "you": "PRON", "i": "PRON"}


def _train(nlp, examples, steps: int = 3):
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(steps):
        nlp.update(examples, sgd=optimizer)
    return nlp


@pytest.fixture(scope="module")
def senter_model(tmp_path_factory):
    """blank English + a trained `senter`: it sets sentence starts itself."""
    nlp = spacy.blank("en")
    nlp.add_pipe("senter")
    examples = []
    for text, starts in TRAIN:
        doc = nlp.make_doc(text)
        assert len(doc) == len(starts), [t.text for t in doc]
        examples.append(Example.from_dict(doc, {"sent_starts": starts}))
    path = tmp_path_factory.mktemp("senter_model")
    _train(nlp, examples).to_disk(path)
    return path


@pytest.fixture(scope="module")
def tagger_model(tmp_path_factory):
    """blank English + a trained `tagger`: no sentence starts, so coachcheck must add its segmenter."""
    nlp = spacy.blank("en")
    tagger = nlp.add_pipe("tagger")
    for tag in sorted({*TAGS.values(), "X"}):
        tagger.add_label(tag)
    examples = []
    for text, _ in TRAIN:
        doc = nlp.make_doc(text)
        examples.append(Example.from_dict(doc, {"tags": [TAGS.get(t.lower_, "X") for t in doc]}))
    path = tmp_path_factory.mktemp("tagger_model")
    _train(nlp, examples).to_disk(path)
    return path


def test_build_nlp_runs_a_trained_sentence_setter_after_the_segmenter(pack, senter_model):
    from coachcheck.nlp.pipeline import ACTS, RULES, SEGMENTER, build_nlp

    nlp = build_nlp(pack, str(senter_model))
    # The segmenter also sets the norms the matchers use; the model's senter runs after it and wins.
    assert nlp.pipe_names == [SEGMENTER, "senter", ACTS, RULES]
    doc = nlp("What would you like to try? Send me the deck.")
    assert doc._.coachcheck_acts and doc._.coachcheck_rule_hits is not None


def test_build_nlp_adds_the_segmenter_to_a_model_without_sentences(pack, tagger_model):
    from coachcheck.nlp.pipeline import ACTS, RULES, SEGMENTER, build_nlp

    nlp = build_nlp(pack, str(tagger_model))
    assert nlp.pipe_names == [SEGMENTER, "tagger", ACTS, RULES]
    doc = nlp("What would you like to try? Send me the deck.")
    assert [s.text for s in doc.sents] == ["What would you like to try?", "Send me the deck."]
    assert doc._.coachcheck_acts[0][2].act == "question"


@pytest.mark.parametrize("which", ["senter_model", "tagger_model"])
def test_analyze_with_model(cli, validate_report, request, which):
    model = request.getfixturevalue(which)
    result = cli("analyze", "--model", model, EXAMPLES / "coaching.txt", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    validate_report(data)
    assert data["coach"] == ["Priya Raman"]
    assert all(t["sentences"] for t in data["turns"])


def test_explain_with_model(cli, tagger_model):
    result = cli("explain", "--model", tagger_model, "What would you like to try? Send me the deck.", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["act"] for s in data["sentences"]] == ["question", "directive"]


def test_unknown_model_is_a_one_line_error(cli):
    for command in (["analyze", "--model", "no-such-model", str(EXAMPLES / "coaching.txt")],
                    ["explain", "--model", "no-such-model", "What now?"]):
        result = cli(*command)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, lines
        assert "no-such-model" in lines[0] and "--model" in lines[0]
        assert result.stdout == ""
