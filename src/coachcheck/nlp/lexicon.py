"""The word lists behind the dialog-act tagger, loaded once from lexicon.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Lexicon:
    """Word sets and cue phrases (see lexicon.yaml for what each holds)."""

    discourse: frozenset[str]
    fillers: frozenset[tuple[str, str]]
    backchannel: frozenset[str]
    wh_words: frozenset[str]
    closed_wh: frozenset[str]
    closed_wh_next: dict[str, frozenset[str]]
    auxiliaries: frozenset[str]
    subjects: frozenset[str]
    imperative_verbs: frozenset[str]
    imperative_next: frozenset[str]
    reflection_stop: frozenset[str]
    reflect_first: frozenset[str]
    lets_not: frozenset[str]
    cues: dict[str, tuple[str, ...]]


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""yaml.safe_load's loader, with libyaml's parser where PyYAML has it (ten times faster at start-up)."""


def lexicon_text() -> str:
    """The text of the lexicon shipped with coachcheck (lexicon.yaml)."""
    return (Path(__file__).parent / "lexicon.yaml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The lexicon shipped with coachcheck (cached)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    raw = yaml.load(lexicon_text(), Loader=_LOADER)
    _check_strings(raw, "lexicon.yaml")
    sets = {k: frozenset(v) for k, v in raw.items() if isinstance(v, list) and k != "fillers"}  # all str: checked
    sets["reflection_stop"] = sets["reflection_stop"] | frozenset(STOP_WORDS)
    return Lexicon(
        fillers=frozenset(tuple(f.split()) for f in raw["fillers"]),
        closed_wh_next={k: frozenset(v) for k, v in raw["closed_wh_next"].items()},
        cues={k: tuple(v) for k, v in raw["cues"].items()},
        **sets,
    )


def _check_strings(value: object, where: str) -> None:
    """Fail on a non-string word: YAML reads bare yes/no/on/off as booleans, which would silently drop them."""
    if isinstance(value, dict):
        for key, item in value.items():
            _check_strings(item, f"{where}: {key}")
    elif isinstance(value, list):
        for item in value:
            if not isinstance(item, str):
                raise ValueError(f"{where}: {item!r} is not a string; quote it")
