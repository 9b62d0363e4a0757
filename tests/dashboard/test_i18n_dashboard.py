"""The dashboard speaks en, nl, fr and sv: every UI message has a real translation."""

from __future__ import annotations

from functools import cache

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.i18n import I18N_DIR
from tests.dashboard.conftest import seed, sign_in
from tests.factories import make_user

CATALOGUE = I18N_DIR / "dashboard"
PROJECT_ROOT = I18N_DIR.parent.parent
LANGUAGES = ["nl", "fr", "sv"]
KEYWORDS = {
    "_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None, "N_": None,
}


def _method_map() -> list[tuple[str, str]]:
    """The [method: pattern] sections of babel.cfg, as extract_from_dir wants them."""
    pairs = []
    for line in (CATALOGUE / "babel.cfg").read_text().splitlines():
        if line.startswith("[") and ":" in line:
            method, pattern = line.strip("[]").split(":", 1)
            pairs.append((pattern.strip(), method.strip()))
    return pairs


@cache
def extracted_messages() -> frozenset[str]:
    """Every message id the dashboard's code and templates use, extracted like pybabel does."""
    ids: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PROJECT_ROOT), _method_map(), keywords=KEYWORDS
    ):
        ids.add(message[0] if isinstance(message, tuple) else message)
    return frozenset(ids)


def singular(message: Message) -> str:
    """The message id; for a plural message, its singular (what extraction reports)."""
    return str(message.id[0] if isinstance(message.id, tuple) else message.id)


def translated(message: Message) -> bool:
    """True when every form of the message (both plural forms too) has a translation."""
    forms = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(forms)


def catalogue(language: str) -> Catalog:
    with (CATALOGUE / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=language)


def test_extraction_finds_the_dashboard_messages() -> None:
    messages = extracted_messages()
    assert "Sign in" in messages and "Assessments" in messages and "Not scored" in messages
    assert len(messages) > 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language: str) -> None:
    po = catalogue(language)
    missing = sorted(m for m in extracted_messages() if not (po.get(m) and translated(po.get(m))))
    fuzzy = sorted(m.id for m in po if m.id and m.fuzzy)
    assert not missing, f"{language}: messages without a translation: {missing}"
    assert not fuzzy, f"{language}: fuzzy translations: {fuzzy}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language: str) -> None:
    po = catalogue(language)
    problems = [(message.id, errors) for message, errors in po.check() if errors]
    assert not problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_stale_messages_in_the_catalogue(language: str) -> None:
    stale = sorted(singular(m) for m in catalogue(language)
                   if m.id and singular(m) not in extracted_messages())
    assert not stale, f"{language}: messages no longer used (run pybabel update): {stale}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ["Uitloggen", "Organisaties zoeken", "Niet gescoord", "Gebruikers"]),
        ("fr", ["Se déconnecter", "Rechercher des organisations", "Non évalué", "Utilisateurs"]),
        ("sv", ["Logga ut", "Sök organisationer", "Ej poängsatt", "Användare"]),
    ],
)
def test_the_list_page_renders_in_each_language(
    client: FlaskClient, db_session: Session, language: str, expected: list[str]
) -> None:
    admin = make_user(db_session, role="admin")
    seed(db_session, 1)
    sign_in(client, admin)
    response = client.post("/account/language", data={"language": language, "next": "/dashboard/"})
    assert response.headers["Location"] == "/dashboard/"
    page = client.get("/dashboard/").get_data(as_text=True)
    assert f'<html lang="{language}"' in page
    for text in expected:
        assert text in page
    for english in ["Sign out", "Search organisations", "Not scored"]:
        assert english not in page


def test_unknown_language_is_ignored(client: FlaskClient) -> None:
    client.post("/account/language", data={"language": "xx"})
    with client.session_transaction() as session:
        assert "language" not in session
