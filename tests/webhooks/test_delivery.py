"""Deliveries to a real local receiver: a webhook registered on the dashboard gets the
approval signed with its secret, is retried after a failure by the background pool, and
every try is recorded and shown; submissions, changes answered, and who receives what."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment import jobs, unit_of_work
from assessment.jobs.webhooks import post
from assessment.models import Assessment, Invitation, User
from assessment.models.webhook import Webhook, WebhookDelivery
from assessment.services import answers, change_requests, review
from tests.conftest import IsolatedClient
from tests.dashboard.conftest import own, sign_in
from tests.dashboard.review_support import PROFILE, REVIEW_CONFIG, SECTIONS, submitted_assessment
from tests.factories import make_assessment, make_invitation, make_org, make_user
from tests.mail.conftest import free_port
from tests.webhooks.conftest import Receiver, check_signature

SECRET = re.compile(r"whsec_[0-9a-f]{64}")


def register(client: FlaskClient, url: str, events: list[str]) -> str:
    """Register a webhook on the dashboard; the secret the page shows once."""
    response = client.post("/dashboard/webhooks", data={"url": url, "events": events})
    page = response.get_data(as_text=True)
    assert response.status_code == 201, page
    found = SECRET.search(page)
    assert found is not None, page
    return found.group(0)


def staff(app: Flask, user: User) -> FlaskClient:
    """A client signed in as the user, each request in an app context of its own."""
    app.test_client_class = IsolatedClient
    client = app.test_client()
    sign_in(client, user)
    return client


def approve(session: Session, assessment: Assessment, user: User) -> None:
    """Start the review and approve, each step a unit of work as a request would be."""
    session.refresh(assessment)
    with unit_of_work.command(session):
        review.start_review(session, assessment, user)
    with unit_of_work.command(session):
        review.approve(session, assessment, user)


def deliveries(session: Session) -> list[WebhookDelivery]:
    session.expire_all()
    return list(session.scalars(sa.select(WebhookDelivery).order_by(WebhookDelivery.id)))


class TestInTheBackground:
    """Jobs on the in-process pool (no Redis), retried at once (0 s intervals)."""

    @pytest.fixture
    def app_config(self, receiver: Receiver) -> dict[str, Any]:
        return {**REVIEW_CONFIG, "WEBHOOK_ALLOWED_HOSTS": receiver.host,
                "JOBS_EAGER": False, "JOB_RETRY_INTERVALS": [0, 0]}

    def test_an_approval_is_signed_retried_after_a_failure_and_recorded(
            self, app: Flask, db_session: Session, receiver: Receiver) -> None:
        owner = make_user(db_session, "owner@example.com")
        client = staff(app, owner)
        secret = register(client, receiver.url(), ["assessment.approved"])
        assessment = submitted_assessment(
            db_session, owner=owner, organisation=make_org(db_session, "Fjällsport AB")
        ).assessment
        receiver.answers = [500]  # the first try fails, the retry is accepted
        approve(db_session, assessment, owner)
        jobs.wait_for_in_process_jobs()

        first, second = receiver.requests
        assert first.body == second.body and first.path == "/hooks/assessment"
        assert first.headers["Webhook-Id"] == second.headers["Webhook-Id"]
        assert first.headers["Webhook-Event"] == "assessment.approved"
        assert first.headers["Content-Type"].startswith("application/json")
        check_signature(secret, first)
        check_signature(secret, second)
        body = second.json()
        assert body["event"] == "assessment.approved"
        assert body["assessment"]["id"] == assessment.id
        assert body["assessment"]["organisation"] == "Fjällsport AB"
        assert body["assessment"]["status"] == "approved"
        assert body["assessment"]["overall_score"] is not None
        assert body["assessment"]["url"] == (
            f"http://localhost/dashboard/assessments/{assessment.id}")
        assert body["occurred_at"].endswith("Z") and body["assessment"]["approved_at"]

        [delivery] = deliveries(db_session)
        assert str(delivery.id) == first.headers["Webhook-Id"]
        assert (delivery.event, delivery.outcome, delivery.attempts, delivery.last_status) == (
            "assessment.approved", "delivered", 2, 200)
        assert delivery.last_error is None and delivery.next_try_at is None
        assert delivery.delivered_at is not None and delivery.assessment_id == assessment.id
        assert delivery.payload.encode() == second.body

        page = client.get(f"/dashboard/webhooks/{delivery.webhook_id}").get_data(as_text=True)
        assert "Delivered" in page and "assessment.approved" in page
        assert ">200<" in page and ">2<" in page

    def test_a_delivery_that_keeps_failing_is_recorded_as_failed_after_the_retries(
            self, app: Flask, db_session: Session, receiver: Receiver) -> None:
        owner = make_user(db_session, "owner@example.com")
        client = staff(app, owner)
        register(client, receiver.url(), ["assessment.approved"])
        assessment = submitted_assessment(db_session, owner=owner).assessment
        receiver.answers = [500, 502, 503]
        approve(db_session, assessment, owner)
        jobs.wait_for_in_process_jobs()
        assert len(receiver.requests) == 3, "the first try and two retries"
        [delivery] = deliveries(db_session)
        assert (delivery.outcome, delivery.attempts, delivery.last_status) == ("failed", 3, 503)
        assert delivery.last_error == "the receiver answered HTTP 503"
        assert delivery.delivered_at is None and delivery.next_try_at is None
        page = client.get(f"/dashboard/webhooks/{delivery.webhook_id}").get_data(as_text=True)
        assert "Failed" in page and "the receiver answered HTTP 503" in page


def test_only_webhooks_whose_owner_may_see_the_assessment_receive_its_events(
        app: Flask, db_session: Session, receiver: Receiver) -> None:
    owner = make_user(db_session, "owner@example.com")
    other = make_user(db_session, "other@example.com")
    admin = make_user(db_session, "admin@example.com", role="admin")
    quiet = make_user(db_session, "quiet@example.com")
    secrets = {"owner": register(staff(app, owner), receiver.url("/owner"),
                                 ["assessment.approved"]),
               "admin": register(staff(app, admin), receiver.url("/admin"),
                                 ["assessment.approved", "assessment.submitted"])}
    register(staff(app, other), receiver.url("/other"), ["assessment.approved"])
    register(staff(app, quiet), receiver.url("/quiet"), ["assessment.submitted"])
    assessment = submitted_assessment(db_session, owner=owner).assessment
    own(db_session, assessment, quiet, kind="shared")  # shared, but not subscribed to approvals
    approve(db_session, assessment, owner)
    assert sorted(r.path for r in receiver.requests) == ["/admin", "/owner"]
    for request in receiver.requests:
        check_signature(secrets[request.path.strip("/")], request)
    assert receiver.requests[0].body == receiver.requests[1].body
    assert {(d.outcome, d.attempts) for d in deliveries(db_session)} == {("delivered", 1)}


def test_a_webhook_of_a_deactivated_or_demoted_owner_receives_nothing(
        app: Flask, db_session: Session, receiver: Receiver) -> None:
    owner = make_user(db_session, "owner@example.com")
    register(staff(app, owner), receiver.url(), ["assessment.approved"])
    assessment = submitted_assessment(db_session, owner=owner).assessment
    owner.role = "sales"
    db_session.commit()
    approve(db_session, assessment, make_user(db_session, role="admin"))
    assert receiver.requests == [] and deliveries(db_session) == []


def _answer_everything(session: Session, invitation: Invitation) -> None:
    with unit_of_work.command(session):
        answers.save_section(session, invitation, "profile", PROFILE, {})
        for area, values in SECTIONS.items():
            answers.save_section(session, invitation, area, values, {})


def test_a_submission_and_the_answers_to_a_change_request(
        app: Flask, db_session: Session, receiver: Receiver) -> None:
    owner = make_user(db_session, "owner@example.com")
    secret = register(staff(app, owner), receiver.url(),
                      ["assessment.submitted", "assessment.changes_answered"])
    assessment = make_assessment(db_session, make_org(db_session, "Lumière SA"))
    own(db_session, assessment, owner)
    invitation, _token = make_invitation(db_session, assessment, respondent_name="Eva")
    _answer_everything(db_session, invitation)
    assert receiver.requests == [], "saving answers is no event"
    with unit_of_work.command(db_session):
        answers.submit(db_session, invitation)
    [submitted] = receiver.requests
    check_signature(secret, submitted)
    body = submitted.json()
    assert body["event"] == "assessment.submitted" and submitted.headers[
        "Webhook-Event"] == "assessment.submitted"
    assert body["invitation"] == {"id": invitation.id}
    assert body["assessment"]["organisation"] == "Lumière SA"
    assert body["assessment"]["status"] == "submitted"

    db_session.refresh(assessment)
    with unit_of_work.command(db_session):
        review.start_review(db_session, assessment, owner)
    with unit_of_work.command(db_session):
        change_requests.request_changes(db_session, assessment, owner,
                                        {"sponsor": "Is there really no sponsor?"})
    assert len(receiver.requests) == 1, "requesting changes is no event here"
    db_session.refresh(invitation)
    with unit_of_work.command(db_session):
        answers.submit(db_session, invitation)
    answered = receiver.requests[1]
    check_signature(secret, answered)
    assert answered.json()["event"] == "assessment.changes_answered"
    assert answered.headers["Webhook-Id"] != submitted.headers["Webhook-Id"]
    assert [d.event for d in deliveries(db_session)] == [
        "assessment.submitted", "assessment.changes_answered"]


def test_a_host_no_longer_allowed_gets_nothing_and_the_delivery_says_why(
        app: Flask, db_session: Session, receiver: Receiver) -> None:
    owner = make_user(db_session, "owner@example.com")
    register(staff(app, owner), receiver.url(), ["assessment.approved"])
    app.config["WEBHOOK_ALLOWED_HOSTS"] = "crm.example.com"
    approve(db_session, submitted_assessment(db_session, owner=owner).assessment, owner)
    assert receiver.requests == []
    [delivery] = deliveries(db_session)
    assert delivery.outcome == "failed" and delivery.last_status is None
    assert f"{receiver.host} is not a host webhooks may be sent to" in (delivery.last_error or "")


def test_a_paused_webhook_gets_no_events_but_a_test_event(
        app: Flask, db_session: Session, receiver: Receiver) -> None:
    owner = make_user(db_session, "owner@example.com")
    client = staff(app, owner)
    secret = register(client, receiver.url(), ["assessment.approved"])
    hook = db_session.scalars(sa.select(Webhook)).one()
    paused = client.post(f"/dashboard/webhooks/{hook.id}/active", data={})
    assert paused.status_code == 303
    approve(db_session, submitted_assessment(db_session, owner=owner).assessment, owner)
    assert receiver.requests == [] and deliveries(db_session) == []
    pinged = client.post(f"/dashboard/webhooks/{hook.id}/ping")
    assert pinged.status_code == 303
    [ping] = receiver.requests
    check_signature(secret, ping)
    assert ping.json()["event"] == "ping" and ping.json()["webhook"] == {
        "id": hook.id, "events": ["assessment.approved"]}
    resumed = client.post(f"/dashboard/webhooks/{hook.id}/active", data={"active": "y"})
    assert resumed.status_code == 303
    db_session.refresh(hook)
    assert hook.active


def test_a_redirect_is_not_followed_and_counts_as_a_failure(receiver: Receiver) -> None:
    receiver.answers = [302]
    status, error = post(receiver.url(), "{}", {"Content-Type": "application/json"})
    assert (status, error) == (302, "the receiver answered HTTP 302 (redirects are not followed)")
    assert [r.path for r in receiver.requests] == ["/hooks/assessment"]
    assert post(receiver.url(), "{}", {})[1] is None
    status, error = post(f"http://127.0.0.1:{free_port()}/", "{}", {})
    assert status is None and error is not None and error.startswith("no answer: ")
