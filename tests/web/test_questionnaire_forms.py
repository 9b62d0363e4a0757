"""Fields by question type (from the adapters), parsing, validation messages (no database)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from assessment.app import create_app
from assessment.blueprints.questionnaire.adapters import ADAPTERS, NoAdapter
from assessment.blueprints.questionnaire.fields import parse_number
from assessment.blueprints.questionnaire.forms import (
    BuildContext,
    SectionForm,
    build_field,
    posted_resolutions,
    posted_versions,
)
from assessment.engine import QUESTION_TYPES, Questionnaire, load_questionnaire
from assessment.engine.question_types import YesNo
from tests.web.questionnaire_support import FLOW_CONFIG


@pytest.fixture(scope="module")
def flask_app() -> Flask:
    return create_app({"TESTING": True, "SECRET_KEY": "k" * 48,
                       "SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return load_questionnaire(FLOW_CONFIG["QUESTIONS_DIR"] / "clientflow")


@pytest.fixture
def request_context(flask_app: Flask) -> Iterator[None]:
    with flask_app.test_request_context("/a/s/profile"):
        yield


def build(questionnaire: Questionnaire, ids: list[str], data: dict[str, Any] | None = None,
          *, language: str = "en", required: bool = True,
          stored: dict[str, Any] | None = None) -> SectionForm:
    ctx = BuildContext(language, lambda m: questionnaire.text(m, language), required)
    formdata = MultiDict(list(_pairs(data))) if data is not None else None
    return SectionForm([questionnaire.questions[i] for i in ids], ctx, formdata=formdata,
                       stored=stored)


def _pairs(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            yield key, item


def test_every_engine_question_type_has_an_adapter() -> None:
    assert set(QUESTION_TYPES.values()) <= set(ADAPTERS)


class Slider(YesNo):
    """A question class with no adapter (adapters are found by the exact class)."""


def test_an_unknown_type_fails_loudly(questionnaire: Questionnaire) -> None:
    question = Slider.model_validate(questionnaire.questions["sponsor"].model_dump())
    ctx = BuildContext("en", lambda m: "", True)
    with pytest.raises(NoAdapter, match=r"sponsor.*Slider has no web adapter.*exist for: "):
        build_field(question, ctx)


@pytest.mark.usefixtures("request_context")
def test_stored_answers_fill_the_form(questionnaire: Questionnaire) -> None:
    form = build(questionnaire, ["org_size", "business_model", "peak_orders_per_day", "notes"],
                 stored={"org_size": "small", "business_model": ["b2c"],
                         "peak_orders_per_day": 1500, "notes": "hi"}, language="nl")
    assert form.field("org_size").selected() == {"small"}
    assert form.field("business_model").selected() == {"b2c"}
    assert form.field("peak_orders_per_day").raw == "1500"
    assert form.field("notes").data == "hi"


@pytest.mark.usefixtures("request_context")
@pytest.mark.parametrize(("ids", "data", "expected"), [
    (["org_size"], {"org_size": "micro"}, {"org_size": "micro"}),
    (["business_model"], {"business_model": ["d2c", "b2b"]}, {"business_model": ["b2b", "d2c"]}),
    (["sponsor", "sponsor_involvement"], {"sponsor": "yes", "sponsor_involvement": "5"},
     {"sponsor": "yes", "sponsor_involvement": 5}),
    (["kpis"], {"kpis": "dont_know"}, {"kpis": "dont_know"}),
    (["checkpoints"], {"checkpoints": "not_applicable"}, {"checkpoints": "not_applicable"}),
    (["stock_accuracy"], {"stock_accuracy": "99,5 %"}, {"stock_accuracy": 99.5}),
    (["packing_per_hour"], {"packing_per_hour": "", "packing_per_hour-special": "dont_know"},
     {"packing_per_hour": "dont_know"}),
    (["notes"], {"notes": "  spaced\r\nout  "}, {"notes": "spaced\nout"}),
])
def test_answers_from_posted_values(questionnaire: Questionnaire, ids: list[str],
                                    data: dict[str, Any], expected: dict[str, Any]) -> None:
    form = build(questionnaire, ids, data, language="nl", required=False)
    assert form.validate(), form.errors()
    assert form.answers() == expected


@pytest.mark.usefixtures("request_context")
def test_required_questions_need_an_answer_unless_saving_for_later(
    questionnaire: Questionnaire
) -> None:
    strict = build(questionnaire, ["org_size", "notes"], {})
    assert not strict.validate()
    assert strict.errors() == {
        "org_size": "Select an answer to “How large is your organisation?”"}
    lenient = build(questionnaire, ["org_size", "notes"], {}, required=False)
    assert lenient.validate()
    assert lenient.answers() == {"org_size": None, "notes": None}


@pytest.mark.usefixtures("request_context")
@pytest.mark.parametrize(("data", "message"), [
    ({"packing_per_hour": "12", "packing_per_hour-special": "dont_know"},
     "For “Orders packed per hour?”, enter a number or tick the box under it, not both"),
    ({"packing_per_hour": "", "packing_per_hour-special": "not_applicable"},
     "Select only the options shown for “Orders packed per hour?”"),
    ({"packing_per_hour": "-1"}, "“Orders packed per hour?” must be 0 or more"),
    ({"packing_per_hour": "twelve"}, "“Orders packed per hour?” must be a number, like 12.5"),
])
def test_number_messages_are_specific(questionnaire: Questionnaire, data: dict[str, Any],
                                      message: str) -> None:
    form = build(questionnaire, ["packing_per_hour"], data)
    assert not form.validate()
    assert form.errors()["packing_per_hour"] == message


@pytest.mark.usefixtures("request_context")
def test_percentage_bounds_are_0_to_100(questionnaire: Questionnaire) -> None:
    form = build(questionnaire, ["stock_accuracy"], {"stock_accuracy": "101"})
    assert not form.validate()
    assert form.errors()["stock_accuracy"] == "“Stock accuracy?” must be between 0 and 100"


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("1,500", "en", Decimal(1500)),
    ("1.5", "en", Decimal("1.5")),
    ("1.500", "nl", Decimal(1500)),
    ("12,5", "nl", Decimal("12.5")),
    ("1 500,5", "fr", Decimal("1500.5")),
    ("1\u202f500", "fr", Decimal(1500)),
    ("12,5", "sv", Decimal("12.5")),
    ("1,5", "en", None),
    ("", "en", None),
    ("NaN", "en", None),
    ("12abc", "nl", None),
])
def test_numbers_are_read_as_the_language_writes_them(text: str, language: str,
                                                      expected: Decimal | None) -> None:
    assert parse_number(text, language) == expected


def test_posted_versions_and_resolutions_ignore_forgeries() -> None:
    formdata = MultiDict({"v-a": "3", "v-b": "x", "v-c": "99999999999", "resolve-a": "mine",
                          "resolve-b": "everything"})
    assert posted_versions(formdata, ["a", "b", "c", "d"]) == {"a": 3, "b": 0, "c": 0, "d": 0}
    assert posted_resolutions(formdata, ["a", "b"]) == {"a": "mine"}
