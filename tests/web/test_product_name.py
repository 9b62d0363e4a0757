"""One product name per language, on every kind of page.

The name is the glossary's "product name" entry (questions/commerce-readiness/glossary.yaml).
The start page, a question page, the 404 page and the dashboard's sign-in page, rendered in
each language, must show exactly that name in their header (and the page title where the
page puts the name there), and none of the names the product went by before.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import make_assessment, make_invitation

GLOSSARY = (
    Path(__file__).resolve().parents[2] / "questions" / "commerce-readiness" / "glossary.yaml"
)
LANGUAGES = ("en", "nl", "fr", "sv")
# Names the product went by before one was chosen; none may come back.
FORMER_NAMES = {
    "en": ["Commerce readiness"],
    "nl": [
        "Commerce readiness",
        "Gereedheid voor e-commerce",
        "Commerce-gereedheid",
        "Assessment gereedheid voor e-commerce",
    ],
    "fr": [
        "Commerce readiness",
        "Préparation au commerce en ligne",
        "Maturité e-commerce",
        "Évaluation de la préparation au commerce en ligne",
    ],
    "sv": ["Commerce readiness", "E-handelsberedskap"],
}


def product_names() -> dict[str, str]:
    """The product name in each language, from the glossary."""
    entries = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    (entry,) = [e for e in entries if e["concept"] == "product name"]
    return {language: entry[language] for language in LANGUAGES}


NAMES = product_names()


def page_text(body: str) -> str:
    """The markup, entities decoded, white space runs made one space, non-breaking hyphens "-"."""
    return re.sub(r"\s+", " ", html.unescape(body).replace("\u2011", "-"))


def header_name(page: str, css_class: str) -> str:
    """The text directly inside the element of the header that carries the product name."""
    match = re.search(rf'class="{css_class}"[^>]*>([^<]*)<', page)
    assert match, f"no {css_class} in the page"
    return match.group(1).strip()


def title(page: str) -> str:
    match = re.search(r"<title>(.*?)</title>", page)
    assert match
    return match.group(1).strip()


def assert_one_name(page: str, language: str, client: FlaskClient) -> None:
    """The page names the product only as the glossary says, in its language.

    The consultancy that runs the tool (``BRANDING``, shown in the client footer) has a name
    of its own, set per deployment: it is the firm's name, not the product's, and is left out.
    """
    name = NAMES[language]
    assert name in page
    rest = page.replace(name, "\x00")
    brand = getattr(client.application.config.get("BRANDING"), "name", None)
    if brand:
        rest = rest.replace(html.escape(brand, quote=False), "\x01").replace(brand, "\x01")
    for former in FORMER_NAMES[language]:
        found = re.search(rf"(?<![\w-]){re.escape(former)}(?![\w-])", rest, re.IGNORECASE)
        context = rest[max(0, found.start() - 40) : found.end() + 40] if found else ""
        assert not found, f"{language}: {former!r} beside {name!r}: …{context}…"
    for other, other_name in NAMES.items():
        if other != language:
            assert other_name not in page, f"{language}: the {other} name {other_name!r} is shown"


def respondent(client: FlaskClient, db_session: Session, language: str) -> None:
    """The client holds a respondent session of a fresh invitation in ``language``."""
    assessment = make_assessment(db_session, language=language)
    _, token = make_invitation(db_session, assessment, language=language)
    assert client.get(f"/i/{token}").status_code == 302


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_start_page_has_the_one_name(
    client: FlaskClient, db_session: Session, language: str
) -> None:
    respondent(client, db_session, language)
    page = page_text(client.get("/a/").get_data(as_text=True))
    assert f'<html lang="{language}"' in page
    assert header_name(page, "header__service") == NAMES[language]
    assert title(page) == NAMES[language]  # the questionnaire's title is the product name
    assert_one_name(page, language, client)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_question_page_has_the_one_name(
    client: FlaskClient, db_session: Session, language: str
) -> None:
    respondent(client, db_session, language)
    response = client.get("/a/s/profile", follow_redirects=True)
    assert response.status_code == 200
    page = page_text(response.get_data(as_text=True))
    assert 'type="radio"' in page or 'type="checkbox"' in page  # a page of questions
    assert header_name(page, "header__service") == NAMES[language]
    assert title(page).endswith(NAMES[language])
    assert_one_name(page, language, client)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_404_page_has_the_one_name(client: FlaskClient, language: str) -> None:
    response = client.get("/no-such-page", headers={"Accept-Language": language})
    assert response.status_code == 404
    page = page_text(response.get_data(as_text=True))
    assert f'<html lang="{language}"' in page
    assert header_name(page, "header__service") == NAMES[language]
    assert title(page).endswith(NAMES[language])
    assert_one_name(page, language, client)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dashboard_sign_in_page_has_the_one_name(client: FlaskClient, language: str) -> None:
    response = client.get("/login", headers={"Accept-Language": language})
    assert response.status_code == 200
    page = page_text(response.get_data(as_text=True))
    assert f'<html lang="{language}"' in page
    assert header_name(page, "dash-header__service") == NAMES[language]
    assert_one_name(page, language, client)
