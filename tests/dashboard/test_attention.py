"""The attention queue: what appears in it, when it leaves, overdue, unopened invitations."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models.types import utcnow
from assessment.models.user import User
from assessment.services import answers, attention, review
from assessment.services.attention import Reason
from assessment.services.change_requests import request_changes
from tests.dashboard.conftest import own, sign_in
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.factories import days_ago, make_assessment, make_invitation, make_org, make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def reasons(session: Session, user: User, **kwargs: Any) -> dict[int, list[str]]:
    return {row.assessment_id: [w.reason.value for w in row.waits]
            for row in attention.queue(session, user, **kwargs)}


def test_a_submission_appears_and_leaves_once_review_starts_or_it_is_approved(
    db_session: Session,
) -> None:
    me = make_user(db_session)
    answered = submitted_assessment(db_session, owner=me)
    assessment = answered.assessment
    assert reasons(db_session, me) == {assessment.id: [Reason.SUBMITTED]}

    review.start_review(db_session, assessment, me)
    db_session.commit()
    assert reasons(db_session, me) == {}
    review.approve(db_session, assessment, me)
    db_session.commit()
    assert reasons(db_session, me) == {}


def test_answered_change_requests_come_back_as_such(db_session: Session) -> None:
    me = make_user(db_session)
    answered = submitted_assessment(db_session, owner=me)
    assessment, ops = answered.assessment, answered.by_area["operations"]
    review.start_review(db_session, assessment, me)
    request_changes(db_session, assessment, me, {"stock_accuracy": "Check."})
    db_session.commit()
    assert reasons(db_session, me) == {}  # waiting on the respondent, not on us

    answers.save_section(db_session, ops, "operations", {"stock_accuracy": 97},
                         {"stock_accuracy": 1})
    answers.submit(db_session, ops)
    db_session.commit()
    assert reasons(db_session, me) == {assessment.id: [Reason.CHANGES_ANSWERED]}


def test_only_assessments_the_user_may_see(db_session: Session) -> None:
    me, other = make_user(db_session), make_user(db_session)
    admin = make_user(db_session, role="admin")
    answered = submitted_assessment(db_session, owner=me)
    assert reasons(db_session, other) == {}
    assert list(reasons(db_session, admin)) == [answered.assessment.id]


def test_invitations_unopened_after_n_days(db_session: Session) -> None:
    me = make_user(db_session)
    assessment = make_assessment(db_session)
    own(db_session, assessment, me)
    old, _ = make_invitation(db_session, assessment)
    make_invitation(db_session, assessment)  # made today: not yet a worry
    old.created_at = days_ago(6)
    db_session.commit()
    assert reasons(db_session, me, unopened_days=5) == {assessment.id: [Reason.UNOPENED]}
    assert reasons(db_session, me, unopened_days=7) == {}

    old.first_used_at = utcnow()  # the respondent opened it
    db_session.commit()
    assert reasons(db_session, me, unopened_days=5) == {}


def test_revoked_or_expired_invitations_do_not_count(db_session: Session) -> None:
    me = make_user(db_session)
    assessment = make_assessment(db_session)
    own(db_session, assessment, me)
    revoked, _ = make_invitation(db_session, assessment, revoked=True)
    expired, _ = make_invitation(db_session, assessment, expires_at=days_ago(1))
    for invitation in (revoked, expired):
        invitation.created_at = days_ago(10)
    db_session.commit()
    assert reasons(db_session, me) == {}


def test_overdue_is_marked_and_the_longest_wait_comes_first(db_session: Session) -> None:
    me = make_user(db_session)
    late = make_assessment(db_session, make_org(db_session, "Late AB"))
    due_later = make_assessment(db_session, make_org(db_session, "Not yet AB"))
    for assessment in (late, due_later):
        own(db_session, assessment, me)
    answered = submitted_assessment(db_session, owner=me)
    answered.assessment.submitted_at = days_ago(2)
    late.due_date = date.today() - timedelta(days=9)
    due_later.due_date = date.today() + timedelta(days=3)
    db_session.commit()

    rows = attention.queue(db_session, me)
    assert [row.assessment_id for row in rows] == [late.id, answered.assessment.id]
    assert rows[0].overdue and not rows[1].overdue
    assert rows[0].days_waiting(utcnow()) == 9
    assert rows[1].days_waiting(utcnow()) == 2

    late.status = "approved"  # an approved assessment is never overdue
    db_session.commit()
    assert [row.assessment_id for row in attention.queue(db_session, me)] == [
        answered.assessment.id]


def test_the_assignee_defaults_to_the_owner_and_can_be_changed(db_session: Session) -> None:
    me = make_user(db_session, "me@example.com")
    colleague = make_user(db_session, "colleague@example.com")
    stranger = make_user(db_session, "stranger@example.com")
    answered = submitted_assessment(db_session, owner=me)
    assessment = answered.assessment
    own(db_session, assessment, colleague, kind="shared")
    [row] = attention.queue(db_session, me)
    assert row.assignee == "me@example.com"

    attention.set_assignment(db_session, assessment, me, assignee_id=colleague.id,
                             due_date=date(2027, 1, 31))
    db_session.commit()
    [row] = attention.queue(db_session, me)
    assert (row.assignee, row.due_date) == ("colleague@example.com", date(2027, 1, 31))

    with pytest.raises(attention.DomainError):
        attention.set_assignment(db_session, assessment, me, assignee_id=stranger.id,
                                 due_date=None)
    with pytest.raises(attention.DomainError):
        attention.parse_due_date("31/01/2027")


# --- the pages ------------------------------------------------------------------------


def test_the_queue_page_shows_days_waiting_and_overdue(
    client: FlaskClient, db_session: Session,
) -> None:
    me = make_user(db_session)
    answered = submitted_assessment(db_session, owner=me,
                                    organisation=make_org(db_session, "Fjällsport AB"))
    answered.assessment.submitted_at = days_ago(3)
    answered.assessment.due_date = date.today() - timedelta(days=1)
    db_session.commit()
    sign_in(client, me)
    page = client.get("/dashboard/attention")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Fjällsport AB" in text and "3 days" in text
    assert "Submitted, waiting for review" in text and 'class="dash-overdue"' in text

    dutch = client.get("/dashboard/attention", headers={"Accept-Language": "nl"})
    assert "Ingediend, wacht op beoordeling" in dutch.get_data(as_text=True)


def test_the_assignment_form_saves_and_refuses_clearly(
    client: FlaskClient, db_session: Session,
) -> None:
    me = make_user(db_session)
    stranger = make_user(db_session)
    answered = submitted_assessment(db_session, owner=me)
    url = f"/dashboard/assessments/{answered.assessment.id}/assignment"
    sign_in(client, me)
    assert client.get(url).status_code == 200
    bad = client.post(url, data={"assignee": str(me.id), "due_date": "next week"})
    assert bad.status_code == 422
    assert "Enter the due date as a date" in bad.get_data(as_text=True)
    refused = client.post(url, data={"assignee": str(stranger.id), "due_date": ""})
    assert refused.status_code == 422
    assert "Choose an active consultant" in refused.get_data(as_text=True)
    done = client.post(url, data={"assignee": str(me.id), "due_date": "2027-02-01"})
    assert done.status_code == 303
    db_session.refresh(answered.assessment)
    assert answered.assessment.due_date == date(2027, 2, 1)
    assert answered.assessment.assignee_id == me.id


def test_the_detail_page_opens_with_findings_by_severity_and_the_assignment_link(
    client: FlaskClient, db_session: Session,
) -> None:
    me = make_user(db_session)
    answered = submitted_assessment(db_session, owner=me)
    assessment = answered.assessment
    fired = [f["severity"] for f in assessment.result["result"]["findings"]]
    sign_in(client, me)
    page = client.get(f"/dashboard/assessments/{assessment.id}").get_data(as_text=True)
    summary = page[page.index('class="dash-sevsummary"'):page.index("</nav>", page.index(
        'class="dash-sevsummary"'))]
    for key, label in (("high", "High"), ("medium", "Medium"), ("low", "Low")):
        assert f"{label}: <strong>{fired.count(key)}</strong>" in summary
    assert page.index("dash-sevsummary") < page.index('id="findings"')
    assert f"/dashboard/assessments/{assessment.id}/assignment" in page
