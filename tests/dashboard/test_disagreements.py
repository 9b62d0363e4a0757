"""Disagreements on the dashboard: the detail page shows both values, both people and the
reason; the consultant resolves each way; other consultants cannot; the lead flag on the
invitation form allows one lead per assessment."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import Answer, Assessment, AuditEvent, Invitation
from assessment.models.disagreement import Disagreement
from assessment.services import answers, disagreements
from tests.dashboard.conftest import DASHBOARD_CONFIG, own, sign_in
from tests.factories import (
    WEBTEST_PROFILE,
    WEBTEST_WAREHOUSE,
    make_invitation,
    make_user,
)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return DASHBOARD_CONFIG


def _with_disagreement(session: Session) -> tuple[Assessment, Disagreement]:
    joost, _ = make_invitation(session, areas=["warehouse"], respondent_name="Joost",
                               respondent_role="Warehouse manager")
    sanne, _ = make_invitation(session, joost.assessment, respondent_name="Sanne")
    answers.save_section(session, joost, "profile", WEBTEST_PROFILE, {})
    answers.save_section(session, joost, "warehouse", WEBTEST_WAREHOUSE, {})
    answers.submit(session, joost)
    found = disagreements.record(session, sanne, "packing_per_hour", 40,
                                 "On an average day we pack 40 <b>an hour</b>.")
    session.commit()
    return joost.assessment, found


def _stored(session: Session, question_id: str) -> tuple[Any, int]:
    row = session.scalar(sa.select(Answer).where(Answer.question_id == question_id)
                         .execution_options(populate_existing=True))
    assert row is not None
    return row.value, row.version


def test_the_detail_page_shows_open_disagreements(client: FlaskClient,
                                                  db_session: Session) -> None:
    me = make_user(db_session)
    assessment, found = _with_disagreement(db_session)
    own(db_session, assessment, me)
    sign_in(client, me)
    html = client.get(f"/dashboard/assessments/{assessment.id}").get_data(as_text=True)
    assert "1 open disagreement" in html
    panel = html.split('id="disagreements"')[1].split("</section>")[0]
    assert "Joost (Warehouse manager)" in panel and "Sanne" in panel
    assert "60" in panel and "40" in panel
    assert "&lt;b&gt;an hour&lt;/b&gt;" in panel and "<b>an hour</b>" not in panel
    assert f"/disagreements/{found.id}/resolve" in panel
    listed = client.get("/dashboard/").get_data(as_text=True)
    assert "1 open disagreement" in listed


@pytest.mark.parametrize(("choice", "value", "version", "message"), [
    ("keep", 60, 1, "The answer given is kept."),
    ("adopt", 40, 2, "The other answer is now the stored answer."),
])
def test_the_consultant_resolves_a_disagreement(
    client: FlaskClient, db_session: Session, choice: str, value: int, version: int,
    message: str,
) -> None:
    me = make_user(db_session)
    assessment, found = _with_disagreement(db_session)
    own(db_session, assessment, me)
    sign_in(client, me)
    url = f"/dashboard/assessments/{assessment.id}/disagreements/{found.id}/resolve"
    done = client.post(url, data={"choice": choice, "note": "Checked with the client."})
    assert done.status_code == 303 and done.headers["Location"].endswith("#disagreements")
    assert _stored(db_session, "packing_per_hour") == (value, version)
    db_session.refresh(found)
    assert (found.resolution, found.resolved_by, found.resolution_note) == (
        choice, me.email, "Checked with the client.")
    page = client.get(f"/dashboard/assessments/{assessment.id}").get_data(as_text=True)
    assert message in page and 'id="disagreements"' not in page
    assert db_session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "disagreement.resolved")) == 1
    again = client.post(url, data={"choice": "adopt"})
    assert again.status_code == 409


def test_resolving_needs_a_choice(client: FlaskClient, db_session: Session) -> None:
    me = make_user(db_session)
    assessment, found = _with_disagreement(db_session)
    own(db_session, assessment, me)
    sign_in(client, me)
    url = f"/dashboard/assessments/{assessment.id}/disagreements/{found.id}/resolve"
    refused = client.post(url, data={"choice": "both"})
    assert refused.status_code == 422
    assert "Not a valid choice" in refused.get_data(as_text=True)
    empty = client.post(url, data={})
    assert empty.status_code == 422
    assert "Choose which answer applies." in empty.get_data(as_text=True)
    assert client.post(f"/dashboard/assessments/{assessment.id}/disagreements/999999/resolve",
                       data={"choice": "keep"}).status_code == 404
    db_session.refresh(found)
    assert found.is_open and _stored(db_session, "packing_per_hour") == (60, 1)


def test_another_consultant_cannot_see_or_resolve(client: FlaskClient,
                                                  db_session: Session) -> None:
    owner, other = make_user(db_session), make_user(db_session)
    assessment, found = _with_disagreement(db_session)
    own(db_session, assessment, owner)
    sign_in(client, other)
    assert client.get(f"/dashboard/assessments/{assessment.id}").status_code == 404
    refused = client.post(
        f"/dashboard/assessments/{assessment.id}/disagreements/{found.id}/resolve",
        data={"choice": "adopt"})
    assert refused.status_code == 404
    db_session.refresh(found)
    assert found.is_open and _stored(db_session, "packing_per_hour") == (60, 1)


def test_the_invitation_form_marks_one_lead(client: FlaskClient, db_session: Session) -> None:
    me = make_user(db_session)
    first, _ = make_invitation(db_session, respondent_name="Existing")
    assessment = first.assessment
    own(db_session, assessment, me)
    sign_in(client, me)
    url = f"/dashboard/assessments/{assessment.id}/invitations"
    made = client.post(url, data={"respondent_name": "Lena", "language": "en",
                                  "ttl_days": "30", "lead": "y"})
    assert made.status_code == 201
    lead = db_session.scalar(sa.select(Invitation).where(Invitation.respondent_name == "Lena"))
    assert lead is not None and lead.lead
    listed = client.get(url).get_data(as_text=True)
    assert "Lead respondent" in listed and 'class="tag dash-lead"' in listed
    refused = client.post(url, data={"respondent_name": "Mark", "language": "en",
                                     "ttl_days": "30", "lead": "y"})
    assert refused.status_code == 422
    assert "already has a lead respondent: Lena" in refused.get_data(as_text=True)
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Invitation)
                             .where(Invitation.lead.is_(True))) == 1
