"""Re-scoring an approved assessment keeps the released report for sales until the new
result is approved, and tells the owner; withdrawing an approval by hand withdraws it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.engine import clear_cache
from assessment.models.mail import MailMessage
from assessment.models.report_cache import ReportPdf, ReportRelease
from assessment.services import report_store, review
from tests.dashboard.conftest import sign_in
from tests.dashboard.review_support import copied_bank_config, newer_bank, submitted_assessment
from tests.factories import make_user


@pytest.fixture
def app_config(tmp_path: Path) -> dict[str, Any]:
    return copied_bank_config(tmp_path)


def words(response: Any) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def report_links(page: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="(/reports/[^"]+)"', page)]


def rescore(app: Flask, client: FlaskClient, assessment_id: int, tmp_path: Path) -> None:
    app.config["QUESTIONS_DIR"] = newer_bank(tmp_path / "next")
    clear_cache()
    url = f"/dashboard/assessments/{assessment_id}/rescore"
    preview = client.get(url)
    assert "Sales keep the report approved now until you approve the re-scored result" in words(
        preview)
    token = re.search(r'name="token" type="hidden" value="([^"]+)"',
                      preview.get_data(as_text=True))
    assert token is not None
    assert client.post(url, data={"token": token.group(1)}).status_code == 303


@pytest.fixture
def approved(db_session: Session) -> dict[str, Any]:
    owner = make_user(db_session, "owner@example.com")
    admin = make_user(db_session, "admin@example.com", role="admin")
    sales = make_user(db_session, "sales@example.com", role="sales")
    assessment = submitted_assessment(db_session, owner=owner).assessment
    review.start_review(db_session, assessment, owner)
    review.approve(db_session, assessment, owner)
    db_session.commit()
    return {"owner": owner, "admin": admin, "sales": sales, "assessment": assessment}


def test_sales_keep_the_approved_report_through_a_rescore(
    app: Flask, client: FlaskClient, db_session: Session, tmp_path: Path,
    approved: dict[str, Any],
) -> None:
    assessment, sales = approved["assessment"], approved["sales"]
    full = f"/reports/{assessment.id}.pdf?lang=en&edition=full"
    sign_in(client, sales)
    first = client.get(full)
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    approved_id = first.headers["X-Report-Id"]

    sign_in(client, approved["admin"])
    rescore(app, client, assessment.id, tmp_path)
    db_session.refresh(assessment)
    assert assessment.status == "in_review" and assessment.approved_at is None

    sign_in(client, sales)  # still handed out: the very PDF approved before
    again = client.get(full)
    assert again.status_code == 200 and again.headers["X-Report-Id"] == approved_id
    assert again.get_data() == first.get_data()
    page = client.get("/dashboard/reports")
    assert "Being revised" in words(page)
    assert report_links(page.get_data(as_text=True)) == [
        f"/reports/{assessment.id}.pdf?lang=en&edition=full&released=1"]
    missing = client.get(f"/reports/{assessment.id}.pdf?lang=nl&edition=full")
    assert missing.status_code == 404  # never rendered while approved: not released
    assert "was not released in that language" in words(missing)
    status = client.get(f"/reports/{assessment.id}/status.json?lang=en").get_json()
    assert status["state"] == "ready" and status["report_id"] == approved_id

    sign_in(client, approved["owner"])  # the owner sees the notice and the new draft
    assert "Sales still hand out the report approved on" in words(
        client.get(f"/dashboard/assessments/{assessment.id}"))
    draft = client.get(full)
    assert draft.status_code == 200 and draft.headers["X-Report-Id"] != approved_id
    kept = client.get(full + "&released=1")
    assert kept.headers["X-Report-Id"] == approved_id

    # Pruning the whole store keeps the released PDF.
    report_store.prune(db_session, 0)
    db_session.commit()
    assert db_session.scalar(sa.select(sa.func.count()).select_from(ReportPdf)) == 1

    # The new approval replaces the release with its own reports.
    review.approve(db_session, assessment, approved["owner"])
    db_session.commit()
    sign_in(client, sales)
    newer = client.get(full)
    assert newer.status_code == 200 and newer.headers["X-Report-Id"] not in (approved_id,)
    keys = db_session.scalars(sa.select(ReportRelease.report_id)).all()
    assert keys == [newer.headers["X-Report-Id"]]
    assert "Being revised" not in words(client.get("/dashboard/reports"))


def test_the_owner_is_told_but_not_the_one_who_rescored(
    app: Flask, client: FlaskClient, db_session: Session, tmp_path: Path,
    approved: dict[str, Any],
) -> None:
    sign_in(client, approved["admin"])
    rescore(app, client, approved["assessment"].id, tmp_path)
    told = db_session.execute(sa.select(MailMessage.kind, MailMessage.recipient)).all()
    assert ("rescored", "owner@example.com") in told
    assert not [row for row in told if row.recipient == "admin@example.com"]
    eml = sorted(Path(app.config["MAIL_OUTBOX"]).glob("*.eml"))
    text = "\n".join(path.read_text() for path in eml)
    assert "approval of" in text and f"/dashboard/assessments/{approved['assessment'].id}" in text


def test_the_owner_rescoring_is_not_mailed_and_can_turn_it_off(
    app: Flask, client: FlaskClient, db_session: Session, tmp_path: Path,
    approved: dict[str, Any],
) -> None:
    sign_in(client, approved["owner"])
    assert "An approved assessment I own or am assigned is re-scored" in words(
        client.get("/account"))
    rescore(app, client, approved["assessment"].id, tmp_path)
    assert db_session.scalar(sa.select(sa.func.count()).select_from(MailMessage).where(
        MailMessage.kind == "rescored")) == 0


def test_withdrawing_an_approval_by_hand_withdraws_the_report(
    client: FlaskClient, db_session: Session, approved: dict[str, Any],
) -> None:
    assessment, sales = approved["assessment"], approved["sales"]
    sign_in(client, sales)
    assert client.get(f"/reports/{assessment.id}.pdf").status_code == 200
    review.reopen(db_session, assessment, approved["owner"], reason="Wrong figures.")
    db_session.commit()
    assert client.get(f"/reports/{assessment.id}.pdf").status_code == 403
    assert db_session.scalar(sa.select(sa.func.count()).select_from(ReportRelease)) == 0


def test_approving_prepares_the_release_in_every_language(
    app: Flask, client: FlaskClient, db_session: Session,
) -> None:
    owner = make_user(db_session, "owner@example.com")
    assessment = submitted_assessment(db_session, owner=owner).assessment
    review.start_review(db_session, assessment, owner)
    db_session.commit()
    app.config["REPORT_PRERENDER"] = True  # as in production: render after the commit
    sign_in(client, owner)
    response = client.post(f"/dashboard/assessments/{assessment.id}/review/approve",
                           data={"confirm": "yes"})
    assert response.status_code == 303
    released = db_session.execute(sa.select(ReportRelease.language, ReportRelease.edition)
                                  .order_by(ReportRelease.language, ReportRelease.edition)).all()
    assert [tuple(row) for row in released] == [
        ("en", "executive"), ("en", "full"), ("nl", "executive"), ("nl", "full")]
