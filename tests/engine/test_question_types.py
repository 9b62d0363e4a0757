"""Every question type: valid and invalid answers, points, definition problems, registry."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from assessment.engine.question_types import (
    QUESTION_TYPES,
    FreeText,
    MultipleChoice,
    Number,
    Percentage,
    QuestionBase,
    Scale,
    SingleChoice,
    UnknownQuestionType,
    YesNo,
    question_class,
)

CONTEXT = {"languages": ["en"], "area": "ops"}


def make(cls: type[QuestionBase], context: dict[str, Any] | None = None, **data: Any) -> Any:
    base = {"id": "q", "type": cls.type_name, "text": {"en": "Q?"}, "sources": ["KS-1"]}
    return cls.model_validate({**base, **data}, context=context or CONTEXT)


def choices(**points: float | None) -> list[dict[str, Any]]:
    return [
        {"value": v, "label": {"en": v}, **({} if p is None else {"points": p})}
        for v, p in points.items()
    ]


def test_the_registry_holds_every_type_and_refuses_unknown_ones() -> None:
    assert set(QUESTION_TYPES) == {
        "single_choice",
        "multiple_choice",
        "scale",
        "yes_no",
        "number",
        "percentage",
        "free_text",
    }
    assert question_class("scale") is Scale
    with pytest.raises(
        UnknownQuestionType, match="unknown question type 'slider' \\(known types: single_choice"
    ):
        question_class("slider")
    with pytest.raises(UnknownQuestionType, match="unknown question type None"):
        question_class(None)


def test_single_choice() -> None:
    q = make(SingleChoice, choices=choices(none=0, some=50, all=100))
    assert q.check_value("some") is None
    assert q.score("some") == 50 and q.score("all") == 100
    assert q.check_value("most") == ("choice", "'most' is not a choice (choices: none, some, all)")
    assert q.check_value(1)[0] == "type"
    assert q.check_value(["some"])[0] == "type"
    assert q.name_info().choices == ("none", "some", "all")


def test_multiple_choice_sum_capped_and_max() -> None:
    q = make(MultipleChoice, choices=choices(a=60, b=50, c=10), min_selected=1, max_selected=2)
    assert q.score(["a", "b"]) == 100  # 110 capped
    assert q.score(["c"]) == 10
    assert q.check_value(["a", "c"]) is None
    assert q.check_value([]) == ("selection", "select at least 1")
    assert q.check_value(["a", "b", "c"]) == ("selection", "select at most 2")
    assert q.check_value(["a", "a"]) == ("selection", "a choice is selected more than once")
    assert q.check_value(["a", "z"])[0] == "choice"
    assert q.check_value("a")[0] == "type"
    assert q.check_value([1])[0] == "type"
    best = make(MultipleChoice, choices=choices(a=60, b=50), scoring="max")
    assert best.score(["a", "b"]) == 60 and best.score([]) == 0
    assert best.check_value([]) is None


def test_multiple_choice_definition_problems() -> None:
    q = make(MultipleChoice, choices=choices(a=1, b=2), min_selected=3, max_selected=5)
    messages = [message for _, message in q.definition_problems()]
    assert "max_selected is more than the number of choices" in messages
    assert "min_selected is more than can be selected (2)" in messages
    fewer = make(MultipleChoice, choices=choices(a=1, b=2, c=3), min_selected=3, max_selected=2)
    assert dict(fewer.definition_problems()) == {
        ("min_selected",): "min_selected is more than can be selected (2)"
    }


def test_scale_linear_and_explicit_points() -> None:
    labels = {n: {"en": f"{n}"} for n in range(1, 6)}
    q = make(Scale, min=1, max=5, labels=labels)
    assert [q.score(n) for n in range(1, 6)] == [0, 25, 50, 75, 100]
    assert q.check_value(3) is None
    assert q.check_value(6) == ("range", "6 is outside the scale 1..5")
    assert q.check_value(2.5)[0] == "type"
    assert q.check_value(True)[0] == "type"
    explicit = make(
        Scale,
        min=0,
        max=2,
        labels={0: {"en": "a"}, 1: {"en": "b"}, 2: {"en": "c"}},
        points={0: 0, 1: 80, 2: 100},
    )
    assert explicit.score(1) == 80
    assert explicit.expression_domain() == [0, 1, 2]


def test_scale_definition_problems() -> None:
    q = make(Scale, min=1, max=3, labels={1: {"en": "a"}, 4: {"en": "d"}}, points={1: 0, 2: 50})
    problems = dict(q.definition_problems())
    assert problems[("labels",)] == "no label for point(s) 2, 3"
    assert problems[("labels", 4)] == "label for 4, outside 1..3"
    assert problems[("points",)] == "points must be given for every point of the scale"
    assert dict(make(Scale, min=3, max=3, labels={}).definition_problems()) == {
        ("max",): "max must be greater than min"
    }


def test_yes_no() -> None:
    q = make(YesNo, points={"yes": 100, "no": 10})
    assert q.score("yes") == 100 and q.score("no") == 10
    assert q.check_value("yes") is None
    assert q.check_value(True) == ("type", "expected 'yes' or 'no'")
    assert q.check_value("Yes") == ("type", "expected 'yes' or 'no'")
    assert q.choice_labels()["no"]["sv"] == "Nej"
    own = make(
        YesNo, points={"yes": 1, "no": 0}, labels={"yes": {"en": "We do"}, "no": {"en": "We don't"}}
    )
    assert own.choice_labels()["yes"] == {"en": "We do"}
    assert make(YesNo).definition_problems() == [
        ((), "a scored yes_no question needs points: {yes: n, no: n}")
    ]


def test_number_bands_bounds_and_integers() -> None:
    q = make(
        Number,
        min=0,
        max=1000,
        integer=True,
        points=[{"min": 10, "points": 20}, {"min": 100, "points": 80}, {"min": 500, "points": 100}],
    )
    assert [q.score(v) for v in (0, 9, 10, 99, 100, 499, 500, 1000)] == [
        0,
        0,
        20,
        20,
        80,
        80,
        100,
        100,
    ]
    assert q.check_value(5) is None
    assert q.check_value(5.5) == ("type", "expected a whole number")
    assert q.check_value(-1) == ("range", "-1 is below the minimum 0")
    assert q.check_value(1001) == ("range", "1001 is above the maximum 1000")
    assert q.check_value("5") == ("type", "expected a number")
    assert q.check_value(False) == ("type", "expected a number")
    assert q.check_value(float("nan")) == ("type", "expected a number")
    assert q.check_value(float("inf")) == ("type", "expected a number")
    decimal = make(Number, scored=False, min=0.5)
    assert decimal.check_value(0.75) is None
    assert decimal.check_value(0.25) == ("range", "0.25 is below the minimum 0.5")


def test_number_definition_problems() -> None:
    messages = [m for _, m in make(Number, min=5, max=1).definition_problems()]
    assert "max is less than min" in messages
    assert "a scored number question needs points bands" in messages
    unordered = make(Number, points=[{"min": 10, "points": 1}, {"min": 5, "points": 2}])
    assert [m for _, m in unordered.definition_problems()] == [
        "points bands must be in increasing order of min"
    ]


def test_percentage_defaults_to_0_100() -> None:
    q = make(Percentage, points=[{"min": 0, "points": 0}, {"min": 90, "points": 100}])
    assert q.check_value(100) is None and q.check_value(99.5) is None
    assert q.check_value(101)[0] == "range" and q.check_value(-0.1)[0] == "range"
    assert q.score(95) == 100 and q.score(50) == 0
    with pytest.raises(ValidationError, match="less than or equal to 100"):
        make(Percentage, max=150, scored=False)


def test_free_text_is_length_limited_and_never_scored() -> None:
    q = make(FreeText, max_length=5)
    assert q.scored is False and q.allow_dont_know is False
    assert q.check_value("12345") is None
    assert q.check_value("123456") == ("length", "6 characters, more than the limit of 5")
    assert q.check_value(5) == ("type", "expected text")
    assert q.is_blank("  ") and q.is_blank(None) and not q.is_blank("x")
    assert make(FreeText, scored=True).definition_problems() == [
        (("scored",), "free_text questions are never scored")
    ]
    with pytest.raises(ValidationError, match="less than or equal to 5000"):
        make(FreeText, max_length=6000)


def test_defaults_depend_on_the_area() -> None:
    scored = make(SingleChoice, choices=choices(a=0, b=100))
    assert scored.scored and scored.allow_dont_know and not scored.allow_not_applicable
    profile = make(
        SingleChoice, {"languages": ["en"], "area": "profile"}, choices=choices(a=None, b=None)
    )
    assert not profile.scored and not profile.allow_dont_know
    assert profile.definition_problems() == []


def test_choice_definition_problems() -> None:
    q = make(
        SingleChoice,
        choices=[
            {"value": "a", "label": {"en": "A"}, "points": 10},
            {"value": "a", "label": {"en": "A again"}, "points": 10},
            {"value": "dont_know", "label": {"en": "?"}, "points": 0},
            {"value": "c", "label": {"en": "C"}},
        ],
    )
    problems = q.definition_problems()
    assert ((("choices", 1, "value"), "duplicate choice 'a'")) in problems
    assert ((("choices", 2, "value"), "'dont_know' is reserved; the engine offers it")) in problems
    assert ((("choices", 3), "choice 'c' of a scored question has no points")) in problems


def test_translations_are_checked_against_the_languages() -> None:
    context = {"languages": ["en", "nl"], "area": "ops"}
    with pytest.raises(ValidationError, match="missing translation: nl"):
        make(FreeText, context)
    with pytest.raises(ValidationError, match="unknown language de"):
        make(FreeText, context, text={"en": "a", "nl": "b", "de": "c"})
    with pytest.raises(ValidationError, match="empty translation: nl"):
        make(FreeText, context, text={"en": "a", "nl": " "})
