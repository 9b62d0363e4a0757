"""Bad input is a 400 or 404 with a clear message, never a 500 (issue 14, finding 7).

On PostgreSQL a NUL character in text, or an id beyond INTEGER, made the driver raise; on
SQLite an id beyond 2**63 overflowed. Ids are bounded by the ``id`` URL converter and NULs
are refused by ``assessment.web.input_guard`` before any view runs. The property test at
the end walks ``app.url_map`` and throws such values at every route, on both databases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from assessment.models import User
from tests.dashboard.conftest import DASHBOARD_CONFIG, own, sign_in
from tests.factories import make_assessment, make_invitation, make_org, make_user

HUGE_IDS = ["2147483648", "99999999999999999999", "9" * 5000]
BAD_PATH_VALUES = [*HUGE_IDS, "-1", "0", "%00", "1%00", "a%00b"]
NUL_TEXT = "a\x00b"


@pytest.fixture
def app_config() -> dict[str, Any]:
    """The webtest questionnaire; CSRF off so every POST reaches the input checks."""
    return DASHBOARD_CONFIG


@dataclass
class Staff:
    """A consultant owning one assessment, and an admin (not id 1: id 1 is a target)."""

    consultant: User
    admin: User
    token: str


@pytest.fixture
def staff(db_session: Session) -> Staff:
    consultant = make_user(db_session, "consultant@example.com")
    admin = make_user(db_session, "admin@example.com", role="admin")
    assessment = make_assessment(db_session, make_org(db_session, "Bad Input BV"))
    own(db_session, assessment, consultant)
    _, token = make_invitation(db_session, assessment)
    return Staff(consultant, admin, token)


def _fill(rule: str, value: str) -> str:
    """The rule's path with every parameter replaced by ``value`` (already URL-quoted)."""
    return re.sub(r"<[^>]+>", value, rule)


# --- the findings as reported ----------------------------------------------------------


@pytest.mark.parametrize("path", [
    *[f"/dashboard/assessments/{n}" for n in HUGE_IDS],
    *[f"/reports/{n}.pdf" for n in HUGE_IDS],
    *[f"/dashboard/organisations/{n}/milestones" for n in HUGE_IDS],
    "/dashboard/assessments/2147483648/export.csv",
    "/dashboard/assessments/99999999999999999999/findings.csv",
])
def test_an_id_beyond_the_database_range_is_not_found(
    client: FlaskClient, staff: Staff, path: str
) -> None:
    sign_in(client, staff.admin)
    response = client.get(path)
    assert response.status_code == 404


def test_every_integer_in_a_route_is_a_bounded_id(app: Flask) -> None:
    assert [rule.rule for rule in app.url_map.iter_rules() if "<int:" in rule.rule] == []


def test_the_largest_database_id_is_a_plain_not_found(client: FlaskClient, staff: Staff) -> None:
    sign_in(client, staff.admin)
    assert client.get("/dashboard/assessments/2147483647").status_code == 404


def test_a_nul_in_the_login_email_is_refused_naming_the_field(client: FlaskClient) -> None:
    response = client.post("/login", data={"email": "a\x00b@example.com", "password": "x"})
    assert response.status_code == 400
    assert "“email”" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/dashboard/?q=%00", "/dashboard/assessments.csv?q=%00",
                                  "/dashboard/assessments.json?q=a%00"])
def test_a_nul_in_the_search_is_refused_before_anything_streams(
    client: FlaskClient, staff: Staff, path: str
) -> None:
    sign_in(client, staff.admin)
    response = client.get(path)
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert "“q”" in response.get_data(as_text=True)


def test_a_nul_in_a_note_or_a_respondent_name_is_refused(
    client: FlaskClient, staff: Staff
) -> None:
    sign_in(client, staff.consultant)
    note = client.post("/dashboard/assessments/1/notes", data={"body": NUL_TEXT})
    invite = client.post("/dashboard/assessments/1/invitations",
                         data={"respondent_name": NUL_TEXT, "areas": "profile"})
    assert (note.status_code, invite.status_code) == (400, 400)
    assert "“respondent_name”" in invite.get_data(as_text=True)


@pytest.mark.parametrize(("language", "words"), [
    ("nl", "bevat een teken"), ("fr", "contient un caractère"), ("sv", "innehåller ett tecken"),
])
def test_the_refusal_is_in_the_page_language(
    client: FlaskClient, language: str, words: str
) -> None:
    response = client.post("/login", data={"email": NUL_TEXT},
                           headers={"Accept-Language": language})
    assert response.status_code == 400
    assert words in response.get_data(as_text=True)


def test_a_nul_in_an_answer_is_refused(client: FlaskClient, staff: Staff) -> None:
    client.get(f"/i/{staff.token}")
    response = client.post("/a/s/profile", data={"org_size": NUL_TEXT})
    assert response.status_code == 400


# --- every route ------------------------------------------------------------------------


def _routes(app: Flask) -> list[tuple[str, str]]:
    """Every (method, rule) of the app that takes parameters or a query or form."""
    return sorted(
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        if rule.rule != "/logout"  # would sign the admin out for the rest of the run
    )


def _send(client: FlaskClient, staff: Staff, method: str, path: str,
          query: dict[str, str], form: dict[str, str]) -> int:
    sign_in(client, staff.admin)
    url = f"{path}?{urlencode(query)}" if query else path
    response = client.open(url, method=method, data=form if method == "POST" else None)
    return int(response.status_code)


def test_no_route_answers_a_bad_path_value_with_a_server_error(
    app: Flask, client: FlaskClient, staff: Staff
) -> None:
    client.get(f"/i/{staff.token}")
    failures = [
        (method, _fill(rule, value), status)
        for method, rule in _routes(app) if "<" in rule
        for value in BAD_PATH_VALUES
        if (status := _send(client, staff, method, _fill(rule, value), {}, {})) >= 500
    ]
    assert failures == []


_quoted_text = st.text(max_size=12).map(lambda text: quote(text, safe=""))
_path_value = st.one_of(
    st.sampled_from(BAD_PATH_VALUES),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    _quoted_text.map(lambda text: text + "%00"),
)
_nul_text = st.text(max_size=8).map(lambda text: text + "\x00" + text)
_fields = st.sampled_from(["q", "email", "password", "body", "respondent_name", "name",
                           "organisation", "role", "justification", "org_size", "next"])


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_no_route_answers_bad_input_with_a_server_error(
    app: Flask, client: FlaskClient, staff: Staff, data: st.DataObject
) -> None:
    method, rule = data.draw(st.sampled_from(_routes(app)), label="route")
    path = re.sub(r"<[^>]+>", lambda _: data.draw(_path_value, label="path value"), rule)
    query = data.draw(st.dictionaries(_fields, _nul_text, max_size=2), label="query")
    form = data.draw(st.dictionaries(_fields, _nul_text, max_size=2), label="form")
    client.get(f"/i/{staff.token}")
    assert _send(client, staff, method, path, query, form) < 500
