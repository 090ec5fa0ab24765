"""Reading YAML as plain data while remembering where each value came from.

Mappings load as `LineDict` and sequences as `LineList`; both carry the 1-based line and
column of the node, of each key and of each value or item, so validation errors can say
`path:line:col`. Anchors, aliases and explicit tags are refused before anything is built
(so an alias bomb never expands): a rule file is plain data. Every such problem in a file
is reported, not only the first.
"""

from __future__ import annotations

from typing import Any

import yaml

from coachcheck.errors import RuleError

Pos = tuple[int, int]


class LineDict(dict):
    """A dict that knows its position (and last line) and the position of each key and value."""

    line = 0
    col = 0
    end_line = 0
    key_pos: dict[str, Pos]
    value_pos: dict[str, Pos]


class LineList(list):
    """A list that knows its position and the position of each item."""

    line = 0
    col = 0
    item_pos: list[Pos]


def position(container: Any, key: Any = None, value: bool = False) -> Pos:
    """Where a key (or its value, or a list item) is, falling back to the container's own place.

    Args:
        container (Any): a LineDict, a LineList, or anything else (position unknown).
        key (Any): a key of the LineDict or an index of the LineList; None for the container.
        value (bool): for a LineDict key, the position of its value instead of the key.

    RETURNS (tuple[int, int]): 1-based (line, column); (0, 0) when unknown.
    """
    if isinstance(container, LineDict) and key in container.key_pos:
        return (container.value_pos if value else container.key_pos)[key]
    if isinstance(container, LineList) and isinstance(key, int) and 0 <= key < len(container.item_pos):
        return container.item_pos[key]
    return (getattr(container, "line", 0), getattr(container, "col", 0))


def _mark(mark: Any) -> Pos:
    return (mark.line + 1, mark.column + 1)


class _Loader(yaml.SafeLoader):
    problems: list[tuple[Pos, str]]


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    out = LineDict()
    out.line, out.col = _mark(node.start_mark)
    out.end_line = node.end_mark.line + (node.end_mark.column > 0)
    out.key_pos, out.value_pos = {}, {}
    for key_node, value_node in node.value:
        pos = _mark(key_node.start_mark)
        if not isinstance(key_node, yaml.ScalarNode):
            loader.problems.append((pos, "keys must be text, not a list or mapping"))
            continue
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            loader.problems.append((pos, f"keys must be text, not {type(key).__name__} {key!r}"))
            continue
        if key in out:
            first = out.key_pos[key]
            loader.problems.append((pos, f"duplicate key {key!r} (first at line {first[0]})"))
            continue
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_pos[key] = pos
        out.value_pos[key] = _mark(value_node.start_mark)
    return out


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    out = LineList(loader.construct_object(child, deep=True) for child in node.value)
    out.line, out.col = _mark(node.start_mark)
    out.item_pos = [_mark(c.start_mark) for c in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def _plain_data_problems(text: str, path: str) -> list[RuleError]:
    """Every anchor, alias and explicit tag in the text, and a syntax error if there is one."""
    errors = []
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            line, col = _mark(event.start_mark)
            if isinstance(event, yaml.AliasEvent):
                errors.append(RuleError(path, line, col, f"aliases are not allowed in rule files (*{event.anchor})"))
                continue
            if getattr(event, "anchor", None):
                errors.append(RuleError(path, line, col, f"anchors are not allowed in rule files (&{event.anchor})"))
            if getattr(event, "tag", None) is not None:
                errors.append(RuleError(path, line, col, f"YAML tags are not allowed in rule files ({event.tag})"))
    except yaml.MarkedYAMLError as exc:
        errors.append(_syntax_error(exc, path))
    except yaml.YAMLError as exc:
        errors.append(RuleError(path, 0, 0, f"invalid YAML: {exc}"))
    return errors


def _syntax_error(exc: yaml.MarkedYAMLError, path: str) -> RuleError:
    mark = exc.problem_mark or exc.context_mark
    line, col = _mark(mark) if mark else (0, 0)
    problem = exc.problem or exc.context or "cannot be parsed"
    if problem.startswith("but ") and exc.context:  # "expected a single document ..., but found another"
        problem = f"{exc.context}, {problem}"
    return RuleError(path, line, col, f"invalid YAML: {problem}")


def load_yaml(text: str, path: str) -> tuple[Any, list[RuleError]]:
    """Parse YAML text into LineDict/LineList/scalars, collecting every problem.

    Args:
        text (str): the YAML.
        path (str): the file, for errors.

    RETURNS (tuple[Any, list[RuleError]]): the data (None when the file could not be read as
        plain YAML) and the problems found: syntax, anchors, aliases, tags, duplicate or
        non-text keys. Data comes back with problems only for duplicate or non-text keys,
        which are left out of it, so the rest of the file can still be checked.
    """
    errors = _plain_data_problems(text, path)
    if errors:
        return None, errors
    loader = _Loader(text)
    loader.problems = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_error(exc, path)]
    except yaml.YAMLError as exc:
        return None, [RuleError(path, 0, 0, f"invalid YAML: {exc}")]
    finally:
        loader.dispose()
    return data, [RuleError(path, pos[0], pos[1], msg) for pos, msg in loader.problems]
