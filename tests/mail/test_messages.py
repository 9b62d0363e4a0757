"""Every kind of message through a real SMTP server: recipient, language, link, both parts,
and no token in the logs."""

from __future__ import annotations

import logging
import re

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from assessment import unit_of_work
from assessment.models import Invitation
from assessment.models.mail import MailMessage
from assessment.services import answers, change_requests, review
from tests.dashboard.conftest import own, sign_in
from tests.dashboard.review_support import PROFILE, SECTIONS
from tests.factories import make_assessment, make_org, make_user
from tests.mail.conftest import Inbox, parts

LINK = re.compile(r"http://localhost/i/[A-Za-z0-9_-]+")


@pytest.fixture
def people(db_session: Session):  # type: ignore[no-untyped-def]
    owner = make_user(db_session, "owner@example.com")
    sales = make_user(db_session, "sales@example.com", role="sales")
    assessment = make_assessment(db_session, make_org(db_session, "Fjällsport AB"))
    own(db_session, assessment, owner)
    return owner, sales, assessment


def invite(app: Flask, owner, assessment, email: str, language: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    sign_in(client, owner)
    response = client.post(f"/dashboard/assessments/{assessment.id}/invitations", data={
        "respondent_name": "Eva", "language": language, "ttl_days": "30", "email": email})
    assert response.status_code == 303, response.get_data(as_text=True)
    return client


def app_log(caplog) -> str:  # type: ignore[no-untyped-def]
    """What the app logged (the test SMTP server's own debug log shows the data it got)."""
    return "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records
                     if not r.name.startswith("mail.log"))


def follow(app: Flask, link: str) -> int:
    """Open an invitation link as a new respondent; the questionnaire's status."""
    respondent = app.test_client()
    response = respondent.get(link.removeprefix("http://localhost"), follow_redirects=True)
    return response.status_code


def test_dashboard_invitation_in_dutch_with_a_working_link(
        app: Flask, db_session: Session, smtp: Inbox, people, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    owner, _sales, assessment = people
    invite(app, owner, assessment, "eva@example.com", "nl")
    [message] = smtp.messages
    assert message["To"] == "eva@example.com"
    assert message["From"] == "assessment@example.com"
    assert message["Subject"] == "Uw uitnodiging: assessment e-commercegereedheid van Fjällsport AB"
    text, html = parts(message)
    assert "Beste Eva," in text and "Open de vragenlijst" in html
    link = LINK.search(text).group(0)  # type: ignore[union-attr]
    assert f'href="{link}"' in html
    assert "<img" not in html  # no tracking pixel
    assert follow(app, link) == 200
    token = link.rsplit("/", 1)[1]
    assert token not in app_log(caplog)
    stored = db_session.scalars(sa.select(MailMessage)).all()
    assert [(m.kind, m.language, m.outcome, m.recipient) for m in stored] == [
        ("invitation", "nl", "sent", "eva@example.com")]


def test_cli_invite_email_in_english(runner, smtp: Inbox, db_session: Session, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    result = runner.invoke(args=["invite", "--org", "Lumière SA", "--language", "en",
                                 "--respondent", "Ann, CFO", "--email", "ann@example.com"])
    assert result.exit_code == 0, result.output
    printed = result.output.strip().splitlines()[-1]
    [message] = smtp.to("ann@example.com")
    text, html = parts(message)
    assert message["Subject"] == "Your invitation: commerce readiness assessment of Lumière SA"
    assert "Hello Ann," in text and "Lumière SA" in html
    assert LINK.search(text).group(0) == printed  # type: ignore[union-attr]
    assert printed.rsplit("/", 1)[1] not in app_log(caplog)


def _answer_and_submit(session: Session, invitation: Invitation) -> None:
    with unit_of_work.command(session):
        answers.save_section(session, invitation, "profile", PROFILE, {})
        for area, values in SECTIONS.items():
            answers.save_section(session, invitation, area, values, {})
    with unit_of_work.command(session):
        answers.submit(session, invitation)


def test_notifications_through_the_review(
        app: Flask, db_session: Session, smtp: Inbox, people, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    owner, sales, assessment = people
    invite(app, owner, assessment, "eva@example.com", "nl")
    first_link = LINK.search(parts(smtp.messages[0])[0]).group(0)  # type: ignore[union-attr]
    invitation = db_session.scalars(sa.select(Invitation)).one()
    _answer_and_submit(db_session, invitation)

    [submitted] = smtp.to("owner@example.com")
    assert submitted["Subject"] == "Eva submitted their answers: Fjällsport AB"
    text, html = parts(submitted)
    detail = f"http://localhost/dashboard/assessments/{assessment.id}"
    assert detail in text and f'href="{detail}"' in html
    staff = app.test_client()
    sign_in(staff, owner)
    assert staff.get(detail.removeprefix("http://localhost")).status_code == 200

    db_session.refresh(assessment)
    with unit_of_work.command(db_session):
        review.start_review(db_session, assessment, owner)
    with unit_of_work.command(db_session):
        change_requests.request_changes(db_session, assessment, owner,
                                        {"sponsor": "Is there really no sponsor?"})
    [changes] = smtp.to("eva@example.com")[1:]
    assert changes["Subject"] == ("Wilt u enkele antwoorden nakijken? Assessment van "
                                  "Fjällsport AB")
    text, html = parts(changes)
    assert "1 van uw antwoorden" in text and "Bekijk de opmerkingen" in html
    assert LINK.search(text).group(0) == first_link  # type: ignore[union-attr]
    assert follow(app, first_link) == 200
    page = staff.get(f"/dashboard/assessments/{assessment.id}/invitations").get_data(
        as_text=True)  # after "changes requested": send again and a new link, not only Revoke
    assert f"/invitations/{invitation.id}/resend" in page
    assert f"/invitations/{invitation.id}/new-link" in page

    db_session.refresh(invitation)
    with unit_of_work.command(db_session):
        answers.submit(db_session, invitation)
    answered = smtp.to("owner@example.com")[1]
    assert answered["Subject"] == "Requested changes answered: Fjällsport AB"
    assert "Eva has answered the changes" in parts(answered)[0]

    db_session.refresh(assessment)
    with unit_of_work.command(db_session):
        review.start_review(db_session, assessment, owner)
    with unit_of_work.command(db_session):
        review.approve(db_session, assessment, owner)
    [approved] = smtp.to("sales@example.com")
    assert approved["Subject"] == "Report approved: Fjällsport AB"
    text, html = parts(approved)
    assert "http://localhost/dashboard/reports" in text
    seller = app.test_client()
    sign_in(seller, sales)
    assert seller.get("/dashboard/reports").status_code == 200
    assert first_link.rsplit("/", 1)[1] not in app_log(caplog)
    kinds = db_session.scalars(sa.select(MailMessage.kind).order_by(MailMessage.id)).all()
    assert kinds == ["invitation", "submitted", "changes_requested", "changes_answered",
                     "approved"]


def test_notifications_turned_off_are_not_sent(
        app: Flask, db_session: Session, smtp: Inbox, people) -> None:  # type: ignore[no-untyped-def]
    owner, _sales, assessment = people
    client = invite(app, owner, assessment, "eva@example.com", "en")
    page = client.get("/account").get_data(as_text=True)
    assert "E-mail notifications" in page and 'value="submitted" checked' in page
    response = client.post("/account/notifications", data={"notify": ["changes_answered"]})
    assert response.status_code == 303
    assert 'value="submitted" checked' not in client.get("/account").get_data(as_text=True)
    invitation = db_session.scalars(sa.select(Invitation)).one()
    _answer_and_submit(db_session, invitation)
    assert smtp.to("owner@example.com") == []
