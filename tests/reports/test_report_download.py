"""The download route: access by role, 409 before completion, the content-hash PDF cache.

The suite's JOBS_EAGER renders in the request; tests/jobs cover the queued path."""

from __future__ import annotations

import io
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from report_support import DATA
from sqlalchemy.orm import Session

from assessment.models import Assessment, AuditEvent, ReportPdf, Status, User
from assessment.models.share import AssessmentShare
from assessment.services import bank, scoring
from tests.factories import answers, make_assessment, make_user
from tests.jobs.support import scored, sign_in


@pytest.fixture
def app_config() -> dict[str, Any]:
    """The report tests' questionnaire as the bank."""
    return {"QUESTIONS_DIR": DATA.parent, "QUESTIONNAIRE_ID": "report-mini",
            "WTF_CSRF_ENABLED": False}


def _users(session: Session, assessment: Assessment) -> dict[str, User]:
    users = {name: make_user(session, f"{name}@example.com", role=role)
             for name, role in [("owner", "consultant"), ("other", "consultant"),
                                ("sales", "sales"), ("admin", "admin")]}
    session.add(AssessmentShare(assessment_id=assessment.id, user_id=users["owner"].id,
                                kind="owner"))
    session.commit()
    return users


def _downloads(session: Session, assessment: Assessment) -> list[dict[str, Any]]:
    return [event.details for event in session.scalars(
        sa.select(AuditEvent).where(AuditEvent.assessment_id == assessment.id,
                                    AuditEvent.action == "report.downloaded")
        .order_by(AuditEvent.id))]


def test_owner_downloads_the_pdf_and_the_second_time_it_comes_from_the_cache(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    assessment = scored(db_session, "Owned Retail BV")
    users = _users(db_session, assessment)
    sign_in(client, users["owner"])
    first = client.get(f"/reports/{assessment.id}.pdf")
    assert first.status_code == 200, first.get_data(as_text=True)[:500]
    assert first.mimetype == "application/pdf"
    report_id = first.headers["X-Report-Id"]
    assert first.headers["Content-Disposition"] == (
        f'attachment; filename="gap-report-owned-retail-bv-en-{report_id}.pdf"')
    assert "no-store" in first.headers["Cache-Control"]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(first.data)).pages)
    for expected in ("Owned Retail BV", "Anna de Vries (CEO)", "Bram Jansen", report_id,
                     "No named executive sponsor"):
        assert expected in text
    second = client.get(f"/reports/{assessment.id}.pdf")
    assert second.data == first.data
    assert [d["cached"] for d in _downloads(db_session, assessment)] == [False, True]
    stored = db_session.scalars(sa.select(ReportPdf.cache_key)).all()
    assert len(stored) == 1  # one PDF in the shared store (the database), no files


def test_a_change_to_the_answers_or_the_language_makes_a_new_report(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    assessment = scored(db_session, "Owned Retail BV")
    sign_in(client, _users(db_session, assessment)["admin"])
    before = client.get(f"/reports/{assessment.id}.pdf").headers["X-Report-Id"]
    french = client.get(f"/reports/{assessment.id}.pdf?lang=fr")
    assert french.status_code == 200 and french.headers["X-Report-Id"] != before
    assert "Synthèse" in PdfReader(io.BytesIO(french.data)).pages[2].extract_text()
    answers(db_session, assessment, {"eb_sponsor": "board_member"})
    scoring.score(db_session, assessment)
    db_session.commit()
    after = client.get(f"/reports/{assessment.id}.pdf")
    assert after.headers["X-Report-Id"] != before
    assert [d["cached"] for d in _downloads(db_session, assessment)] == [False, False, False]


def test_scoring_again_without_a_change_serves_the_cached_report(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    assessment = scored(db_session, "Owned Retail BV")
    sign_in(client, _users(db_session, assessment)["owner"])
    first = client.get(f"/reports/{assessment.id}.pdf")
    scoring.score(db_session, assessment)
    db_session.commit()
    again = client.get(f"/reports/{assessment.id}.pdf")
    assert again.headers["X-Report-Id"] == first.headers["X-Report-Id"]
    assert [d["cached"] for d in _downloads(db_session, assessment)] == [False, True]


def test_who_may_download(app: Flask, client: FlaskClient, db_session: Session) -> None:
    """Sales only once approved; another consultant does not even learn it exists."""
    assessment = scored(db_session, "Owned Retail BV")
    users = _users(db_session, assessment)
    url = f"/reports/{assessment.id}.pdf"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    sign_in(client, users["other"])
    assert client.get(url).status_code == 404
    sign_in(client, users["sales"])
    assert client.get(url).status_code == 403
    assessment.status = Status.APPROVED.value
    db_session.commit()
    assert client.get(url).status_code == 200
    sign_in(client, users["owner"])
    assert client.get(f"/reports/{assessment.id + 999}.pdf").status_code == 404


def test_an_unscored_assessment_has_no_report_yet(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    assessment = make_assessment(db_session, questionnaire=bank.latest("report-mini"))
    sign_in(client, _users(db_session, assessment)["owner"])
    response = client.get(f"/reports/{assessment.id}.pdf")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "This is not possible yet" in page  # a page title, not werkzeug's "Conflict"
    assert "once every invited part has been submitted" in page
    assert db_session.scalar(sa.select(sa.func.count(ReportPdf.id))) == 0
    dutch = client.get(f"/reports/{assessment.id}.pdf", headers={"Accept-Language": "nl"})
    assert "zodra elk uitgenodigd deel is ingediend" in dutch.get_data(as_text=True)
