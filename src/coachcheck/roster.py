"""Rosters: who is who on a team's calls, so speakers get roles without guessing.

A roster is a YAML file:

    people:
      - name: Maya Chen
        role: coach            # coach | rep | other
        aliases: ["MAYA", "Maya Chen (Guest)", "spk_0"]
      - name: Leo Park
        role: rep

It is validated strictly: unknown keys, missing names or roles, bad roles and a name listed
for two roles are ConfigErrors naming the file, the line and the place (`people[1].role`).
Speakers are matched to names and aliases without case and without display-name
decorations: parenthesised notes ("(Guest)", "(she/her)"), `| Company` or ` - Company`
suffixes, `[External]` tags, a leading `@`, `**` markup and extra whitespace.
Standard library and PyYAML only.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from coachcheck.errors import ConfigError
from coachcheck.model import ROLES

_PERSON_KEYS = ("name", "role", "aliases")
_STR = "tag:yaml.org,2002:str"
_DECORATIONS = (
    re.compile(r"\([^()]*\)|\[[^\[\]]*\]"),  # (Guest), (she/her), [External]
    re.compile(r"\s(?:\||-|–|—)\s.*$"),  # "| Northwind", " - Northwind"
    re.compile(r"\|.*$"),
)


def load_roster(path: str | Path) -> tuple[tuple[str, str], ...]:
    """Read and validate a roster file.

    Args:
        path (str | Path): the YAML file.

    RETURNS (tuple[tuple[str, str], ...]): (name or alias, role) pairs, each person's name
        first, then their aliases, in file order; raises ConfigError for any problem.
    """
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{source}: roster file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{source}: cannot read the roster ({_one_line(exc)})") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ConfigError(f"{source}{where}: invalid YAML ({_one_line(problem)})") from None
    except RecursionError:
        raise ConfigError(f"{source}: invalid YAML (nested too deeply)") from None
    if root is None:
        raise ConfigError(f"{source}: the roster is empty (expected a 'people' list)")
    people = _mapping(root, source, "the roster", ("people",))
    if "people" not in people:
        raise _error(source, root, "the roster has no 'people' list")
    node = people["people"]
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return ()
    if not isinstance(node, yaml.SequenceNode):
        raise _error(source, node, "'people' must be a list")
    pairs: list[tuple[str, str]] = []
    owner: dict[str, tuple[str, str]] = {}
    for i, item in enumerate(node.value):
        place = f"people[{i}]"
        fields = _mapping(item, source, place, _PERSON_KEYS)
        for key in ("name", "role"):
            if key not in fields:
                raise _error(source, item, f"{place}: missing '{key}'")
        name = _text(fields["name"], source, f"{place}.name")
        role = _text(fields["role"], source, f"{place}.role")
        if role not in ROLES:
            raise _error(source, fields["role"], f"{place}.role: {role!r} is not a role (use {', '.join(ROLES)})")
        aliases = []
        if "aliases" in fields:
            seq = fields["aliases"]
            if not isinstance(seq, yaml.SequenceNode):
                raise _error(source, seq, f"{place}.aliases must be a list of names")
            aliases = [_text(a, source, f"{place}.aliases[{k}]") for k, a in enumerate(seq.value)]
        alias_nodes = fields["aliases"].value if aliases else ()
        for label, node_ in ((name, fields["name"]), *zip(aliases, alias_nodes, strict=True)):
            key = normalize_speaker(label)
            if key in owner and owner[key][1] != role:
                raise _error(source, node_, f"{place}: {label!r} is already listed for "
                                            f"{owner[key][0]} as {owner[key][1]}")
            owner.setdefault(key, (name, role))
            pairs.append((label, role))
    return tuple(dict.fromkeys(pairs))


def roles_from_roster(speakers: tuple[str, ...] | list[str], roster: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Match transcript speakers to roster people.

    Args:
        speakers (tuple[str, ...] | list[str]): the speaker labels of a transcript.
        roster (tuple[tuple[str, str], ...]): (name or alias, role) pairs from load_roster.

    RETURNS (dict[str, str]): speaker label -> role for the speakers the roster knows;
        unknown speakers are left out.
    """
    table: dict[str, str] = {}
    for label, role in roster:
        table.setdefault(normalize_speaker(label), role)
        table.setdefault(_plain(label), role)
    found: dict[str, str] = {}
    for speaker in speakers:
        role = table.get(normalize_speaker(speaker)) or table.get(_plain(speaker))
        if role is not None:
            found[speaker] = role
    return found


def normalize_speaker(label: str) -> str:
    """A speaker label without case, decorations and extra whitespace, for matching.

    "Maya Chen (Guest)", "maya chen | Northwind" and " MAYA  CHEN " all become "maya chen".
    """
    text = label.replace("**", " ").strip().lstrip("@")
    for pattern in _DECORATIONS:
        text = pattern.sub(" ", text)
    text = " ".join(text.split()).casefold()
    return text or _plain(label)


def _plain(label: str) -> str:
    return " ".join(label.split()).casefold()


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def _error(source: str, node: yaml.Node, message: str) -> ConfigError:
    return ConfigError(f"{source}:{node.start_mark.line + 1}: {message}")


def _mapping(node: yaml.Node, source: str, place: str, allowed: tuple[str, ...]) -> dict[str, yaml.Node]:
    """The keys of a mapping node, refusing other node kinds, unknown and repeated keys."""
    if not isinstance(node, yaml.MappingNode):
        raise _error(source, node, f"{place} must be a mapping with {', '.join(allowed)}")
    fields: dict[str, yaml.Node] = {}
    for key_node, value in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in allowed:
            shown = key if isinstance(key, str) else "a non-text key"
            raise _error(source, key_node, f"{place}: unknown key {shown!r} (expected {', '.join(allowed)})")
        if key in fields:
            raise _error(source, key_node, f"{place}: {key!r} is given twice")
        fields[key] = value
    return fields


def _text(node: yaml.Node, source: str, place: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.tag != _STR or not node.value.strip():
        raise _error(source, node, f"{place} must be non-empty text")
    return " ".join(node.value.split())
