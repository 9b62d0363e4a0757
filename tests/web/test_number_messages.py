"""Number messages name the expected format in the page's language: a whole number gets a
whole-number example ("1,500", "1.500", "1 500"), a decimal one the language's decimal comma
or point, and a dot between thousands where the language uses none ("1.500" in French) is
refused with the format to use. What was typed is shown back with every message."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from babel.numbers import format_decimal
from flask import Flask, g
from werkzeug.datastructures import MultiDict

from assessment.app import create_app
from assessment.blueprints.questionnaire import context as ctx
from assessment.blueprints.questionnaire.field_view import FieldView
from assessment.blueprints.questionnaire.forms import BuildContext, SectionForm
from assessment.engine import Questionnaire, load_bank

WHOLE = "peak_orders_per_day"  # integer, 0..10,000,000
DECIMAL = "cs_response_hours"  # decimals allowed, 0..720
NB, NNB = "\u00a0", "\u202f"  # no-break space; narrow no-break space (French thousands)

WHOLE_NUMBER = {
    "en": "“{q}” must be a whole number, like 1,500",
    "nl": "‘{q}’ moet een geheel getal zijn, bijvoorbeeld 1.500",
    "fr": f"«{NB}{{q}}{NB}» doit être un nombre entier, par exemple 1{NNB}500",
    "sv": f"”{{q}}” måste vara ett heltal, till exempel 1{NB}500",
}
A_NUMBER = {
    "en": "“{q}” must be a number, like 12.5",
    "nl": "‘{q}’ moet een getal zijn, bijvoorbeeld 12,5",
    "fr": f"«{NB}{{q}}{NB}» doit être un nombre, par exemple 12,5",
    "sv": "”{q}” måste vara ett tal, till exempel 12,5",
}
DOT_WHOLE = {
    "fr": f"Pour «{NB}{{q}}{NB}», écrivez les milliers sans point, par exemple 1{NNB}500",
    "sv": f"För ”{{q}}”: skriv tusental utan punkt, till exempel 1{NB}500",
}
DOT_DECIMAL = {
    "fr": f"Pour «{NB}{{q}}{NB}», écrivez les milliers sans point, par exemple 1{NNB}500, et "
    "les décimales avec une virgule, par exemple 12,5",
    "sv": f"För ”{{q}}”: skriv tusental utan punkt, till exempel 1{NB}500, och decimaler med "
    "kommatecken, till exempel 12,5",
}


@pytest.fixture(scope="module")
def flask_app() -> Flask:
    return create_app({"TESTING": True, "SECRET_KEY": "k" * 48,
                       "SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.fixture(scope="module")
def bank() -> Questionnaire:
    return load_bank().get("commerce-readiness")


@pytest.fixture
def in_language(flask_app: Flask) -> Iterator[None]:
    with flask_app.test_request_context("/a/s/profile"):
        yield


def posted(bank: Questionnaire, language: str, question_id: str, text: str
           ) -> tuple[SectionForm, FieldView]:
    """The form after posting ``text``, validated, and the field as the page shows it."""
    g.language = language
    build = BuildContext(language, lambda m: bank.text(m, language))
    form = SectionForm([bank.questions[question_id]], build,
                       formdata=MultiDict({question_id: text}))
    form.validate()
    return form, ctx.field_views(form, build.translate, versions={})[0]


def error(bank: Questionnaire, language: str, question_id: str, text: str) -> str:
    form, view = posted(bank, language, question_id, text)
    assert view.value == text, "what was typed is shown back"
    message = form.errors().get(question_id)
    assert message is not None and view.error == message, (text, form.answers())
    return message


def question(bank: Questionnaire, language: str, question_id: str) -> str:
    return bank.text(bank.questions[question_id].text, language)


@pytest.mark.usefixtures("in_language")
@pytest.mark.parametrize("language", ["en", "nl", "fr", "sv"])
@pytest.mark.parametrize("typed", ["lots", "12abc", "1,2,3,4", "½"])
def test_letters_in_a_whole_number_field_ask_for_a_whole_number_in_the_page_format(
    bank: Questionnaire, language: str, typed: str
) -> None:
    expected = WHOLE_NUMBER[language].format(q=question(bank, language, WHOLE))
    assert error(bank, language, WHOLE, typed) == expected


@pytest.mark.usefixtures("in_language")
@pytest.mark.parametrize(("language", "typed"), [
    ("en", "12.5"), ("nl", "12,5"), ("fr", "12,5"), ("sv", "12,5"), ("fr", "1.5"),
    ("en", "lots"), ("nl", "1e999"),
])
def test_a_whole_number_field_never_suggests_a_decimal(
    bank: Questionnaire, language: str, typed: str
) -> None:
    message = error(bank, language, WHOLE, typed)
    assert "12.5" not in message and "12,5" not in message
    assert format_decimal(1500, locale=language) in message


@pytest.mark.usefixtures("in_language")
@pytest.mark.parametrize("language", ["en", "nl", "fr", "sv"])
def test_a_decimal_field_example_uses_the_language_decimal_separator(
    bank: Questionnaire, language: str
) -> None:
    expected = A_NUMBER[language].format(q=question(bank, language, DECIMAL))
    assert error(bank, language, DECIMAL, "a day or two") == expected


@pytest.mark.usefixtures("in_language")
@pytest.mark.parametrize("language", ["fr", "sv"])
@pytest.mark.parametrize("typed", ["1.500", "12.500", "1.500.000", "1 .500"])
def test_a_dot_between_thousands_is_refused_where_the_language_uses_none(
    bank: Questionnaire, language: str, typed: str
) -> None:
    whole = DOT_WHOLE[language].format(q=question(bank, language, WHOLE))
    decimal = DOT_DECIMAL[language].format(q=question(bank, language, DECIMAL))
    assert error(bank, language, WHOLE, typed) == whole
    assert error(bank, language, DECIMAL, typed) == decimal


@pytest.mark.usefixtures("in_language")
@pytest.mark.parametrize(("language", "question_id", "typed", "answer"), [
    ("fr", WHOLE, "1 500", 1500),
    ("fr", WHOLE, f"1{NNB}500", 1500),
    ("sv", WHOLE, f"1{NB}500", 1500),
    ("nl", WHOLE, "1.500", 1500),
    ("en", WHOLE, "1,500", 1500),
    ("en", DECIMAL, "1.500", 1.5),
    ("fr", DECIMAL, "1,5", 1.5),
    ("fr", DECIMAL, "2.5", 2.5),
    ("sv", DECIMAL, "12,25", 12.25),
])
def test_numbers_written_as_the_language_writes_them_are_accepted(
    bank: Questionnaire, language: str, question_id: str, typed: str, answer: float
) -> None:
    form, _ = posted(bank, language, question_id, typed)
    assert form.errors() == {}
    assert form.answers() == {question_id: answer}


@pytest.mark.usefixtures("in_language")
@pytest.mark.parametrize(("question_id", "typed"), [
    (WHOLE, "-5"), (WHOLE, "99999999"), (DECIMAL, "721"), (DECIMAL, "  spaced  out "),
])
def test_what_was_typed_is_shown_back_with_any_message(
    bank: Questionnaire, question_id: str, typed: str
) -> None:
    form, view = posted(bank, "nl", question_id, typed)
    assert form.errors()[question_id]
    assert view.value == typed.strip()
