"""Pydantic models of the definition files (``questionnaire.yaml``, sections, rules, roles,
sources). They check shapes and types; cross-references are checked in ``validation``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from assessment.engine.text import (
    ConditionName,
    Points,
    QuestionId,
    Slug,
    SourceId,
    Translated,
)

BAND_ORDER: tuple[str, ...] = ("red", "amber", "green")
BandId = Literal["red", "amber", "green"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Area(_Strict):
    """A scored area of the questionnaire."""

    id: Slug
    weight: float = Field(1.0, gt=0, le=100)
    title: Translated
    description: Translated | None = None


class Level(_Strict):
    """A maturity level: reached from ``min`` points upwards."""

    level: int = Field(ge=1, le=5)
    min: Points
    name: Translated
    description: Translated | None = None


class Band(_Strict):
    """A red/amber/green band: reached from ``min`` points upwards."""

    id: BandId
    min: Points
    label: Translated


class QuestionnaireFile(_Strict):
    """``questionnaire.yaml``."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$", description="semver, e.g. 1.0.0")
    rules_version: str = Field(min_length=1)
    languages: list[Literal["en", "nl", "fr", "sv"]] = Field(min_length=1)
    title: Translated
    description: Translated
    areas: list[Area] = Field(min_length=1)
    levels: list[Level] = Field(min_length=5, max_length=5)
    bands: list[Band] = Field(min_length=3, max_length=3)
    sections: list[str] = Field(min_length=1, description="file names under sections/, in order")


class PageFile(_Strict):
    """A page of a section: a few related questions shown together, in section order."""

    id: Slug
    title: Translated | None = None
    questions: list[QuestionId] = Field(
        min_length=1, description="ids of questions of this section, in section order"
    )


class SectionFile(_Strict):
    """``sections/*.yaml``: a section's own keys; its questions are checked by type."""

    id: Slug
    area: str = Field(description="an area id, or 'profile' for the unscored profile")
    title: Translated
    intro: Translated | None = None
    show_if: str | None = None
    questions: list[dict[str, Any]] = Field(min_length=1)
    pages: list[PageFile] | None = Field(
        None,
        min_length=1,
        description="Optional: the section's questions grouped into pages; every question on "
        "exactly one page, in section order. Without it the section is one page.",
    )


Severity = Literal["high", "medium", "low"]


class SeverityIf(_Strict):
    """A severity that applies when ``when`` definitely holds (checked like a rule's ``when``)."""

    when: str
    severity: Severity


class ValueMap(_Strict):
    """A rule value read from a choice answer: the number each choice stands for (a choice
    not listed, or no answer, leaves the value unknown)."""

    question: QuestionId
    map: dict[str, float] = Field(min_length=1)


class RuleFallback(_Strict):
    """Texts used instead of a rule's own when a value they name is unknown."""

    title: Translated | None = None
    explanation: Translated | None = None
    recommendation: Translated | None = None


class Rule(_Strict):
    """A gap rule: when ``when`` definitely holds, a finding is reported."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]*$")
    area: Slug
    also_areas: list[Slug] = Field(default_factory=list)
    severity: Severity = Field(description="the severity when no severity_if entry applies")
    severity_if: list[SeverityIf] = Field(
        default_factory=list,
        description="Optional: the first entry whose `when` definitely holds sets the finding's "
        "severity, e.g. by the time left to go-live",
    )
    when: str
    title: Translated
    explanation: Translated
    recommendation: Translated
    owner: Slug
    effort: Literal["S", "M", "L"]
    after: list[str] = Field(
        default_factory=list,
        description="Optional: ids of rules whose action must come first (prerequisites, "
        "e.g. a sponsor before KPIs); the roadmap never plans this action before theirs",
    )
    first_step: Translated | None = Field(
        None,
        description="Optional, effort L only: the first concrete step, planned on its own "
        "before the rest of the work",
    )
    sources: list[SourceId] = Field(min_length=1)
    caps_band: Literal["red", "amber"] | None = None
    values: dict[Slug, float | str | ValueMap] = Field(
        default_factory=dict,
        description="Optional: numbers computed from the answers, `name: expression` (a "
        "number, or a choice mapped to numbers), shown in the texts as {name}, {name:number} or "
        "{name:percent}; see assessment/engine/rule_values.py",
    )
    fallback: RuleFallback | None = Field(
        None,
        description="Optional: texts without placeholders, used for a text whose values "
        "cannot be computed; without one the rule does not fire then",
    )


class RulesFile(_Strict):
    """``rules.yaml``: named conditions and the rules, evaluated in file order."""

    conditions: dict[ConditionName, str] = Field(
        default_factory=dict,
        description="Named conditions, `name: expression`, usable by name in rule conditions "
        "(and in other named conditions)",
        json_schema_extra={"additionalProperties": False},
    )
    rules: list[Rule] = Field(default_factory=list)


class Role(_Strict):
    """An owner role findings are assigned to."""

    id: Slug
    name: Translated
    description: Translated | None = None
    sources: list[SourceId] = Field(default_factory=list)


class RolesFile(_Strict):
    """``roles.yaml``."""

    roles: list[Role] = Field(min_length=1)


class Document(_Strict):
    """A source document: its title and the collection it belongs to, in every language."""

    id: str = Field(pattern=r"^[A-Z]+$")
    title: Translated
    collection: Translated | None = None
    seed_files: dict[str, str] = Field(
        default_factory=dict, description="legacy provenance; never shown to a reader"
    )


class Source(_Strict):
    """A cited passage: the project's own text of it in every language and where it stands.

    ``section`` is the heading the passage stands under (``heading: false`` when it is a
    description such as "introduction" rather than a heading of the document). ``passage``
    (the v2 key) and ``passage_en`` (v1, English for every language) are read as ``text``.
    """

    id: SourceId
    document: str
    section: Translated
    heading: bool = True
    text: Translated
    passage_original: dict[str, str] = Field(
        default_factory=dict, description="legacy verbatim excerpt; never shown to a reader"
    )
    seed_file: str | None = Field(default=None, description="legacy; never shown to a reader")

    @model_validator(mode="before")
    @classmethod
    def _legacy_keys(cls, data: Any, info: ValidationInfo) -> Any:
        if not isinstance(data, dict) or "text" in data:
            return data
        data = dict(data)
        if "passage" in data:
            data["text"] = data.pop("passage")
        elif "passage_en" in data:
            english = data.pop("passage_en")
            languages = (info.context or {}).get("languages") or ["en"]
            data["text"] = dict.fromkeys(languages, english)
        return data


class SourcesFile(_Strict):
    """``sources.yaml``."""

    documents: list[Document] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)


__all__ = [
    "BAND_ORDER",
    "Area",
    "Band",
    "Document",
    "Level",
    "PageFile",
    "QuestionId",
    "QuestionnaireFile",
    "Role",
    "RolesFile",
    "Rule",
    "RuleFallback",
    "RulesFile",
    "SectionFile",
    "Severity",
    "SeverityIf",
    "Source",
    "SourcesFile",
    "ValueMap",
]
