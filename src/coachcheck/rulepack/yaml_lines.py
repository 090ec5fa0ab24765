"""Reading YAML as plain data while remembering where each value came from.

Mappings load as `LineDict` and sequences as `LineList`; both carry the 1-based line and
column of the node and of each key or item, so validation errors can say `path:line:col`.
Anchors, aliases and explicit tags are refused: a rule file is plain data.
"""

from __future__ import annotations

from typing import Any

import yaml

from coachcheck.errors import RuleError


class LineDict(dict):
    """A dict that knows its position and the position of each key."""

    line = 0
    col = 0
    key_pos: dict[str, tuple[int, int]]


class LineList(list):
    """A list that knows its position and the position of each item."""

    line = 0
    col = 0
    item_pos: list[tuple[int, int]]


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    out = LineDict()
    out.line, out.col = node.start_mark.line + 1, node.start_mark.column + 1
    out.key_pos = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if not isinstance(key, str):
            raise _PositionedError(pos, f"keys must be text, not {type(key).__name__}")
        if key in out:
            raise _PositionedError(pos, f"duplicate key {key!r}")
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_pos[key] = pos
    return out


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    out = LineList(loader.construct_object(child, deep=True) for child in node.value)
    out.line, out.col = node.start_mark.line + 1, node.start_mark.column + 1
    out.item_pos = [(c.start_mark.line + 1, c.start_mark.column + 1) for c in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


class _PositionedError(Exception):
    def __init__(self, pos: tuple[int, int], message: str) -> None:
        super().__init__(message)
        self.pos = pos
        self.message = message


def load_yaml(text: str, path: str) -> Any:
    """Parse YAML text into LineDict/LineList/scalars.

    Args:
        text (str): the YAML.
        path (str): the file, for errors.

    RETURNS (Any): the data; raises RuleError (with line and column) on any problem.
    """
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            mark = event.start_mark
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise RuleError(path, mark.line + 1, mark.column + 1, "anchors and aliases are not allowed in rule files")
            tag = getattr(event, "tag", None)
            implicit = getattr(event, "implicit", True)
            explicit = not all(implicit) if isinstance(implicit, tuple) else not implicit
            if tag and explicit and tag != "!":
                raise RuleError(path, mark.line + 1, mark.column + 1, f"YAML tags are not allowed in rule files ({tag})")
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise RuleError(path, line, col, f"invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise RuleError(path, 0, 0, f"invalid YAML: {exc}") from None
    except _PositionedError as exc:
        raise RuleError(path, exc.pos[0], exc.pos[1], exc.message) from None
