"""The "re-scored" notice through a real SMTP server: an admin re-scores an approved
assessment on a newer bank version; its owner (not the admin) is told in the assessment's
language, with both parts and a link to the assessment, and sales keep the approved report."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from assessment.engine import clear_cache
from assessment.services import review
from tests.dashboard.conftest import sign_in
from tests.dashboard.review_support import copied_bank_config, newer_bank, submitted_assessment
from tests.factories import make_user
from tests.mail.conftest import Inbox, parts


@pytest.fixture
def app_config(smtp: Inbox, tmp_path: Path) -> dict[str, Any]:
    return {**copied_bank_config(tmp_path), "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port,
            "MAIL_DEFAULT_SENDER": "assessment@example.com",
            "MAIL_OUTBOX": str(tmp_path / "outbox")}


@pytest.mark.parametrize(("language", "subject"), [
    ("en", "Re-scored: the approval of Fjällsport AB is withdrawn"),
    ("nl", "Herberekend: goedkeuring van Fjällsport AB ingetrokken"),
])
def test_the_owner_is_told_of_a_rescore(app: Flask, db_session: Session, smtp: Inbox,
                                        tmp_path: Path, language: str, subject: str) -> None:
    owner = make_user(db_session, "owner@example.com")
    admin = make_user(db_session, "admin@example.com", role="admin")
    assessment = submitted_assessment(db_session, owner=owner).assessment
    assessment.organisation.name = "Fjällsport AB"
    assessment.language = language
    review.start_review(db_session, assessment, owner)
    review.approve(db_session, assessment, owner)
    db_session.commit()
    app.config["QUESTIONS_DIR"] = newer_bank(tmp_path / "next")
    clear_cache()
    client = app.test_client()
    sign_in(client, admin)
    url = f"/dashboard/assessments/{assessment.id}/rescore"
    token = re.search(r'name="token" type="hidden" value="([^"]+)"',
                      client.get(url).get_data(as_text=True))
    assert token is not None
    assert client.post(url, data={"token": token.group(1)}).status_code == 303
    [told] = smtp.to("owner@example.com")
    assert told["Subject"] == subject
    assert told["Content-Language"] == language
    text, html = parts(told)
    link = f"http://localhost/dashboard/assessments/{assessment.id}"
    assert link in text and f'href="{link}"' in html
    assert smtp.to("admin@example.com") == []
