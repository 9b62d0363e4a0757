"""Question types answered by typing: numbers, percentages and free text."""

from __future__ import annotations

import math
from typing import Any, ClassVar, Literal

from pydantic import Field

from assessment.engine.expressions import NameInfo
from assessment.engine.question_base import (
    Problem,
    QuestionBase,
    ValueProblem,
    _Strict,
    is_int,
)
from assessment.engine.text import Points, Translated


class PointsBand(_Strict):
    """Numbers from ``min`` upwards (to the next band) score ``points``."""

    min: float
    points: Points


class Number(QuestionBase):
    """A number with a unit and bounds; scores the highest band whose ``min`` ≤ the value."""

    type_name: ClassVar[str] = "number"
    type: Literal["number"]
    unit: Translated | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = False
    points: list[PointsBand] | None = None

    def definition_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        if self.min is not None and self.max is not None and self.max < self.min:
            problems.append((("max",), "max is less than min"))
        if self.scored and not self.points:
            problems.append((("points",), f"a scored {self.type} question needs points bands"))
        mins = [band.min for band in self.points or []]
        if mins != sorted(mins) or len(set(mins)) != len(mins):
            problems.append((("points",), "points bands must be in increasing order of min"))
        return problems

    def check_value(self, value: Any) -> ValueProblem | None:
        if not _is_number(value):
            return "type", "expected a number"
        if self.integer and not is_int(value):
            return "type", "expected a whole number"
        if self.min is not None and value < self.min:
            return "range", f"{value} is below the minimum {_fmt(self.min)}"
        if self.max is not None and value > self.max:
            return "range", f"{value} is above the maximum {_fmt(self.max)}"
        return None

    def score(self, value: Any) -> float:
        earned = 0.0
        for band in self.points or []:
            if band.min <= value:
                earned = band.points
        return earned


class Percentage(Number):
    """A percentage 0..100 (narrower bounds allowed); scored like a number."""

    type_name: ClassVar[str] = "percentage"
    type: Literal["percentage"]  # type: ignore[assignment]
    min: float | None = Field(0.0, ge=0, le=100)
    max: float | None = Field(100.0, ge=0, le=100)


class FreeText(QuestionBase):
    """Context in the respondent's words, length-limited; never scored."""

    type_name: ClassVar[str] = "free_text"
    type: Literal["free_text"]
    max_length: int = Field(1000, ge=1, le=5000)
    multiline: bool = False

    @classmethod
    def scored_by_default(cls) -> bool:
        return False

    def definition_problems(self) -> list[Problem]:
        if self.scored:
            return [(("scored",), "free_text questions are never scored")]
        return []

    def check_value(self, value: Any) -> ValueProblem | None:
        if not isinstance(value, str):
            return "type", "expected text"
        if len(value) > self.max_length:
            return "length", f"{len(value)} characters, more than the limit of {self.max_length}"
        return None

    def score(self, value: Any) -> float:
        return 0.0

    def is_blank(self, value: Any) -> bool:
        return value is None or (isinstance(value, str) and not value.strip())

    def name_info(self) -> NameInfo:
        return NameInfo("text")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _fmt(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)
