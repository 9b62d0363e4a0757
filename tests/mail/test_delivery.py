"""A failing server is recorded and shown on the assessment; without MAIL_SERVER messages go
to the outbox as .eml files; reminders are idempotent and stop once a part is submitted."""

from __future__ import annotations

import logging
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from assessment.models import Invitation
from assessment.models.mail import InvitationAddress, MailMessage
from assessment.models.types import utcnow
from tests.dashboard.conftest import own, sign_in
from tests.factories import make_assessment, make_org, make_user
from tests.mail.conftest import Inbox, free_port, parts


@pytest.fixture
def owned(db_session: Session):  # type: ignore[no-untyped-def]
    owner = make_user(db_session, "owner@example.com")
    assessment = make_assessment(db_session, make_org(db_session, "Fjällsport AB"), language="nl")
    own(db_session, assessment, owner)
    return owner, assessment


def _invite(app: Flask, owner, assessment, email: str = "eva@example.com"):  # type: ignore[no-untyped-def]
    client = app.test_client()
    sign_in(client, owner)
    response = client.post(f"/dashboard/assessments/{assessment.id}/invitations", data={
        "respondent_name": "Eva", "language": "en", "ttl_days": "30", "email": email})
    assert response.status_code == 303
    return client


def test_a_failing_server_is_recorded_and_shown(
        app: Flask, db_session: Session, owned, caplog) -> None:  # type: ignore[no-untyped-def]
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    owner, assessment = owned
    client = _invite(app, owner, assessment)
    [message] = db_session.scalars(sa.select(MailMessage)).all()
    assert message.outcome == "failed" and message.sent_at is None
    assert message.error and message.attempts == 1
    page = client.get(f"/dashboard/assessments/{assessment.id}").get_data(as_text=True)
    assert "1 e-mailbericht kon niet worden verzonden" in page or \
        "1 e-mail message could not be sent" in page
    assert "eva@example.com" in page
    assert any("not sent" in r.getMessage() for r in caplog.records)


def test_without_mail_server_messages_are_written_to_the_outbox(
        app: Flask, db_session: Session, owned, tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO)
    app.config["MAIL_SERVER"] = ""
    owner, assessment = owned
    _invite(app, owner, assessment)
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 1
    message = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    text, _html = parts(message)  # type: ignore[arg-type]
    assert message["To"] == "eva@example.com" and "http://localhost/i/" in text
    token = text.split("http://localhost/i/")[1].split()[0]
    assert str(files[0]) in caplog.text and token not in caplog.text
    [stored] = db_session.scalars(sa.select(MailMessage)).all()
    assert stored.outcome == "written" and stored.sent_at is not None


def _age(session: Session, days: float) -> None:
    """Pretend every e-mailed link was sent ``days`` ago (and its reminders as long ago)."""
    for address in session.scalars(sa.select(InvitationAddress)):
        address.sent_at = utcnow() - timedelta(days=days)
    session.commit()


def _backdate_reminders(session: Session, days: float) -> None:
    for message in session.scalars(sa.select(MailMessage).where(MailMessage.kind == "reminder")):
        message.created_at = message.created_at - timedelta(days=days)
    session.commit()


def test_reminders_are_idempotent_and_stop_once_submitted(
        app: Flask, runner, db_session: Session, smtp: Inbox, owned) -> None:  # type: ignore[no-untyped-def]
    owner, assessment = owned
    _invite(app, owner, assessment, "eva@example.com")
    _invite(app, owner, assessment, "jan@example.com")
    assert runner.invoke(args=["send-reminders"]).output.strip() == "0 reminder(s) sent."
    _age(db_session, 3.5)
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0 and result.output.strip() == "2 reminder(s) sent."
    assert runner.invoke(args=["send-reminders"]).output.strip() == "0 reminder(s) sent."
    [reminder] = smtp.to("eva@example.com")[1:]
    assert reminder["Subject"] == "Reminder: your part of the assessment of Fjällsport AB"
    text, html = parts(reminder)
    first = parts(smtp.to("eva@example.com")[0])[0]
    link = next(w for w in text.split() if w.startswith("http://localhost/i/"))
    assert link in first and link in html  # the same link as the invitation's
    # Eva submits; Jan does not: on day 7 only Jan is reminded, once.
    eva = db_session.scalars(sa.select(Invitation).join(
        InvitationAddress, InvitationAddress.invitation_id == Invitation.id).where(
        InvitationAddress.email == "eva@example.com")).one()
    eva.submitted_at = utcnow()
    db_session.commit()
    _age(db_session, 7.5)
    _backdate_reminders(db_session, 4)
    assert runner.invoke(args=["send-reminders"]).output.strip() == "1 reminder(s) sent."
    assert runner.invoke(args=["send-reminders"]).output.strip() == "0 reminder(s) sent."
    assert len(smtp.to("jan@example.com")) == 3 and len(smtp.to("eva@example.com")) == 2
    # after the last configured day nothing more, however often it runs: five days later
    _age(db_session, 12.5)
    _backdate_reminders(db_session, 5)
    assert runner.invoke(args=["send-reminders"]).output.strip() == "0 reminder(s) sent."


def test_reminders_at_most_one_a_day(app: Flask, runner, db_session: Session, smtp: Inbox,
                                     owned) -> None:  # type: ignore[no-untyped-def]
    owner, assessment = owned
    _invite(app, owner, assessment, "eva@example.com")
    _age(db_session, 8)  # both days passed at once: one reminder, not two
    assert runner.invoke(args=["send-reminders"]).output.strip() == "1 reminder(s) sent."
    assert runner.invoke(args=["send-reminders"]).output.strip() == "0 reminder(s) sent."


def test_resend_same_link_then_a_fresh_one(app: Flask, db_session: Session, smtp: Inbox,
                                           owned) -> None:  # type: ignore[no-untyped-def]
    owner, assessment = owned
    client = _invite(app, owner, assessment)
    invitation = db_session.scalars(sa.select(Invitation)).one()
    base = f"/dashboard/assessments/{assessment.id}/invitations/{invitation.id}"
    page = client.get(f"/dashboard/assessments/{assessment.id}/invitations").get_data(
        as_text=True)
    assert f"{base}/resend" in page and f"{base}/new-link" in page
    assert client.post(f"{base}/resend").status_code == 303
    first, again = (parts(m)[0] for m in smtp.to("eva@example.com"))
    link = next(w for w in first.split() if w.startswith("http://localhost/i/"))
    assert link in again
    assert client.post(f"{base}/new-link", data={}).status_code == 303
    fresh = parts(smtp.to("eva@example.com")[2])[0]
    new_link = next(w for w in fresh.split() if w.startswith("http://localhost/i/"))
    assert new_link != link
    respondent = app.test_client()
    assert respondent.get(link.removeprefix("http://localhost")).status_code == 404
    assert respondent.get(new_link.removeprefix("http://localhost"),
                          follow_redirects=True).status_code == 200


def test_a_link_that_cannot_be_derived_again_is_recorded_not_sent(
        app: Flask, runner, db_session: Session, smtp: Inbox, owned) -> None:  # type: ignore[no-untyped-def]
    owner, assessment = owned
    client = _invite(app, owner, assessment)
    app.config["SECRET_KEY"] = "another secret key, rotated since the invitation went out"
    _age(db_session, 3.5)
    assert runner.invoke(args=["send-reminders"]).output.strip() == "1 reminder(s) sent."
    assert len(smtp.to("eva@example.com")) == 1  # the invitation only: no dead link mailed
    failed = db_session.scalars(sa.select(MailMessage).where(
        MailMessage.kind == "reminder")).one()
    assert failed.outcome == "failed" and "SECRET_KEY" in (failed.error or "")
    page = client.get(f"/dashboard/assessments/{assessment.id}").get_data(as_text=True)
    assert "eva@example.com" in page
    # Sending again makes a fresh link from the new key, which works.
    invitation = db_session.scalars(sa.select(Invitation)).one()
    base = f"/dashboard/assessments/{assessment.id}/invitations/{invitation.id}"
    assert client.post(f"{base}/resend").status_code == 303
    text = parts(smtp.to("eva@example.com")[1])[0]
    link = next(w for w in text.split() if w.startswith("http://localhost/i/"))
    assert app.test_client().get(link.removeprefix("http://localhost"),
                                 follow_redirects=True).status_code == 200
