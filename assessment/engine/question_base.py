"""What every question type has: the base class, the reserved answers and problem shapes.

The types themselves are in ``question_types`` (chosen answers) and ``open_questions``
(typed answers); the registry is ``question_types.QUESTION_TYPES``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from assessment.engine.expressions import NameInfo
from assessment.engine.text import QuestionId, SourceId, Translated

DONT_KNOW = "dont_know"
NOT_APPLICABLE = "not_applicable"
RESERVED_VALUES = frozenset({DONT_KNOW, NOT_APPLICABLE})
PROFILE = "profile"

Problem = tuple[tuple[str | int, ...], str]
ValueProblem = tuple[str, str]

_MAX_ENUMERATED = 256


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QuestionBase(_Strict):
    """Keys common to every question type; see the contract for their meaning."""

    type_name: ClassVar[str]
    id: QuestionId
    type: str
    text: Translated
    help: Translated | None = None
    required: bool = True
    show_if: str | None = None
    constraint: str | None = Field(
        None, description="A condition the answer must meet, e.g. 'team_size >= 1'"
    )
    constraint_message: Translated | None = None
    weight: float = Field(1.0, gt=0, le=100)
    sources: list[SourceId] = Field(min_length=1)
    scored: bool = Field(True, description="Default: true outside the profile, false inside it")
    allow_dont_know: bool = Field(True, description="Default: true on scored questions")
    allow_not_applicable: bool = False

    @model_validator(mode="before")
    @classmethod
    def _area_defaults(cls, data: Any, info: ValidationInfo) -> Any:
        """``scored`` and ``allow_dont_know`` default by the section's area and the type."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        area = (info.context or {}).get("area")
        data.setdefault("scored", cls.scored_by_default() and area != PROFILE)
        data.setdefault("allow_dont_know", bool(data["scored"]))
        return data

    @classmethod
    def scored_by_default(cls) -> bool:
        """Whether questions of this type are scored unless the YAML says otherwise."""
        return True

    def definition_problems(self) -> list[Problem]:
        """Problems with this question's definition, as (path within the question, message)."""
        return []

    def check_value(self, value: Any) -> ValueProblem | None:
        """None when ``value`` (not a reserved value) is a valid answer, else (code, message)."""
        raise NotImplementedError

    def score(self, value: Any) -> float:
        """Points 0..100 for a valid, real answer."""
        raise NotImplementedError

    def is_blank(self, value: Any) -> bool:
        """Whether ``value`` means "no answer"."""
        return value is None

    def name_info(self) -> NameInfo:
        """How the answer looks to expressions."""
        return NameInfo("number")

    def expression_domain(self) -> list[Any] | None:
        """Every possible real answer when there are few (for reachability), else None."""
        return None


def is_int(value: Any) -> bool:
    """True for a whole number (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool)
