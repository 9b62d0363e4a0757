"""The exported JSON Schema is current, and it accepts real files and rejects broken ones."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
import yaml

from assessment.engine.bank import DEFAULT_ROOT
from assessment.engine.schema import SCHEMA_PATH, json_schema, main, render

from .builders import MINI

BANK = DEFAULT_ROOT / "commerce-readiness"


def test_the_stored_schema_is_up_to_date() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render(), (
        "questions/schema.json is stale: run python -m assessment.engine.schema"
    )
    assert main(["--check"]) == 0


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json_schema() | {"$ref": f"#/$defs/{kind}"}
    schema.pop("anyOf")
    return jsonschema.Draft202012Validator(schema)


FILES = [
    ("questionnaire.yaml", "QuestionnaireFile"),
    ("sections/profile.yaml", "SectionFile"),
    ("sections/leadership.yaml", "SectionFile"),
    ("sections/operations.yaml", "SectionFile"),
    ("rules.yaml", "RulesFile"),
    ("roles.yaml", "RolesFile"),
    ("sources.yaml", "SourcesFile"),
    ("fixtures/no_sponsor.yaml", "FixtureFile"),
]


@pytest.mark.parametrize(("name", "kind"), FILES)
def test_the_schema_accepts_the_test_questionnaire(name: str, kind: str) -> None:
    data = yaml.safe_load((MINI / name).read_text(encoding="utf-8"))
    data = _json_like(data)
    errors = list(_validator(kind).iter_errors(data))
    assert errors == [], [e.message for e in errors]
    assert jsonschema.Draft202012Validator(json_schema()).is_valid(data)


def test_the_schema_rejects_typos_and_unknown_types() -> None:
    section = _json_like(yaml.safe_load((MINI / "sections/leadership.yaml").read_text()))
    section["questions"][0]["type"] = "slider"
    section["questions"][1]["show_iff"] = "x"
    assert not _validator("SectionFile").is_valid(section)
    rules = _json_like(yaml.safe_load((MINI / "rules.yaml").read_text()))
    rules["rules"][0]["severity"] = "urgent"
    assert not _validator("RulesFile").is_valid(rules)


def _json_like(data: Any) -> Any:
    """What an editor's YAML plugin hands the schema: keys as strings, yes/no as given."""
    if isinstance(data, dict):
        return {
            ("yes" if k is True else "no" if k is False else str(k)): _json_like(v)
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [_json_like(v) for v in data]
    return data


def test_the_schema_knows_named_conditions() -> None:
    rules = _json_like(yaml.safe_load((BANK / "rules.yaml").read_text(encoding="utf-8")))
    assert rules["conditions"], "the bank defines named conditions"
    assert list(_validator("RulesFile").iter_errors(rules)) == []
    rules["conditions"]["Not-Snake"] = "true"
    assert not _validator("RulesFile").is_valid(rules)
    rules["conditions"] = {"fine": 3}
    assert not _validator("RulesFile").is_valid(rules)
