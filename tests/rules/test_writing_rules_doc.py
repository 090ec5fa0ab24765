"""docs/writing-rules.md documents exactly the keys the JSON Schema allows, and its examples are valid."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from rules_helpers import DOCS, SCHEMA, run_cli

from coachcheck.rulepack.schema import parse_rule_file
from coachcheck.rulepack.yaml_lines import load_yaml

SCHEMA_DATA = json.loads(SCHEMA.read_text(encoding="utf-8"))
DEFS = SCHEMA_DATA["$defs"]
# Each `<!-- keys: NAME -->` table in the docs and the schema object it documents.
TABLES = {
    "file": SCHEMA_DATA,
    "rule": DEFS["rule"],
    "match": DEFS["match"],
    "unless": DEFS["match"]["properties"]["unless"],
    "examples": DEFS["examples"],
    "example": DEFS["example"]["anyOf"][1],
    "token": DEFS["token"],
    "text-predicates": DEFS["stringValue"]["anyOf"][1],
    "number-predicates": DEFS["numberValue"]["anyOf"][1],
}


def doc_tables() -> dict[str, list[tuple[list[str], dict[str, str]]]]:
    """Each marked table: per row, the backticked keys of its first cell and the row by column name."""
    text = DOCS.read_text(encoding="utf-8")
    tables = {}
    for match in re.finditer(r"<!-- keys: ([\w-]+) -->\n((?:\|.*\n)+)", text):
        lines = match.group(2).splitlines()
        header = [c.strip() for c in lines[0].strip("|").split("|")]
        rows = []
        for line in lines[2:]:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows.append((re.findall(r"`([^`]+)`", cells[0]), dict(zip(header, cells, strict=True))))
        tables[match.group(1)] = rows
    return tables


DOC_TABLES = doc_tables()


def test_every_schema_object_has_a_table():
    assert sorted(DOC_TABLES) == sorted(TABLES)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_table_lists_exactly_the_schema_keys(name):
    documented = [key for keys, _ in DOC_TABLES[name] for key in keys]
    assert len(documented) == len(set(documented)), f"a key is listed twice in the {name} table"
    assert sorted(documented) == sorted(TABLES[name]["properties"])


@pytest.mark.parametrize("name", [n for n in sorted(TABLES) if "required" in DOC_TABLES[n][0][1]])
def test_required_column_matches_the_schema(name):
    required = {key for keys, row in DOC_TABLES[name] for key in keys if row["required"] == "yes"}
    assert required == set(TABLES[name].get("required", []))


def yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)


def test_the_schema_hint_is_documented():
    assert any(b.startswith("# yaml-language-server: $schema=") for b in yaml_blocks())


def test_documented_rules_validate_and_pass_their_examples(tmp_path):
    files = []
    for i, block in enumerate(yaml_blocks()):
        data = yaml.safe_load(block.replace("    ...\n", ""))
        if isinstance(data, dict) and "rules" in data and data["rules"] and "examples" in data["rules"][0]:
            files.append(block)
        elif isinstance(data, list) and data and "examples" in data[0]:
            files.append("rules:\n" + block)
        else:
            continue
        (tmp_path / f"doc-{i}.yaml").write_text(files[-1], encoding="utf-8")
    assert len(files) == 2
    result = run_cli("rules", "test", tmp_path)
    assert result.exit_code == 0, result.stdout + result.stderr


def test_documented_token_patterns_are_valid():
    block = next(b for b in yaml_blocks() if b.startswith("match:") and "patterns:" in b)
    rule = {"id": "managing.doc", "category": "managing", "weight": 1, "message": "m", "tip": "t",
            **yaml.safe_load(block), "examples": {"match": ["a"], "no_match": ["b"]}}
    data, errors = load_yaml(yaml.safe_dump({"rules": [rule]}), "doc.yaml")
    assert errors == []
    assert [str(e) for e in parse_rule_file(data, "doc.yaml").errors] == []
