"""Overrides from the dashboard: the override form, adding a finding, withdrawing; problems
come back on the form with what was typed."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models.override import FindingOverride
from assessment.services.reviewed import reviewed_result
from tests.dashboard.conftest import sign_in
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.factories import make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def in_force(session: Session) -> list[tuple[str, str, str | None]]:
    rows = session.scalars(sa.select(FindingOverride).where(FindingOverride.withdrawn_at.is_(None))
                           .order_by(FindingOverride.id))
    return [(r.kind, r.rule_id, r.severity) for r in rows]


def test_changing_a_severity(client: FlaskClient, db_session: Session) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    sign_in(client, me)
    url = f"/dashboard/assessments/{assessment.id}/findings/OPS-1/override"
    form = client.get(url).get_data(as_text=True)
    assert "The rules gave it the severity Medium." in form
    response = client.post(url, data={"action": "severity", "severity": "high",
                                      "justification": "Peak season is near."})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/assessments/{assessment.id}#finding-OPS-1")
    assert in_force(db_session) == [("severity", "OPS-1", "high")]


def test_dismissing_and_withdrawing(client: FlaskClient, db_session: Session) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    sign_in(client, me)
    client.post(f"/dashboard/assessments/{assessment.id}/findings/SERV-1/override",
                data={"action": "dismiss", "severity": "high", "justification": "Holiday."})
    assert in_force(db_session) == [("dismiss", "SERV-1", None)]
    found = reviewed_result(db_session, assessment)
    assert found is not None
    [made] = found.history
    response = client.post(f"/dashboard/assessments/{assessment.id}/overrides/{made.id}/withdraw")
    assert response.status_code == 303
    assert in_force(db_session) == []
    again = client.post(f"/dashboard/assessments/{assessment.id}/overrides/{made.id}/withdraw")
    assert again.status_code == 303
    detail = client.get(f"/dashboard/assessments/{assessment.id}").get_data(as_text=True)
    assert "This override was already withdrawn." in detail


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "severity", "severity": "high", "justification": ""},
         "Give a justification: it is kept with the override."),
        ({"action": "severity", "severity": "medium", "justification": "Same."},
         "That is the severity the rules gave."),
        ({"action": "severity", "severity": "urgent", "justification": "Why."},
         "Choose high, medium or low."),
        ({"severity": "high", "justification": "Why."}, "Choose what should happen"),
    ],
)
def test_problems_come_back_on_the_form(
    client: FlaskClient, db_session: Session, data: dict[str, str], message: str
) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    sign_in(client, me)
    response = client.post(f"/dashboard/assessments/{assessment.id}/findings/OPS-1/override",
                           data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    if data.get("justification"):
        assert f"{data['justification']}</textarea>" in html
    assert in_force(db_session) == []


def test_an_unknown_finding_has_no_override_page(client: FlaskClient, db_session: Session) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    sign_in(client, me)
    for rule in ("OPS-2", "NOPE", "REV-1"):
        url = f"/dashboard/assessments/{assessment.id}/findings/{rule}/override"
        assert client.get(url).status_code == 404


def added(**changes: Any) -> dict[str, Any]:
    return {"title": "No returns policy", "area": "service", "severity": "medium",
            "explanation": "The shop does not say how to return goods.",
            "recommendation": "Publish one.", "owner": "service_lead", "effort": "S",
            "sources": ["KS-1"], "justification": "Seen on site.", **changes}


def test_adding_a_finding(client: FlaskClient, db_session: Session) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    sign_in(client, me)
    url = f"/dashboard/assessments/{assessment.id}/findings/new"
    assert "Customer service lead" in client.get(url).get_data(as_text=True)
    response = client.post(url, data=added())
    assert response.status_code == 303
    assert response.headers["Location"].endswith("#finding-REV-1")
    detail = client.get(f"/dashboard/assessments/{assessment.id}").get_data(as_text=True)
    block = detail.split('id="finding-REV-1"')[1].split("</article>")[0]
    text = " ".join(re.sub(r"<[^>]+>", " ", block).split())
    assert "No returns policy" in text and "Added by a consultant" in text
    assert "Remove this finding" in text


@pytest.mark.parametrize("changes", [{"area": "nowhere"}, {"owner": "ceo"}, {"effort": "XL"},
                                     {"sources": ["RR-9"]}, {"title": ""},
                                     {"justification": ""}])
def test_a_bad_added_finding_is_refused(
    client: FlaskClient, db_session: Session, changes: dict[str, Any]
) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    sign_in(client, me)
    response = client.post(f"/dashboard/assessments/{assessment.id}/findings/new",
                           data=added(**changes))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert "The shop does not say how to return goods.</textarea>" in html
    assert in_force(db_session) == []
