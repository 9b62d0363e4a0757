"""With CSRF on (as in production), every POST of the dashboard and login needs the token."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.dashboard.access_table import URL_VALUES, URL_VALUES_BY_ENDPOINT
from tests.dashboard.conftest import DASHBOARD_CONFIG, Cast, sign_in
from tests.factories import DEFAULT_PASSWORD, make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {**DASHBOARD_CONFIG, "WTF_CSRF_ENABLED": True}


def post_rules(app: Flask) -> list[tuple[str, str]]:
    return sorted(
        (rule.endpoint, rule.rule)
        for rule in app.url_map.iter_rules()
        if "POST" in (rule.methods or ())
        and (rule.rule.startswith("/dashboard") or rule.endpoint.startswith("auth."))
    )


def test_every_post_without_a_token_is_refused(app: Flask, client: FlaskClient, cast: Cast) -> None:
    sign_in(client, cast.admin)
    rules = post_rules(app)
    assert len(rules) >= 8
    for endpoint, _rule in rules:
        values = {**URL_VALUES, **URL_VALUES_BY_ENDPOINT.get(endpoint, {})}
        with app.test_request_context():
            from flask import url_for

            rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
            url = url_for(endpoint, **{name: values[name](cast) for name in rule.arguments})
        response = client.post(url, data={"role": "sales", "user_id": cast.other.id})
        assert response.status_code == 400, f"{endpoint} accepted a POST without a CSRF token"


def test_login_works_with_the_token_from_the_form(client: FlaskClient, db_session: Session) -> None:
    make_user(db_session, "c@example.com")
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token is not None
    response = client.post(
        "/login",
        data={"email": "c@example.com", "password": DEFAULT_PASSWORD, "csrf_token": token.group(1)},
    )
    assert response.status_code == 303


def test_logout_form_in_the_header_carries_a_token(
    client: FlaskClient, db_session: Session
) -> None:
    sign_in(client, make_user(db_session))
    page = client.get("/dashboard/").get_data(as_text=True)
    logout = page[page.index('action="/logout"') :].split("</form>")[0]
    assert 'name="csrf_token"' in logout
