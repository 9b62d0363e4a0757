"""Answers imported through the API submit the assessment: its consultant hears of it as of a
respondent's submission, by e-mail (a real SMTP server) and by webhook (a real receiver);
both fixtures are those of the mail and webhook suites, imported."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from assessment.models.mail import MailMessage
from assessment.models.user import User
from tests.api.support import API_CONFIG, Api, token_for
from tests.api.test_api_flow import ANSWERS
from tests.dashboard.conftest import own
from tests.factories import make_assessment, make_org, make_user
from tests.mail.conftest import Inbox, parts
from tests.mail.conftest import smtp as smtp
from tests.webhooks.conftest import Receiver, check_signature
from tests.webhooks.conftest import receiver as receiver
from tests.webhooks.test_delivery import register, staff


@pytest.fixture
def app_config(smtp: Inbox, receiver: Receiver, tmp_path: Any) -> dict[str, Any]:
    return {**API_CONFIG, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port,
            "MAIL_DEFAULT_SENDER": "assessment@example.com",
            "MAIL_OUTBOX": str(tmp_path / "outbox"), "WEBHOOK_ALLOWED_HOSTS": receiver.host,
            "WTF_CSRF_ENABLED": False}  # the webhook is registered on the dashboard


@pytest.fixture
def owner(db_session: Session) -> User:
    return make_user(db_session, "owner@example.com")


def import_answers(app: Flask, db_session: Session, user: User, assessment_id: int) -> None:
    api = Api(app, token_for(db_session, user))
    response = api.put(f"/api/v1/assessments/{assessment_id}/answers", json={"answers": ANSWERS})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "submitted"


def test_an_import_by_someone_else_mails_the_consultant_in_the_assessment_language(
        app: Flask, db_session: Session, smtp: Inbox, owner: User) -> None:
    assessment = make_assessment(db_session, make_org(db_session, "Fjällsport AB"),
                                 language="nl")
    own(db_session, assessment, owner)
    admin = make_user(db_session, "crm@example.com", role="admin")

    import_answers(app, db_session, admin, assessment.id)

    [message] = smtp.to("owner@example.com")
    assert message["Subject"] == "Antwoorden geïmporteerd en ingediend: Fjällsport AB"
    text, html = parts(message)
    assert "Via de API is een volledige set antwoorden" in text
    assert f"/dashboard/assessments/{assessment.id}" in text
    assert "Beoordeel het assessment" in html
    assert smtp.to("crm@example.com") == [], "the one who imported is not told"
    recorded = db_session.scalars(sa.select(MailMessage)).all()
    assert [(m.kind, m.invitation_id, m.outcome) for m in recorded] == [
        ("submitted", None, "sent")]


def test_the_consultant_who_imported_gets_no_mail(
        app: Flask, db_session: Session, smtp: Inbox, owner: User) -> None:
    assessment = make_assessment(db_session, make_org(db_session, "Lumière SA"))
    own(db_session, assessment, owner)

    import_answers(app, db_session, owner, assessment.id)

    assert smtp.messages == []
    assert db_session.scalars(sa.select(MailMessage)).all() == []


def test_an_import_is_a_signed_submission_webhook_marked_imported(
        app: Flask, db_session: Session, receiver: Receiver, owner: User) -> None:
    secret = register(staff(app, owner), receiver.url(), ["assessment.submitted"])
    assessment = make_assessment(db_session, make_org(db_session, "Lumière SA"))
    own(db_session, assessment, owner)

    import_answers(app, db_session, owner, assessment.id)

    [delivered] = receiver.requests
    check_signature(secret, delivered)
    body = delivered.json()
    assert delivered.headers["Webhook-Event"] == body["event"] == "assessment.submitted"
    assert body["imported"] is True and "invitation" not in body
    assert body["assessment"]["id"] == assessment.id
    assert body["assessment"]["status"] == "submitted"
    assert body["assessment"]["overall_band"] in {"red", "amber", "green"}
