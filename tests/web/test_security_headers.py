"""Security headers on every response (issue 14, finding 3) and no redirect off the site
(finding 5): error pages, static files and reports included, not only the pages of the
blueprints that set them; HSTS whenever the site is served over HTTPS."""

from __future__ import annotations

import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from tests.factories import make_invitation, make_user
from tests.web.questionnaire_support import FLOW_CONFIG, signed_in

HSTS = "max-age=31536000; includeSubDomains"


@pytest.fixture
def app_config() -> dict[str, Any]:
    return dict(FLOW_CONFIG)


def assert_baseline(response: TestResponse) -> None:
    """CSP without inline script, no framing, no sniffing, a referrer policy."""
    csp = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers.get("X-Frame-Options") == "DENY"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") in {"same-origin", "no-referrer"}


def test_a_page_that_does_not_exist(client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert_baseline(response)


def test_a_method_that_is_not_allowed(client: FlaskClient) -> None:
    response = client.get("/a/language")
    assert response.status_code == 405
    assert_baseline(response)


def test_a_static_file(client: FlaskClient) -> None:
    with client.get("/static/css/app.css") as response:
        assert response.status_code == 200
        assert_baseline(response)


def test_a_report_url_for_an_anonymous_visitor(client: FlaskClient) -> None:
    response = client.get("/reports/1.pdf")
    assert response.status_code == 302
    assert_baseline(response)


def test_a_report_url_that_is_refused(client: FlaskClient, db_session: Session) -> None:
    user = make_user(db_session, "consultant@example.com")
    now = int(time.time())
    with client.session_transaction() as session:
        session.update({"_user_id": f"{user.id}:{user.session_version}", "_fresh": True,
                        "_seen": now, "_login_at": now})
    response = client.get("/reports/999.pdf")
    assert response.status_code in {403, 404}
    assert_baseline(response)


def test_blueprints_keep_their_own_choices(client: FlaskClient, db_session: Session) -> None:
    login = client.get("/login")
    assert_baseline(login)
    assert login.headers["Cache-Control"] == "no-store"
    assert login.headers["Referrer-Policy"] == "same-origin"
    _, token = make_invitation(db_session)
    exchange = client.get(f"/i/{token}")  # its URL holds the token: no referrer at all
    assert exchange.headers["Referrer-Policy"] == "no-referrer"
    assert exchange.headers["Cache-Control"] == "no-store"
    assert_baseline(exchange)


@pytest.mark.parametrize("path", ["/no-such-page", "/static/css/app.css", "/login"])
def test_hsts_over_https(client: FlaskClient, path: str) -> None:
    with client.get(path, base_url="https://localhost") as response:
        assert response.headers.get("Strict-Transport-Security") == HSTS


@pytest.mark.parametrize("path", ["/no-such-page", "/static/css/app.css", "/login"])
def test_no_hsts_over_plain_http(client: FlaskClient, path: str) -> None:
    with client.get(path) as response:
        assert "Strict-Transport-Security" not in response.headers


def test_hsts_when_the_site_is_configured_for_https(app: Flask, client: FlaskClient) -> None:
    app.config["BASE_URL"] = "https://assessment.example.com"  # TLS ends at a proxy
    response = client.get("/login")
    assert response.headers.get("Strict-Transport-Security") == HSTS


# --- the Location header: never another site ------------------------------------------


@pytest.mark.parametrize(
    "target",
    ["/\t/evil.com", "//evil.com", "/\\evil.com", "https://evil.com", "\t//evil.com",
     "/\n/evil.com", "http:/evil.com", " //evil.com"],
)
def test_the_language_switch_never_redirects_off_the_site(
    client: FlaskClient, db_session: Session, target: str
) -> None:
    browser, _ = signed_in(client, db_session)
    token = browser.csrf("/a/s/profile")
    response = client.post("/a/language",
                           data={"csrf_token": token, "language": "nl", "next": target})
    assert response.status_code in {302, 303}
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "evil.com" not in location


def test_the_language_switch_needs_a_csrf_token(client: FlaskClient, db_session: Session) -> None:
    signed_in(client, db_session)
    response = client.post("/a/language", data={"language": "nl", "next": "//evil.com"})
    assert response.status_code == 400
    assert "Location" not in response.headers
