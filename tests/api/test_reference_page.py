"""The API reference page (/dashboard/api): built from the served OpenAPI document, every
operation listed with its parameters, body and responses, in the dashboard's languages."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from flask import Flask, render_template
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.blueprints.api.spec import document
from assessment.blueprints.dashboard.contexts.api_reference import prose, reference
from tests.dashboard.conftest import DASHBOARD_CONFIG, sign_in
from tests.factories import make_user

PAGE = "/dashboard/api"
RATE = "1000 per hour"


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {**DASHBOARD_CONFIG, "BASE_URL": "https://assess.example.com", "API_RATE_LIMIT": RATE}


def _spec(app: Flask) -> dict[str, Any]:
    with app.app_context():
        return document()


def _page(client: FlaskClient, session: Session, role: str = "consultant", **headers: str) -> str:
    sign_in(client, make_user(session, f"{role}@example.com", role=role))
    response = client.get(PAGE, headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _operation(page: str, anchor: str) -> str:
    """The HTML of one operation's article."""
    found = re.search(rf'<article class="api-op" id="{anchor}".*?</article>', page, re.S)
    assert found is not None, anchor
    return found.group(0)


def test_every_operation_of_the_spec_is_listed_once_with_its_anchor(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    page = _page(client, db_session)
    spec = _spec(app)
    expected = [(method.upper(), path) for path, methods in spec["paths"].items()
                for method in methods]
    assert len(expected) >= 16
    listed = re.findall(r'<p class="api-endpoint"><span class="api-method[^"]*">(\w+)</span> '
                        r'<code class="api-path">([^<]+)</code>', page)
    assert sorted(listed) == sorted(expected)
    anchors = re.findall(r'<article class="api-op" id="([^"]+)"', page)
    assert len(anchors) == len(set(anchors)) == len(expected)
    toc = page[page.index('class="api-toc"'):page.index("</nav>", page.index('class="api-toc"'))]
    assert all(f'href="#{anchor}"' in toc for anchor in anchors)
    text = html.unescape(page)
    for methods in spec["paths"].values():
        for operation in methods.values():
            assert operation["summary"] in text and operation["summary"].strip()


def test_every_link_on_the_page_leads_to_an_id_on_it(
    client: FlaskClient, db_session: Session
) -> None:
    page = _page(client, db_session, role="sales")
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    targets = set(re.findall(r'href="#([^"]+)"', page))
    assert targets and not targets - ids
    assert "schema-assessment" in targets and "schema-problem" in targets


def test_creating_an_assessment_shows_its_body_fields_and_problem_responses(
    client: FlaskClient, db_session: Session
) -> None:
    operation = _operation(_page(client, db_session), "post-assessments")
    assert "Create an assessment" in operation
    body = operation[operation.index("Request body fields"):operation.index("Responses")]
    row = re.search(r"<tr>\s*<th scope=\"row\" class=\"api-name\"><code>organisation_id</code>"
                    r".*?</tr>", body, re.S)
    assert row is not None, body
    assert "<code class=\"api-type\">integer</code>" in row.group(0)
    assert "<strong>Yes</strong>" in row.group(0) and "1–2147483647" in row.group(0)
    language = re.search(r"<code>language</code>.*?</tr>", body, re.S)
    assert language is not None
    assert all(f"<code>{code}</code>" in language.group(0) for code in ("en", "nl", "fr", "sv"))
    assert "Default: <code>en</code>" in language.group(0)
    responses = operation[operation.index("Responses"):]
    assert '<code class="api-media">application/json</code> <a href="#schema-assessment">' \
           "Assessment</a>" in responses
    for code in ("401", "403", "404", "409", "415", "422", "429"):
        row_html = re.search(rf"<code>{code}</code></th>.*?</tr>", responses, re.S)
        assert row_html is not None, code
        assert "application/problem+json" in row_html.group(0)


def test_query_parameters_show_types_and_allowed_values(
    client: FlaskClient, db_session: Session
) -> None:
    operation = _operation(_page(client, db_session), "get-assessments")
    status = re.search(r"<code>status</code>.*?</tr>", operation, re.S)
    assert status is not None
    assert "string[] | null" in status.group(0)
    assert "<code>changes_requested</code>" in status.group(0)
    path_op = _operation(_page(client, db_session, role="admin"),
                         "get-assessments-assessment_id-report")
    assert "Path parameters" in path_op and "<code>assessment_id</code>" in path_op
    assert "<code>executive</code>" in path_op and "application/pdf" in path_op


def test_the_introduction_names_the_base_url_the_tokens_the_problems_and_the_limit(
    client: FlaskClient, db_session: Session
) -> None:
    page = _page(client, db_session, role="sales")
    assert '<code class="api-url">https://assess.example.com/api/v1</code>' in page
    assert "GET /api/v1/organisations, for example, fetches " \
           "https://assess.example.com/api/v1/organisations." in page
    assert 'href="/dashboard/tokens"' in page and 'href="/api/v1/openapi.json"' in page
    assert "RFC 9457" in page and "application/problem+json" in page
    assert "1000 requests an hour" in page and RATE not in page
    assert "The reference is in English." in page
    assert 'class="dash-nav__link" href="/dashboard/api" aria-current="page">API</a>' in page
    assert "dashboard-api.css" in page


@pytest.mark.parametrize("role", ["consultant", "sales", "admin"])
def test_every_role_finds_the_page_in_the_navigation(
    client: FlaskClient, db_session: Session, role: str
) -> None:
    sign_in(client, make_user(db_session, role=role))
    home = client.get("/dashboard/reports").get_data(as_text=True)
    assert 'href="/dashboard/api">API</a>' in home
    assert client.get(PAGE).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_page_is_in_dutch_with_accept_language(
    client: FlaskClient, db_session: Session
) -> None:
    page = _page(client, db_session, **{"Accept-Language": "nl"})
    assert '<html lang="nl"' in page
    for dutch in ("API-referentie", "Aan de slag", "De referentie is in het Engels.",
                  "Body van het verzoek", "Toegestane waarden", "1000 verzoeken per uur",
                  "Organisaties", "Niet gevonden, of niet zichtbaar voor uw account"):
        assert dutch in page, dutch
    for english in ("Getting started", "Allowed values", "Request body fields"):
        assert english not in page, english
    assert '<h3 id="post-assessments-title" class="api-op__title" lang="en">' in page


@pytest.mark.parametrize(("language", "expected"), [
    ("nl", "API-referentie"), ("fr", "Référence de l’API"), ("sv", "API-referens")])
def test_the_language_switch_turns_the_page(
    client: FlaskClient, db_session: Session, language: str, expected: str
) -> None:
    sign_in(client, make_user(db_session, role="admin"))
    response = client.post("/account/language", data={"language": language, "next": PAGE})
    assert response.headers["Location"] == PAGE
    page = client.get(PAGE).get_data(as_text=True)
    assert f'<html lang="{language}"' in page and expected in page
    assert "API reference" not in page


def test_text_from_the_spec_is_escaped(app: Flask) -> None:
    hostile = "<script>alert(1)</script>"
    spec = {
        "info": {"title": hostile, "version": "1"},
        "paths": {"/api/v1/things/{thing_id}": {"post": {
            "summary": hostile, "description": f"Use ``{hostile}`` & more", "tags": ["Things"],
            "parameters": [{"name": hostile, "in": "query", "description": hostile,
                            "schema": {"type": "string", "enum": [hostile]}}],
            "requestBody": {"content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/Thing.abc1234"}}}},
            "responses": {"200": {"description": hostile, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Thing.abc1234"}}}}},
        }}},
        "components": {"schemas": {"Thing.abc1234": {
            "description": hostile, "required": ["name"],
            "properties": {"name": {"type": "string", "description": hostile,
                                    "default": hostile}}}}},
    }
    ref = reference(spec)
    assert [s.tag for s in ref.sections] == ["Things"]
    with app.test_request_context(PAGE):
        page = render_template("dashboard/api_reference.html", ref=ref, base_url=hostile,
                               spec_url="/x", tokens_url="/y", problem_media_type="m",
                               rate_limit=hostile)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code> &amp; more" in page


def test_prose_turns_only_backquoted_text_into_code() -> None:
    assert str(prose("As ``assessment score`` reads `it` <b>")) == (
        "As <code>assessment score</code> reads <code>it</code> &lt;b&gt;")
    assert str(prose(None)) == ""
