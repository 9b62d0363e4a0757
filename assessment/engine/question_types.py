"""The registry of question types: what each accepts as an answer and how it scores.

Adding a type is one class (here for chosen answers, in ``open_questions`` for typed ones)
and one entry in ``QUESTION_TYPES``. A class declares its YAML keys as pydantic fields,
checks its own definition (``definition_problems``), checks an answer (``check_value``),
scores an answer (``score``) and tells the expression checker what its value looks like
(``name_info``, ``expression_domain``). The base class is in ``question_base``.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from typing import Any, ClassVar, Literal

from pydantic import Field

from assessment.engine.expressions import NameInfo
from assessment.engine.open_questions import FreeText, Number, Percentage, PointsBand
from assessment.engine.question_base import (
    _MAX_ENUMERATED,
    DONT_KNOW,
    NOT_APPLICABLE,
    PROFILE,
    RESERVED_VALUES,
    Problem,
    QuestionBase,
    ValueProblem,
    _Strict,
    is_int,
)
from assessment.engine.text import ChoiceValue, Points, Translated

__all__ = [
    "DONT_KNOW", "NOT_APPLICABLE", "PROFILE", "QUESTION_TYPES", "RESERVED_VALUES", "Choice",
    "FreeText", "MultipleChoice", "Number", "Percentage", "PointsBand", "Problem", "Question",
    "QuestionBase", "Scale", "SingleChoice", "UnknownQuestionType", "ValueProblem", "YesNo",
    "YesNoLabels", "YesNoPoints", "question_class",
]


class Choice(_Strict):
    """One option of a choice question."""

    value: ChoiceValue
    label: Translated
    points: Points | None = None
    exclusive: bool = Field(
        False,
        description="multiple_choice only: the choice cannot be combined with others "
        "(e.g. 'None of these')",
    )


class _ChoiceQuestion(QuestionBase):
    choices: list[Choice] = Field(min_length=2)

    # Plain instance attributes (cached_property): scoring reads them on every answer, and
    # pydantic private attributes go through a slow __getattr__.
    @functools.cached_property
    def choice_values(self) -> tuple[str, ...]:
        """The choice values in order."""
        return tuple(choice.value for choice in self.choices)

    @functools.cached_property
    def choice_points(self) -> dict[str, float]:
        """Points by choice value (0 for choices without points)."""
        return {c.value: c.points or 0.0 for c in self.choices}

    def definition_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        seen: set[str] = set()
        for i, choice in enumerate(self.choices):
            if choice.value in RESERVED_VALUES:
                problems.append(
                    (("choices", i, "value"), f"{choice.value!r} is reserved; the engine offers it")
                )
            if choice.value in seen:
                problems.append((("choices", i, "value"), f"duplicate choice {choice.value!r}"))
            seen.add(choice.value)
            if self.scored and choice.points is None:
                problems.append(
                    (("choices", i), f"choice {choice.value!r} of a scored question has no points")
                )
        return problems

    def _describe_choices(self) -> str:
        return ", ".join(self.choice_values)


class SingleChoice(_ChoiceQuestion):
    """Pick one choice; scores the choice's points."""

    type_name: ClassVar[str] = "single_choice"
    type: Literal["single_choice"]

    def check_value(self, value: Any) -> ValueProblem | None:
        if not isinstance(value, str):
            return "type", f"expected one of the choices ({self._describe_choices()})"
        if value not in self.choice_points:
            return "choice", f"{value!r} is not a choice (choices: {self._describe_choices()})"
        return None

    def definition_problems(self) -> list[Problem]:
        problems = super().definition_problems()
        for i, choice in enumerate(self.choices):
            if choice.exclusive:
                message = "exclusive applies only to choices of a multiple_choice question"
                problems.append((("choices", i, "exclusive"), message))
        return problems

    def score(self, value: Any) -> float:
        return self.choice_points[value]

    def name_info(self) -> NameInfo:
        return NameInfo("choice", self.choice_values)

    def expression_domain(self) -> list[Any] | None:
        return list(self.choice_values)


class MultipleChoice(_ChoiceQuestion):
    """Pick several choices; scores their sum (capped at 100) or their maximum."""

    type_name: ClassVar[str] = "multiple_choice"
    type: Literal["multiple_choice"]
    min_selected: int = Field(0, ge=0)
    max_selected: int | None = Field(None, ge=1)
    scoring: Literal["sum", "max"] = "sum"

    @functools.cached_property
    def exclusive_values(self) -> frozenset[str]:
        """The values that cannot be combined with any other choice."""
        return frozenset(choice.value for choice in self.choices if choice.exclusive)

    def definition_problems(self) -> list[Problem]:
        problems = super().definition_problems()
        if self.exclusive_values and self.min_selected > 1:
            message = "an exclusive choice can never be selected when min_selected is over 1"
            problems.append((("min_selected",), message))
        if len(self.exclusive_values) == len(self.choices):
            problems.append((("choices",), "every choice is exclusive; use single_choice"))
        if self.max_selected is not None and self.max_selected > len(self.choices):
            problems.append((("max_selected",), "max_selected is more than the number of choices"))
        upper = min(len(self.choices), self.max_selected or len(self.choices))
        if self.min_selected > upper:
            problems.append(
                (("min_selected",), f"min_selected is more than can be selected ({upper})")
            )
        return problems

    def check_value(self, value: Any) -> ValueProblem | None:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "type", f"expected a list of choices ({self._describe_choices()})"
        unknown = [v for v in value if v not in self.choice_points]
        if unknown:
            return "choice", (
                f"{', '.join(map(repr, unknown))} not among the choices "
                f"({self._describe_choices()})"
            )
        if len(set(value)) != len(value):
            return "selection", "a choice is selected more than once"
        exclusive = [v for v in value if v in self.exclusive_values]
        if exclusive and len(value) > 1:
            return "exclusive_combined", f"{exclusive[0]!r} cannot be combined with other choices"
        if len(value) < self.min_selected:
            return "selection", f"select at least {self.min_selected}"
        if self.max_selected is not None and len(value) > self.max_selected:
            return "selection", f"select at most {self.max_selected}"
        return None

    def score(self, value: Any) -> float:
        earned = [self.choice_points[v] for v in value]
        if self.scoring == "max":
            return max(earned, default=0.0)
        return min(100.0, sum(earned))

    def name_info(self) -> NameInfo:
        return NameInfo("choices", self.choice_values)

    def expression_domain(self) -> list[Any] | None:
        if 2 ** len(self.choice_values) > _MAX_ENUMERATED:
            return None
        return [
            list(subset)
            for subset in _subsets(self.choice_values)
            if len(subset) <= 1 or not self.exclusive_values.intersection(subset)
        ]


def _subsets(values: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    for size in range(len(values) + 1):
        yield from itertools.combinations(values, size)


class Scale(QuestionBase):
    """A labelled scale of whole numbers; scores ``points[value]``, else linearly 0..100."""

    type_name: ClassVar[str] = "scale"
    type: Literal["scale"]
    min: int
    max: int
    labels: dict[int, Translated]
    points: dict[int, Points] | None = None

    def definition_problems(self) -> list[Problem]:
        if self.max <= self.min:
            return [(("max",), "max must be greater than min")]
        span = set(range(self.min, self.max + 1))
        problems: list[Problem] = []
        missing = sorted(span - set(self.labels))
        if missing:
            problems.append((("labels",), f"no label for point(s) {', '.join(map(str, missing))}"))
        for key in sorted(set(self.labels) - span):
            problems.append((("labels", key), f"label for {key}, outside {self.min}..{self.max}"))
        for key in sorted(set(self.points or {}) - span):
            problems.append((("points", key), f"points for {key}, outside {self.min}..{self.max}"))
        if self.points is not None and set(self.points) != span:
            problems.append((("points",), "points must be given for every point of the scale"))
        return problems

    def check_value(self, value: Any) -> ValueProblem | None:
        if not is_int(value):
            return "type", f"expected a whole number from {self.min} to {self.max}"
        if not self.min <= value <= self.max:
            return "range", f"{value} is outside the scale {self.min}..{self.max}"
        return None

    def score(self, value: Any) -> float:
        if self.points is not None:
            return float(self.points[value])
        return 100.0 * float(value - self.min) / (self.max - self.min)

    def expression_domain(self) -> list[Any] | None:
        return list(range(self.min, self.max + 1)) if self.max - self.min <= 20 else None


class YesNoPoints(_Strict):
    """Points for each answer of a yes/no question."""

    yes: Points
    no: Points


YES_NO_LABELS: dict[str, dict[str, str]] = {
    "yes": {"en": "Yes", "nl": "Ja", "fr": "Oui", "sv": "Ja"},
    "no": {"en": "No", "nl": "Nee", "fr": "Non", "sv": "Nej"},
}


class YesNoLabels(_Strict):
    """Own wording for the two answers of a yes/no question."""

    yes: Translated
    no: Translated


class YesNo(QuestionBase):
    """Answer ``"yes"`` or ``"no"``; scores ``points.yes`` / ``points.no``."""

    type_name: ClassVar[str] = "yes_no"
    type: Literal["yes_no"]
    points: YesNoPoints | None = None
    labels: YesNoLabels | None = Field(None, description="default: Yes/No in each language")

    def choice_labels(self) -> dict[str, dict[str, str]]:
        """The label of each answer: the question's own, else the built-in Yes/No."""
        if self.labels is None:
            return YES_NO_LABELS
        return {"yes": dict(self.labels.yes), "no": dict(self.labels.no)}

    def definition_problems(self) -> list[Problem]:
        if self.scored and self.points is None:
            return [((), "a scored yes_no question needs points: {yes: n, no: n}")]
        return []

    def check_value(self, value: Any) -> ValueProblem | None:
        if value not in ("yes", "no") or not isinstance(value, str):
            return "type", "expected 'yes' or 'no'"
        return None

    def score(self, value: Any) -> float:
        if self.points is None:
            return 0.0
        return self.points.yes if value == "yes" else self.points.no

    def name_info(self) -> NameInfo:
        return NameInfo("choice", ("yes", "no"))

    def expression_domain(self) -> list[Any] | None:
        return ["yes", "no"]


QUESTION_TYPES: dict[str, type[QuestionBase]] = {
    cls.type_name: cls
    for cls in (SingleChoice, MultipleChoice, Scale, YesNo, Number, Percentage, FreeText)
}

Question = QuestionBase


class UnknownQuestionType(ValueError):
    """A question's ``type`` is not in the registry."""


def question_class(type_name: object) -> type[QuestionBase]:
    """The class registered for ``type_name``; raises UnknownQuestionType naming the known ones."""
    found = QUESTION_TYPES.get(type_name) if isinstance(type_name, str) else None
    if found is None:
        known = ", ".join(QUESTION_TYPES)
        raise UnknownQuestionType(f"unknown question type {type_name!r} (known types: {known})")
    return found
