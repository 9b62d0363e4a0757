"""Every engine question class has a web adapter; each adapter's answers survive a round trip.

A round trip is what a respondent does: a stored answer fills the form (``prefill``), the
page shows it (``view``), the browser posts back what the page shows, and the form reads
the engine's answer again (``parse``), in each of the app's languages.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, g
from werkzeug.datastructures import MultiDict

import assessment.engine.open_questions
import assessment.engine.question_types
from assessment.answer_text import format_answer
from assessment.app import create_app
from assessment.blueprints.questionnaire import context as ctx
from assessment.blueprints.questionnaire.adapters import (
    ADAPTERS,
    BuildContext,
    NoAdapter,
    adapter_for,
    adapter_for_class,
)
from assessment.blueprints.questionnaire.field_view import FieldView
from assessment.blueprints.questionnaire.forms import SectionForm, build_field
from assessment.blueprints.questionnaire.i18n import gettext
from assessment.engine import QUESTION_TYPES, QuestionBase, Questionnaire, load_questionnaire
from assessment.engine.question_types import YesNo
from tests.web.questionnaire_support import FLOW_CONFIG

LANGUAGES = ("en", "nl", "fr", "sv")


def _engine_question_classes() -> Iterator[type[QuestionBase]]:
    """Every concrete question class the engine defines (one with its own ``type_name``)."""
    seen: set[type[QuestionBase]] = set()
    stack = list(QuestionBase.__subclasses__())
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.add(cls)
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("assessment.engine.") and "type_name" in vars(cls):
            yield cls


def test_the_walk_finds_the_engine_modules_classes() -> None:
    # A guard on the walk itself: it must see the classes of both engine modules.
    found = set(_engine_question_classes())
    assert assessment.engine.question_types.SingleChoice in found
    assert assessment.engine.open_questions.Percentage in found


@pytest.mark.parametrize("source", ["registry", "subclasses"])
def test_every_engine_question_class_has_an_adapter(source: str) -> None:
    classes = (set(QUESTION_TYPES.values()) if source == "registry"
               else set(_engine_question_classes()))
    missing = sorted(f"{c.__module__}.{c.__qualname__}" for c in classes if c not in ADAPTERS)
    assert not missing, f"engine question classes without a web adapter: {', '.join(missing)}"


def test_each_adapter_is_registered_under_its_own_engine_class() -> None:
    for cls, adapter in ADAPTERS.items():
        assert adapter.question_class is cls
        assert QUESTION_TYPES[cls.type_name] is cls, f"{cls.__name__} is not in QUESTION_TYPES"


class Slider(YesNo):
    """A question class the web knows nothing of (a subclass does not inherit an adapter)."""


def test_a_class_without_an_adapter_fails_loudly_naming_it() -> None:
    with pytest.raises(NoAdapter, match=r"test_question_adapters\.Slider has no web adapter"):
        adapter_for_class(Slider)


@pytest.fixture(scope="module")
def flask_app() -> Flask:
    return create_app({"TESTING": True, "SECRET_KEY": "k" * 48,
                       "SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return load_questionnaire(FLOW_CONFIG["QUESTIONS_DIR"] / "clientflow")


def test_a_question_without_an_adapter_fails_loudly(questionnaire: Questionnaire) -> None:
    sponsor = questionnaire.questions["sponsor"]
    question = Slider.model_validate(sponsor.model_dump())
    with pytest.raises(NoAdapter, match=r"question 'sponsor' \(type 'yes_no'\).*Slider"):
        build_field(question, BuildContext("en", lambda m: ""))


# One question per engine class (don't know and N/A both offered), and answers to carry.
ROUND_TRIPS: list[tuple[str, list[Any]]] = [
    ("org_size", ["micro", "small"]),
    ("business_model", [["b2b"], ["b2b", "b2c"]]),
    ("sponsor", ["yes", "no"]),
    ("sponsor_involvement", [1, 3, 5]),
    ("peak_orders_per_day", [0, 1500, 2_000_000]),
    ("packing_per_hour", [0, 12.5, 1500.25]),
    ("stock_accuracy", [0, 99.5, 100]),
    ("notes", ["one line", "two\nlines", "“quotes” & <tags>"]),
]
SPECIALS = ["dont_know", "not_applicable"]


def test_the_round_trips_cover_every_adapter(questionnaire: Questionnaire) -> None:
    covered = {type(questionnaire.questions[qid]) for qid, _ in ROUND_TRIPS}
    assert covered == set(ADAPTERS)


def _open(question: QuestionBase) -> QuestionBase:
    """The question with don't know and N/A offered (free text offers neither)."""
    if question.type == "free_text":
        return question
    return question.model_copy(update={"allow_dont_know": True, "allow_not_applicable": True})


def _posted(view: FieldView) -> MultiDict[str, str]:
    """What a browser posts for the page as shown: checked boxes and the typed value."""
    pairs = [(o.name, o.value) for o in (*view.options, *view.specials) if o.checked]
    if view.widget in {"number", "text", "textarea"}:
        pairs.append((view.name, view.value))
    return MultiDict(pairs)


@pytest.fixture
def in_language(flask_app: Flask, request: pytest.FixtureRequest) -> Iterator[str]:
    with flask_app.test_request_context("/a/s/profile"):
        g.language = request.param
        yield request.param


@pytest.mark.parametrize("in_language", LANGUAGES, indirect=True)
@pytest.mark.parametrize(("question_id", "values"), ROUND_TRIPS,
                         ids=[qid for qid, _ in ROUND_TRIPS])
def test_a_stored_answer_survives_being_shown_and_posted_back(
    questionnaire: Questionnaire, in_language: str, question_id: str, values: list[Any]
) -> None:
    question = _open(questionnaire.questions[question_id])
    build = BuildContext(in_language, lambda m: questionnaire.text(m, "en"))
    offered = [] if question.type == "free_text" else SPECIALS
    for value in [*values, *offered]:
        shown = SectionForm([question], build, stored={question.id: value})
        view = ctx.field_views(shown, build.translate, versions={})[0]
        posted = SectionForm([question], build, formdata=_posted(view))
        assert posted.validate(), (value, posted.errors())
        assert posted.answers() == {question.id: value}
        assert type(posted.answer(question)) is type(value)


@pytest.mark.parametrize("in_language", ["nl"], indirect=True)
def test_nothing_stored_shows_nothing_and_posts_back_as_no_answer(
    questionnaire: Questionnaire, in_language: str
) -> None:
    build = BuildContext(in_language, lambda m: questionnaire.text(m, "en"),
                         enforce_required=False)
    for question_id, _ in ROUND_TRIPS:
        question = _open(questionnaire.questions[question_id])
        view = ctx.field_views(SectionForm([question], build), build.translate, versions={})[0]
        assert view.value == "" and not any(o.checked for o in (*view.options, *view.specials))
        posted = SectionForm([question], build, formdata=_posted(view))
        assert posted.validate()
        assert posted.answers() == {question.id: None}


@pytest.mark.parametrize("in_language", LANGUAGES, indirect=True)
@pytest.mark.parametrize(("question_id", "values"), ROUND_TRIPS,
                         ids=[qid for qid, _ in ROUND_TRIPS])
def test_words_are_the_one_formatters(questionnaire: Questionnaire, in_language: str,
                                      question_id: str, values: list[Any]) -> None:
    question = _open(questionnaire.questions[question_id])
    adapter = adapter_for(question)
    for value in [*values, *SPECIALS, None]:
        words = adapter.words(questionnaire, question, value, in_language, gettext)
        assert words and words == format_answer(questionnaire, question, value, in_language,
                                                gettext)


@pytest.mark.parametrize(("question_id", "widget"), [
    ("org_size", "radios"), ("business_model", "checkboxes"), ("sponsor", "radios"),
    ("sponsor_involvement", "radios"), ("peak_orders_per_day", "number"),
    ("stock_accuracy", "number"), ("notes", "textarea"),
])
def test_each_adapter_names_the_widget_its_macro_draws(
    questionnaire: Questionnaire, flask_app: Flask, question_id: str, widget: str
) -> None:
    with flask_app.test_request_context("/a/s/profile"):
        question = questionnaire.questions[question_id]
        build = BuildContext("en", lambda m: questionnaire.text(m, "en"))
        view = ctx.field_views(SectionForm([question], build), build.translate, versions={})[0]
    assert view.widget == widget


def test_percentage_and_yes_no_hints(questionnaire: Questionnaire, flask_app: Flask) -> None:
    with flask_app.test_request_context("/a/s/profile"):
        build = BuildContext("en", lambda m: questionnaire.text(m, "en"))
        sponsor = questionnaire.questions["sponsor"]
        plain_yes_no = sponsor.model_copy(update={"allow_dont_know": False})
        percentage, sponsor, inline = (
            ctx.field_views(SectionForm([question], build), build.translate, versions={})[0]
            for question in (questionnaire.questions["stock_accuracy"], sponsor, plain_yes_no)
        )
    assert (percentage.unit, percentage.input_label) == ("%", "Percentage")
    assert not sponsor.inline and inline.inline
