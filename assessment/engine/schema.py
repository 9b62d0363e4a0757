"""The JSON Schema of the definition files, exported to ``questions/schema.json`` so editors
can validate YAML while typing. Regenerate with ``python -m assessment.engine.schema``.

The schema accepts any of the file kinds (``anyOf``); each kind is also addressable on its
own, e.g. ``schema.json#/$defs/SectionFile`` for ``sections/*.yaml``. It checks shapes and
types only: cross-references, translations and conditions are checked by
``assessment validate``.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from assessment.engine.bank import DEFAULT_ROOT
from assessment.engine.definition import (
    QuestionnaireFile,
    RolesFile,
    RulesFile,
    SectionFile,
    SourcesFile,
)
from assessment.engine.fixtures import FixtureFile
from assessment.engine.question_types import QUESTION_TYPES

SCHEMA_PATH = DEFAULT_ROOT / "schema.json"
FILE_KINDS: dict[str, type[BaseModel]] = {
    "questionnaire.yaml": QuestionnaireFile,
    "sections/*.yaml": SectionFile,
    "rules.yaml": RulesFile,
    "roles.yaml": RolesFile,
    "sources.yaml": SourcesFile,
    "fixtures/*.yaml": FixtureFile,
}


def json_schema() -> dict[str, Any]:
    """The combined JSON Schema (draft 2020-12) of every definition file kind."""
    models: list[type[BaseModel]] = [*FILE_KINDS.values(), *QUESTION_TYPES.values()]
    _, top = models_json_schema(
        [(model, "validation") for model in models], ref_template="#/$defs/{model}"
    )
    defs: dict[str, Any] = top["$defs"]
    defs["SectionFile"]["properties"]["questions"] = {
        "type": "array",
        "minItems": 1,
        "description": "The questions of the section, in order; `type` picks the question type.",
        "items": {
            "oneOf": [{"$ref": f"#/$defs/{cls.__name__}"} for cls in QUESTION_TYPES.values()]
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Questionnaire definition files",
        "description": "Any definition file: "
        + "; ".join(f"{name}: #/$defs/{model.__name__}" for name, model in FILE_KINDS.items()),
        "anyOf": [{"$ref": f"#/$defs/{model.__name__}"} for model in FILE_KINDS.values()],
        "$defs": dict(sorted(defs.items())),
    }


def render() -> str:
    """The schema as the exact text stored in ``questions/schema.json``."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main(argv: list[str]) -> int:
    """Write the schema (or with ``--check``, exit 1 when the stored one is out of date)."""
    path = SCHEMA_PATH
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if "--check" in argv:
        if current != render():
            print(f"{path} is out of date: run python -m assessment.engine.schema")
            return 1
        return 0
    path.write_text(render(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
