"""Exports people can open: a BOM, one charset, answers in words, either Excel delimiter.

Read here as Excel reads them: the bytes decoded as UTF-8 with the byte-order mark, then
Python's csv module in the ``excel`` dialect and in ``excel`` with ``;`` (nl/fr/sv Excel).
The real question bank: its choice labels carry accents in French and Swedish.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import Assessment, User
from tests.dashboard.conftest import own, sign_in
from tests.factories import answer, make_assessment, make_org, make_user

QUESTION = "bo_technology_owner"
LABELS = {
    "en": "An implementation partner, with a named internal owner",
    "fr": "Un intégrateur, avec un responsable interne désigné",
    "sv": "En implementeringspartner, med en utsedd intern ägare",
    "nl": "Een implementatiepartner, met een formeel aangewezen interne eigenaar",
}


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"WTF_CSRF_ENABLED": False}  # the real question bank


@pytest.fixture
def fjallsport(db_session: Session) -> tuple[User, Assessment]:
    owner = make_user(db_session, "owner@example.com")
    assessment = make_assessment(db_session, make_org(db_session, "Fjällsport AB"),
                                 language="sv")
    own(db_session, assessment, owner)
    answer(db_session, assessment, QUESTION, "partner_with_owner")
    return owner, assessment


def table(body: bytes, delimiter: str = ",") -> list[dict[str, str]]:
    """The rows as Excel reads them (the BOM is no part of the first header)."""
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), dialect="excel",
                               delimiter=delimiter))


def download(client: FlaskClient, url: str) -> Any:
    response = client.get(url, buffered=True)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


@pytest.mark.parametrize("url", ["/dashboard/assessments.csv",
                                 "/dashboard/assessments/{id}/export.csv",
                                 "/dashboard/assessments/{id}/findings.csv"])
def test_every_csv_has_a_bom_and_one_charset(
    client: FlaskClient, fjallsport: tuple[User, Assessment], url: str
) -> None:
    owner, assessment = fjallsport
    sign_in(client, owner)
    response = download(client, url.format(id=assessment.id))
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.get_data().startswith("\ufeff".encode())
    assert response.get_data().count(b"\xef\xbb\xbf") == 1


def test_the_answer_csv_puts_the_label_beside_the_code_in_the_assessments_language(
    client: FlaskClient, fjallsport: tuple[User, Assessment]
) -> None:
    owner, assessment = fjallsport
    sign_in(client, owner)
    rows = table(download(client, f"/dashboard/assessments/{assessment.id}/export.csv")
                 .get_data())
    header = list(rows[0])
    assert header[0] == "assessment_id"
    assert header.index("answer") == header.index("value") + 1
    row = {r["question_id"]: r for r in rows}[QUESTION]
    assert row["organisation"] == "Fjällsport AB"
    assert (row["value"], row["answer"]) == ("partner_with_owner", LABELS["sv"])
    assert row["question"].startswith("Vem äger programmets tekniska sida")


@pytest.mark.parametrize("lang", ["en", "fr", "nl"])
def test_the_answer_csv_in_another_language_with_semicolons(
    client: FlaskClient, fjallsport: tuple[User, Assessment], lang: str
) -> None:
    owner, assessment = fjallsport
    sign_in(client, owner)
    body = download(client, f"/dashboard/assessments/{assessment.id}/export.csv"
                            f"?lang={lang}&delimiter=semicolon").get_data()
    assert body.decode("utf-8-sig").startswith('"assessment_id";"organisation";')
    row = {r["question_id"]: r for r in table(body, ";")}[QUESTION]
    assert (row["organisation"], row["answer"]) == ("Fjällsport AB", LABELS[lang])


def test_the_json_export_carries_the_words_too(
    client: FlaskClient, fjallsport: tuple[User, Assessment]
) -> None:
    owner, assessment = fjallsport
    sign_in(client, owner)
    response = download(client, f"/dashboard/assessments/{assessment.id}/export.json?lang=fr")
    data = json.loads(response.get_data(as_text=True))
    assert data["language"] == "fr"
    line = {a["question_id"]: a for a in data["answers"]}[QUESTION]
    assert (line["value"], line["answer"]) == ("partner_with_owner", LABELS["fr"])


def test_the_list_csv_for_european_excel(
    client: FlaskClient, fjallsport: tuple[User, Assessment]
) -> None:
    owner, _ = fjallsport
    sign_in(client, owner)
    body = download(client, "/dashboard/assessments.csv?delimiter=semicolon").get_data()
    rows = table(body, ";")
    assert [r["organisation"] for r in rows] == ["Fjällsport AB"]
    assert "executive_buy_in_score" in rows[0]


@pytest.mark.parametrize("query, message", [
    ("lang=de", "The export is not available in de: choose one of en, nl, fr, sv."),
    ("delimiter=tab", "There is no CSV delimiter tab: choose comma or semicolon."),
])
def test_a_bad_language_or_delimiter_is_a_clear_400(
    client: FlaskClient, db_session: Session, fjallsport: tuple[User, Assessment],
    query: str, message: str
) -> None:
    owner, assessment = fjallsport
    sign_in(client, owner)
    for url in (f"/dashboard/assessments/{assessment.id}/export.csv?{query}",
                f"/dashboard/assessments/{assessment.id}/findings.csv?{query}",
                f"/dashboard/assessments/{assessment.id}/export.json?{query}"):
        response = client.get(url)
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    if query.startswith("delimiter"):
        response = client.get(f"/dashboard/assessments.csv?{query}")
        assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_a_stored_value_its_question_cannot_word_is_exported_as_it_is(
    client: FlaskClient, db_session: Session, fjallsport: tuple[User, Assessment]
) -> None:
    owner, assessment = fjallsport
    answer(db_session, assessment, "bo_technology_owner", {"odd": ["shape"]})
    sign_in(client, owner)
    rows = table(download(client, f"/dashboard/assessments/{assessment.id}/export.csv")
                 .get_data())
    row = {r["question_id"]: r for r in rows}[QUESTION]
    assert row["answer"] == row["value"] == "{'odd': ['shape']}"
