"""Translated texts and the identifier types shared by the definition models."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from pydantic import AfterValidator, Field, ValidationInfo

RESERVED_WORDS = frozenset({"and", "or", "not", "in", "true", "false"})


def _complete(value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
    """Every language of the questionnaire must be present, non-empty, and no other."""
    languages: list[str] = list((info.context or {}).get("languages") or [])
    if not languages:
        return value
    unknown = [lang for lang in value if lang not in languages]
    if unknown:
        raise ValueError(
            f"unknown language {', '.join(unknown)} (the questionnaire has {', '.join(languages)})"
        )
    missing = [lang for lang in languages if lang not in value]
    if missing:
        raise ValueError(f"missing translation: {', '.join(missing)}")
    empty = [lang for lang in languages if not value[lang].strip()]
    if empty:
        raise ValueError(f"empty translation: {', '.join(empty)}")
    return value


Translated = Annotated[
    dict[str, str],
    AfterValidator(_complete),
    Field(
        description="A text in every language of the questionnaire: {en: ..., nl: ..., ...}",
        json_schema_extra={"propertyNames": {"pattern": "^[a-z]{2}$"}, "minProperties": 1},
    ),
]


def _not_reserved(value: str) -> str:
    if value in RESERVED_WORDS:
        raise ValueError(f"{value!r} is a reserved word of the expression language")
    return value


QuestionId = Annotated[
    str,
    Field(pattern=r"^[a-z][a-z0-9_]*$", description="snake_case, unique in the questionnaire"),
    AfterValidator(_not_reserved),
]
Slug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
ConditionName = Annotated[
    str,
    Field(pattern=r"^[a-z][a-z0-9_]*$", description="snake_case; not a question id"),
    AfterValidator(_not_reserved),
]
ChoiceValue = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
SourceId = Annotated[str, Field(pattern=r"^[A-Z]+-[0-9]+$", description="e.g. KS-5")]
Points = Annotated[float, Field(ge=0, le=100, description="points 0..100")]


def pick(mapping: Mapping[str, str] | None, lang: str, default: str) -> str:
    """The text in ``lang``, else in ``default``, else any text, else the empty string."""
    if not mapping:
        return ""
    found = mapping.get(lang) or mapping.get(default)
    if found:
        return found
    return next(iter(mapping.values()), "")
