"""Who may call which API route: every route for every role, and every route refused for a
token that is missing, malformed, revoked, expired, of a deactivated account, or (for the
routes that change something) of scope read.

The routes come from the app's url_map: a route added without a row in ``EXPECTED`` fails
``test_every_api_route_has_a_row``. The assessment is approved, owned by ``owner`` and shared
with ``collaborator``; ``other`` is a consultant it is not shared with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from assessment.models.api_token import ApiToken
from assessment.models.types import utcnow
from assessment.services import review
from tests.api.support import API_CONFIG, Api, token_for
from tests.dashboard.conftest import own
from tests.dashboard.review_support import submitted_assessment
from tests.factories import make_user

ROLES = ("owner", "collaborator", "other", "sales", "admin")
READING = {"GET"}


@dataclass(frozen=True)
class Row:
    """One route: method, path template, body, and the status each role gets."""

    method: str
    path: str
    owner: int
    other: int
    sales: int
    body: Any = None
    collaborator: int | None = None  # None: as the owner
    admin: int | None = None  # None: as the owner

    def status(self, role: str) -> int:
        value = getattr(self, role)
        return self.owner if value is None else int(value)


A = "/api/v1/assessments/{assessment}"
EXPECTED = {
    "api.organisations_list": Row("GET", "/api/v1/organisations", 200, 200, 200),
    "api.organisation_create": Row("POST", "/api/v1/organisations", 201, 201, 403,
                                   {"name": "Nordic Bikes AB"}),
    "api.organisation_read": Row("GET", "/api/v1/organisations/{organisation}", 200, 404, 200),
    "api.assessments_list": Row("GET", "/api/v1/assessments", 200, 200, 200),
    "api.assessment_create": Row("POST", "/api/v1/assessments", 201, 404, 403,
                                 {"organisation_id": "{organisation}"}),
    "api.assessment_read": Row("GET", A, 200, 404, 200),
    "api.invitations_list": Row("GET", A + "/invitations", 200, 404, 403),
    "api.invitation_create": Row("POST", A + "/invitations", 422, 404, 403, {}),
    "api.invitation_revoke": Row("POST", A + "/invitations/{invitation}/revoke", 200, 404, 403),
    "api.answers_read": Row("GET", A + "/answers", 200, 404, 403),
    "api.answers_import": Row("PUT", A + "/answers", 409, 404, 403, {"answers": {}}),
    "api.review_start": Row("POST", A + "/review/start", 409, 404, 403),
    "api.review_request_changes": Row("POST", A + "/review/request-changes", 409, 404, 403,
                                      {"comments": {"sponsor": "Really?"}}),
    "api.review_approve": Row("POST", A + "/review/approve", 409, 404, 403),
    "api.report": Row("GET", A + "/report?edition=executive", 200, 404, 200),
    "api.report_status": Row("GET", A + "/report/status", 200, 404, 200),
}


@pytest.fixture
def app_config() -> dict[str, Any]:
    return API_CONFIG


@pytest.fixture
def world(db_session: Session) -> dict[str, Any]:
    people = {name: make_user(db_session, f"{name}@example.com",
                              role={"sales": "sales", "admin": "admin"}.get(name, "consultant"))
              for name in ROLES}
    answered = submitted_assessment(db_session, owner=people["owner"])
    assessment = answered.assessment
    own(db_session, assessment, people["collaborator"], kind="shared")
    review.start_review(db_session, assessment, people["owner"])
    review.approve(db_session, assessment, people["owner"])
    db_session.commit()
    return {"people": people, "ids": {
        "assessment": assessment.id, "organisation": assessment.organisation_id,
        "invitation": answered.by_area["service"].id}}


def _call(api: Api, row: Row, ids: dict[str, int]) -> Any:
    path = row.path.format(**ids)
    body = row.body
    if isinstance(body, dict):
        body = {key: (ids[value[1:-1]] if isinstance(value, str) and value.startswith("{")
                      else value) for key, value in body.items()}
    if row.method == "GET":
        return api.get(path)
    if row.method == "PUT":
        return api.put(path, json=body)
    return api.post(path, json=body if body is not None else {})


def test_every_api_route_has_a_row(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()
                 if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi"}
    assert endpoints == set(EXPECTED)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(EXPECTED))
def test_each_role_on_each_route(app: Flask, db_session: Session, world: dict[str, Any],
                                 role: str, endpoint: str) -> None:
    row = EXPECTED[endpoint]
    api = Api(app, token_for(db_session, world["people"][role]))
    response = _call(api, row, world["ids"])
    assert response.status_code == row.status(role), (role, response.get_json(silent=True))
    if response.status_code >= 400:
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["status"] == response.status_code


def _refused_tokens(session: Session, people: dict[str, Any]) -> dict[str, str]:
    revoked = token_for(session, people["owner"])
    expired = token_for(session, people["owner"], expires_in_days=1)
    deactivated = token_for(session, people["collaborator"])
    for token in session.query(ApiToken).all():
        if revoked.startswith(token.prefix):
            token.revoked_at = utcnow()
        if expired.startswith(token.prefix):
            token.expires_at = utcnow() - timedelta(minutes=1)
    people["collaborator"].active = False
    session.commit()
    return {"revoked": revoked, "expired": expired, "deactivated": deactivated,
            "malformed": "not-a-token", "unknown": "cra_" + "A" * 43}


def test_a_refused_token_gets_401_on_every_route(app: Flask, db_session: Session,
                                                 world: dict[str, Any]) -> None:
    tokens = _refused_tokens(db_session, world["people"])
    words = {"revoked": "was revoked", "expired": "expired", "deactivated": "deactivated",
             "malformed": "malformed", "unknown": "unknown"}
    for name, token in tokens.items():
        for endpoint, row in EXPECTED.items():
            response = _call(Api(app, token), row, world["ids"])
            assert response.status_code == 401, (name, endpoint)
            assert words[name] in response.get_json()["detail"], (name, endpoint)
            assert response.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')
    for endpoint, row in EXPECTED.items():
        assert _call(Api(app, None), row, world["ids"]).status_code == 401, endpoint


def test_a_read_token_may_not_change_anything(app: Flask, db_session: Session,
                                              world: dict[str, Any]) -> None:
    reader = Api(app, token_for(db_session, world["people"]["owner"], "read"))
    for endpoint, row in EXPECTED.items():
        response = _call(reader, row, world["ids"])
        if row.method in READING:
            assert response.status_code == row.owner, endpoint
        else:
            assert response.status_code == 403, endpoint
            assert "scope read" in response.get_json()["detail"]


def test_the_openapi_document_needs_no_token(app: Flask) -> None:
    assert Api(app, None).get("/api/v1/openapi.json").status_code == 200


def test_sales_read_only_approved_assessments(app: Flask, db_session: Session,
                                              world: dict[str, Any]) -> None:
    pending = submitted_assessment(db_session, owner=world["people"]["owner"]).assessment
    sales = Api(app, token_for(db_session, world["people"]["sales"]))
    assert sales.get(f"/api/v1/assessments/{pending.id}").status_code == 403
    assert sales.get(f"/api/v1/assessments/{pending.id}/report").status_code == 403
    listed = sales.get("/api/v1/assessments").get_json()
    assert [row["id"] for row in listed["items"]] == [world["ids"]["assessment"]]
    assert sales.get("/api/v1/assessments?status=submitted").get_json()["total"] == 0
    owner = Api(app, token_for(db_session, world["people"]["owner"]))
    assert owner.get("/api/v1/assessments").get_json()["total"] == 2
