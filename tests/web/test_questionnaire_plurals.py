"""Issue 10, "Four good languages": client messages with a count use each language's plural
forms (French "1 partie", "0 partie"; never "1 parties sur 6 terminées")."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import Flask, g, render_template_string

from assessment.blueprints.questionnaire.context import UiText
from assessment.blueprints.questionnaire.i18n import ngettext

CLIENT = Path(__file__).resolve().parents[2] / "assessment" / "i18n" / "client"

PARTS = ("%(num)s of %(total)s parts is done.", "%(num)s of %(total)s parts are done.")
EXPECTED = {
    "en": ("1 of 6 parts is done.", "2 of 6 parts are done."),
    "nl": ("1 van de 6 delen is klaar.", "2 van de 6 delen zijn klaar."),
    "fr": ("1 partie sur 6 est terminée.", "2 parties sur 6 sont terminées."),
    "sv": ("1 av 6 delar är klar.", "2 av 6 delar är klara."),
}
REMAINING = {
    "en": ("You have 1 character remaining", "You have 2,500 characters remaining"),
    "nl": ("U hebt nog 1 teken over", "U hebt nog 2.500 tekens over"),
    "fr": ("Il vous reste 1 caractère", "Il vous reste 2\u202f500 caractères"),
    "sv": ("Du har 1 tecken kvar", "Du har 2\u00a0500 tecken kvar"),
}
EXPECTED_HINT = {"en": "You can enter up to 1 character", "nl": "U kunt maximaal 1 teken",
                 "fr": "Vous pouvez saisir jusqu’à 1 caractère", "sv": "Du kan skriva upp till 1"}


@pytest.mark.parametrize("language", ["en", "nl", "fr", "sv"])
def test_counts_one_and_two_take_their_own_forms(app: Flask, language: str) -> None:
    with app.test_request_context("/a/done"):
        g.language = language
        one = ngettext(*PARTS, 1, total=6)
        two = ngettext(*PARTS, 2, total=6)
        many = ngettext("You have %(num)s character remaining",
                        "You have %(num)s characters remaining", 2500)
        single = ngettext("You have %(num)s character remaining",
                          "You have %(num)s characters remaining", 1)
        hint = UiText.max_length(1)
    assert (one, two) == EXPECTED[language]
    assert (single, many) == REMAINING[language]
    assert hint.startswith(EXPECTED_HINT[language])


@pytest.mark.parametrize("language", ["en", "nl", "fr", "sv"])
def test_templates_use_the_same_plural_forms(app: Flask, language: str) -> None:
    with app.test_request_context("/a/done"):
        g.language = language
        rendered = [
            render_template_string(
                "{{ ngettext(s, p, n, total=6) }}", s=PARTS[0], p=PARTS[1], n=n)
            for n in (1, 2)
        ]
    assert tuple(rendered) == EXPECTED[language]


def test_french_zero_is_singular(app: Flask) -> None:
    with app.test_request_context("/a/done"):
        g.language = "fr"
        assert ngettext(*PARTS, 0, total=6) == "0 partie sur 6 est terminée."


@pytest.mark.parametrize("language", ["nl", "fr", "sv"])
def test_every_plural_message_has_both_forms(language: str) -> None:
    with (CLIENT / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    plurals = [m for m in catalog if m.id and m.pluralizable]
    assert len(plurals) >= 8
    for message in plurals:
        one, other = message.string
        assert one and other, message.id
        singular, plural = message.id
        assert "%(num)" in one or "%(num)" not in singular, message.id
        assert "%(num)" in other or "%(num)" not in plural, message.id
