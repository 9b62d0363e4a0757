"""Starting assessments and inviting respondents from the dashboard: the owner, the one-time
link (area-scoped, in a language) that really opens the questionnaire, revoking, and who
answered what and when."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import Assessment, AuditEvent, Invitation, Organisation
from assessment.models.share import AssessmentShare
from assessment.services import invitations
from tests.dashboard.conftest import own, sign_in
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.factories import make_assessment, make_invitation, make_org, make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def test_a_consultant_starts_an_assessment_they_own(
    client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session)
    sign_in(client, me)
    response = client.post("/dashboard/assessments/new", data={
        "organisation": "  Nordic   Bikes AB ", "language": "nl", "show_summary": "y"})
    assert response.status_code == 303
    assessment = db_session.scalar(sa.select(Assessment))
    assert assessment is not None
    assert response.headers["Location"] == f"/dashboard/assessments/{assessment.id}/invitations"
    assert (assessment.organisation.name, assessment.language) == ("Nordic Bikes AB", "nl")
    share = db_session.scalar(sa.select(AssessmentShare))
    assert share is not None and (share.user_id, share.kind) == (me.id, "owner")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"organisation": "", "language": "en"}, "Enter the organisation"),
        ({"organisation": "x" * 201, "language": "en"}, "at most 200 characters"),
        ({"organisation": "Shop", "language": "de"}, "Not a valid choice"),
    ],
)
def test_bad_input_comes_back_with_the_problem_and_stores_nothing(
    client: FlaskClient, db_session: Session, data: dict[str, str], message: str
) -> None:
    sign_in(client, make_user(db_session))
    response = client.post("/dashboard/assessments/new", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and "There is a problem" in html
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0


def test_an_admin_chooses_the_owner(client: FlaskClient, db_session: Session) -> None:
    admin, consultant = make_user(db_session, role="admin"), make_user(db_session, "c@x.example")
    sign_in(client, admin)
    form = client.get("/dashboard/assessments/new").get_data(as_text=True)
    assert f'<option value="{consultant.id}">c@x.example</option>' in form
    client.post("/dashboard/assessments/new", data={
        "organisation": "Shop", "language": "en", "owner": str(consultant.id)})
    share = db_session.scalar(sa.select(AssessmentShare))
    assert share is not None and share.user_id == consultant.id


def issue(client: FlaskClient, assessment_id: int, **data: Any) -> Any:
    fields = {"respondent_name": "Eva", "respondent_role": "IT manager", "language": "en",
              "ttl_days": "14", **data}
    return client.post(f"/dashboard/assessments/{assessment_id}/invitations", data=fields)


def test_a_link_is_shown_once_and_opens_the_questionnaire(
    client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session)
    assessment = make_assessment(db_session)
    own(db_session, assessment, me)
    sign_in(client, me)
    response = issue(client, assessment.id, areas=["operations", "service"], language="nl")
    assert response.status_code == 201
    html = response.get_data(as_text=True)
    link = re.search(r'value="(http://localhost/i/[^"]+)"', html)
    assert link is not None and "Eva (IT manager)" in html
    token = link.group(1).rsplit("/", 1)[1]
    invitation = db_session.scalar(sa.select(Invitation))
    assert invitation is not None
    assert invitation.token_hash == invitations.hash_token(token) and token not in str(
        db_session.execute(sa.text("select * from invitation")).all())
    assert (invitation.areas, invitation.language) == (["operations", "service"], "nl")
    assert 13 <= (invitation.expires_at - invitation.created_at).days <= 14
    # the listing never shows the link again
    listing = client.get(f"/dashboard/assessments/{assessment.id}/invitations")
    assert token not in listing.get_data(as_text=True)
    # and the link is a real one
    opened = client.get(f"/i/{token}")
    assert opened.status_code == 302 and opened.headers["Location"] == "/a/"


def test_areas_or_languages_posted_by_hand_are_refused(
    client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session)
    assessment = make_assessment(db_session)
    own(db_session, assessment, me)
    sign_in(client, me)
    for data in ({"areas": ["nowhere"]}, {"language": "de"}, {"ttl_days": "400"}):
        response = issue(client, assessment.id, **data)
        assert response.status_code == 422, data
        assert "There is a problem" in response.get_data(as_text=True)
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0


def test_no_new_respondents_once_submitted(client: FlaskClient, db_session: Session) -> None:
    me = make_user(db_session)
    answered = submitted_assessment(db_session, owner=me)
    sign_in(client, me)
    listing = client.get(f"/dashboard/assessments/{answered.assessment.id}/invitations")
    assert "Invite a respondent" not in listing.get_data(as_text=True)
    response = issue(client, answered.assessment.id)
    assert response.status_code == 422
    assert "only be invited before the assessment is submitted" in response.get_data(as_text=True)


def test_who_answered_what_and_when(client: FlaskClient, db_session: Session) -> None:
    me = make_user(db_session)
    answered = submitted_assessment(db_session, owner=me)
    sign_in(client, me)
    html = client.get(f"/dashboard/assessments/{answered.assessment.id}/invitations").get_data(
        as_text=True)
    words = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Leadership lead Leadership English Submitted" in words
    assert re.search(r"Operations lead Operations English Submitted — 2 · last \S", words)
    # profile + two leadership answers
    assert re.search(r"Leadership lead Leadership English Submitted — 3 · last", words)


def test_revoking_a_link(client: FlaskClient, db_session: Session) -> None:
    me = make_user(db_session)
    assessment = make_assessment(db_session)
    own(db_session, assessment, me)
    invitation, token = make_invitation(db_session, assessment, respondent_name="Eva")
    other, _ = make_invitation(db_session)  # of another assessment
    sign_in(client, me)
    base = f"/dashboard/assessments/{assessment.id}/invitations"
    assert client.post(f"{base}/{other.id}/revoke").status_code == 404
    response = client.post(f"{base}/{invitation.id}/revoke")
    assert response.status_code == 303
    db_session.refresh(invitation)
    assert invitation.revoked_at is not None
    event = db_session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "invitation.revoked"))
    assert event is not None and event.actor == f"user:{me.id}"
    closed = client.get(f"/i/{token}")
    assert closed.status_code == 410 and b"This link is no longer active" in closed.data


def test_another_consultant_cannot_invite(client: FlaskClient, db_session: Session) -> None:
    owner, other = make_user(db_session), make_user(db_session)
    assessment = make_assessment(db_session, make_org(db_session))
    own(db_session, assessment, owner)
    sign_in(client, other)
    assert issue(client, assessment.id).status_code == 404
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0
