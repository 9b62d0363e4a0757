"""Multiple-choice fields: an exclusive choice ("None of these") is refused with others, drawn
as an exclusive checkbox, and every multiple-choice question tells to select all that apply."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask, g
from werkzeug.datastructures import MultiDict

from assessment.app import create_app
from assessment.blueprints.questionnaire import context as ctx
from assessment.blueprints.questionnaire.field_view import FieldView
from assessment.blueprints.questionnaire.forms import BuildContext, SectionForm
from assessment.engine import Questionnaire, load_bank

QUESTION = "cs_visibility"
COMBINED = {
    "en": "For “{q}”, “None of these” cannot be selected together with other options",
    "nl": "Bij ‘{q}’ kan ‘Geen van deze’ niet samen met andere opties worden gekozen",
    "fr": "Pour «\u00a0{q}\u00a0», «\u00a0Aucun de ces éléments\u00a0» ne peut pas être "
    "sélectionné avec d’autres options",
    "sv": "För ”{q}”: ”Inget av detta” kan inte väljas tillsammans med andra alternativ",
}
SELECT_ALL = {
    "en": "Select all that apply.",
    "nl": "Kies alle opties die van toepassing zijn.",
    "fr": "Cochez toutes les réponses qui conviennent.",
    "sv": "Markera alla alternativ som stämmer.",
}


@pytest.fixture(scope="module")
def flask_app() -> Flask:
    return create_app({"TESTING": True, "SECRET_KEY": "k" * 48,
                       "SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.fixture(scope="module")
def bank() -> Questionnaire:
    return load_bank().get("commerce-readiness")


@pytest.fixture(params=["en", "nl", "fr", "sv"])
def language(flask_app: Flask, request: pytest.FixtureRequest) -> Iterator[str]:
    with flask_app.test_request_context("/a/s/customer_service"):
        g.language = request.param
        yield request.param


def form(bank: Questionnaire, language: str, posted: list[str] | None = None,
         question_id: str = QUESTION) -> SectionForm:
    build = BuildContext(language, lambda m: bank.text(m, language))
    formdata = None if posted is None else MultiDict([(question_id, v) for v in posted])
    return SectionForm([bank.questions[question_id]], build, formdata=formdata)


def view_of(bank: Questionnaire, language: str, shown: SectionForm) -> FieldView:
    return ctx.field_views(shown, lambda m: bank.text(m, language), versions={})[0]


def test_none_of_these_with_another_choice_is_refused_in_every_language(
    bank: Questionnaire, language: str
) -> None:
    posted = form(bank, language, ["order_status", "none_of_these"])
    assert not posted.validate()
    text = bank.text(bank.questions[QUESTION].text, language)
    assert posted.errors()[QUESTION] == COMBINED[language].format(q=text)
    view = view_of(bank, language, posted)
    assert {o.value for o in view.options if o.checked} == {"order_status", "none_of_these"}


@pytest.mark.parametrize("posted", [["none_of_these"], ["order_status", "stock_levels"]])
def test_none_of_these_alone_or_other_choices_together_are_accepted(
    bank: Questionnaire, flask_app: Flask, posted: list[str]
) -> None:
    with flask_app.test_request_context("/a/s/customer_service"):
        g.language = "en"
        filled = form(bank, "en", posted)
        assert filled.validate(), filled.errors()
        assert filled.answers() == {QUESTION: posted}


def test_the_exclusive_choice_is_drawn_as_an_exclusive_checkbox(
    bank: Questionnaire, language: str
) -> None:
    view = view_of(bank, language, form(bank, language))
    exclusive = {o.value for o in view.options if o.exclusive}
    assert exclusive == {"none_of_these", "dont_know"}
    dividers = [o.value for o in view.options if o.divider_before]
    assert dividers == ["none_of_these", "dont_know"]  # "or" before each exclusive kind


def test_a_multiple_choice_question_says_select_all_that_apply(
    bank: Questionnaire, language: str
) -> None:
    view = view_of(bank, language, form(bank, language))
    help_text = bank.text(bank.questions[QUESTION].help, language)
    assert view.hint == f"{help_text} {SELECT_ALL[language]}"


def test_select_all_that_apply_is_not_added_to_single_choice_questions(
    bank: Questionnaire, language: str
) -> None:
    view = view_of(bank, language, form(bank, language, question_id="cs_order_updates"))
    assert SELECT_ALL[language] not in (view.hint or "")
