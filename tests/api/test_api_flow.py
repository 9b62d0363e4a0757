"""The API end to end, as a CRM would use it: organisation, assessment, invitation, answers
imported, review, approval, report; with problem details for every refusal."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from assessment.models.audit import AuditEvent
from assessment.models.user import User
from tests.api.support import API_CONFIG, Api, token_for
from tests.dashboard.review_support import LEADERSHIP, OPERATIONS, PROFILE, SERVICE
from tests.factories import make_user

ANSWERS = {**PROFILE, **LEADERSHIP, **OPERATIONS, **SERVICE}


@pytest.fixture
def app_config() -> dict[str, Any]:
    return API_CONFIG


@pytest.fixture
def consultant_api(app: Flask, db_session: Session) -> Api:
    return Api(app, token_for(db_session, make_user(db_session, "kim@example.com")))


def test_from_organisation_to_approved_report(app: Flask, db_session: Session,
                                              consultant_api: Api) -> None:
    api = consultant_api
    created = api.post("/api/v1/organisations", json={"name": "Fjällsport AB"})
    assert created.status_code == 201, created.get_json()
    organisation = created.get_json()
    assert organisation["name"] == "Fjällsport AB"
    assert api.get(organisation["url"].replace("http://localhost", "")).status_code == 200

    made = api.post("/api/v1/assessments", json={"organisation_id": organisation["id"],
                                                 "language": "nl"})
    assert made.status_code == 201, made.get_json()
    assessment = made.get_json()
    assert assessment["status"] == "invited" and assessment["scores"] is None
    assert assessment["language"] == "nl"
    base = f"/api/v1/assessments/{assessment['id']}"

    invited = api.post(f"{base}/invitations", json={"respondent_name": "Eva", "lead": True})
    assert invited.status_code == 201
    assert invited.get_json()["link"].startswith("http://localhost/i/")
    listed = api.get(f"{base}/invitations").get_json()
    assert [i["respondent"] for i in listed] == ["Eva"] and "link" not in listed[0]

    bad = api.put(f"{base}/answers", json={"answers": {"stock_accuracy": 180, "nope": 1}})
    assert bad.status_code == 422 and bad.mimetype == "application/problem+json"
    fields = {e["field"] for e in bad.get_json()["errors"]}
    assert fields == {"stock_accuracy", "nope"}
    incomplete = api.put(f"{base}/answers", json={"answers": {"org_size": "large"}})
    assert incomplete.status_code == 422
    assert "sponsor" in {e["field"] for e in incomplete.get_json()["errors"]}

    imported = api.put(f"{base}/answers", json={"answers": ANSWERS})
    assert imported.status_code == 200, imported.get_json()
    scored = imported.get_json()
    assert scored["status"] == "submitted"
    assert scored["scores"]["overall_band"] in {"red", "amber", "green"}
    assert {f["id"] for f in scored["findings"]} >= {"LEAD-1", "OPS-1", "SERV-1"}
    assert api.put(f"{base}/answers", json={"answers": ANSWERS}).status_code == 409
    answers = api.get(f"{base}/answers").get_json()
    assert {a["question_id"]: a["value"] for a in answers["answers"]}["stock_accuracy"] == 80

    assert api.post(f"{base}/review/approve").status_code == 409  # not in review yet
    assert api.post(f"{base}/review/start").get_json()["status"] == "in_review"
    asked = api.post(f"{base}/review/request-changes", json={"comments": {"nope": "x"}})
    assert asked.status_code == 422
    approved = api.post(f"{base}/review/approve")
    assert approved.status_code == 200 and approved.get_json()["status"] == "approved"

    report = api.get(f"{base}/report?edition=executive")
    assert report.status_code == 200 and report.mimetype == "application/pdf"
    assert report.data.startswith(b"%PDF-")
    status = api.get(f"{base}/report/status?edition=executive").get_json()
    assert status["state"] == "ready" and status["download_url"].endswith("edition=executive")
    page = api.get("/api/v1/assessments?status=approved").get_json()
    assert [row["id"] for row in page["items"]] == [assessment["id"]]
    actors = set(db_session.scalars(sa.select(AuditEvent.actor).where(
        AuditEvent.assessment_id == assessment["id"])))
    kim = db_session.scalars(sa.select(User).where(User.email == "kim@example.com")).one()
    assert actors == {f"user:{kim.id}"}  # every step is the token's user's


def test_refusals_are_problem_details(app: Flask, db_session: Session,
                                      consultant_api: Api) -> None:
    nobody = Api(app, None)
    missing = nobody.get("/api/v1/assessments")
    assert missing.status_code == 401 and missing.mimetype == "application/problem+json"
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    assert missing.get_json()["detail"].startswith("Send a personal API token")
    wrong = Api(app, "cra_" + "x" * 43).get("/api/v1/assessments")
    assert wrong.status_code == 401 and "unknown" in wrong.get_json()["detail"]
    assert consultant_api.get("/api/v1/assessments/99999").status_code == 404
    unknown = consultant_api.get("/api/v1/nothing-here")
    assert unknown.status_code == 404 and unknown.mimetype == "application/problem+json"
    bad_query = consultant_api.get("/api/v1/assessments?per_page=7")
    assert bad_query.status_code == 422
    assert bad_query.get_json()["errors"][0]["field"] == "per_page"
    form = consultant_api.client.post(
        "/api/v1/organisations", data={"name": "x"},
        headers={"Authorization": f"Bearer {consultant_api.token}"})
    assert form.status_code == 415
    extra = consultant_api.post("/api/v1/organisations", json={"name": "A", "nmae": "B"})
    assert extra.status_code == 422 and extra.get_json()["errors"][0]["field"] == "nmae"


def test_problems_speak_the_client_s_language(app: Flask) -> None:
    # (a test's app context keeps the first request's locale: one language per test)
    dutch = Api(app, None).get("/api/v1/assessments", headers={"Accept-Language": "nl"})
    assert dutch.status_code == 401
    assert dutch.get_json()["detail"].startswith("Stuur een persoonlijk API-token mee")


def test_a_read_token_reads_only(app: Flask, db_session: Session) -> None:
    reader = Api(app, token_for(db_session, make_user(db_session, "ro@example.com"), "read"))
    assert reader.get("/api/v1/organisations").status_code == 200
    refused = reader.post("/api/v1/organisations", json={"name": "X"})
    assert refused.status_code == 403 and "scope read" in refused.get_json()["detail"]


def test_the_openapi_document_describes_every_route(app: Flask) -> None:
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    paths = document["paths"]
    rules = {rule.rule for rule in app.url_map.iter_rules()
             if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.openapi"}
    assert len(paths) == len(rules) >= 12
    problem = paths["/api/v1/assessments/{assessment_id}"]["get"]["responses"]["404"]
    assert "application/problem+json" in problem["content"]
    parameter = paths["/api/v1/assessments/{assessment_id}"]["get"]["parameters"][0]
    assert parameter["schema"] == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
