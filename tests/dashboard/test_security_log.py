"""The security event log: exports and report downloads are recorded; only admins read it."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import SecurityEvent
from assessment.services import review, security_log
from tests.dashboard.conftest import Cast, sign_in
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.factories import make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def events(session: Session, kind: str) -> list[SecurityEvent]:
    session.expire_all()
    return list(session.scalars(sa.select(SecurityEvent).where(SecurityEvent.kind == kind)
                                .order_by(SecurityEvent.id)))


def row(label: str) -> str:
    """An event's label as a table row heading (the filter's options name every kind too)."""
    return f'<th scope="row">{label}</th>'


def test_exports_are_logged_with_who_took_which_data(
    client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session, "exporter@example.com")
    assessment = submitted_assessment(db_session, owner=me).assessment
    sign_in(client, me)
    for url in (f"/dashboard/assessments/{assessment.id}/export.json",
                f"/dashboard/assessments/{assessment.id}/findings.csv",
                "/dashboard/assessments.csv?q=org"):
        assert client.get(url).status_code == 200
    logged = events(db_session, "export")
    assert [e.details["export"] for e in logged] == [
        "assessment (json)", "findings (csv)", "assessment list (csv)"]
    assert {e.email for e in logged} == {"exporter@example.com"}
    assert logged[0].details["assessment_id"] == assessment.id
    assert logged[2].details["query"] == "q=org"


def test_report_downloads_are_logged(client: FlaskClient, db_session: Session) -> None:
    me = make_user(db_session, "reader@example.com")
    assessment = submitted_assessment(db_session, owner=me).assessment
    review.start_review(db_session, assessment, me)
    review.approve(db_session, assessment, me)
    db_session.commit()
    sign_in(client, me)
    response = client.get(f"/reports/{assessment.id}.pdf")
    assert response.status_code == 200
    [logged] = events(db_session, "report_download")
    assert logged.email == "reader@example.com"
    assert logged.details["report_id"] == response.headers["X-Report-Id"]


def test_only_admins_read_the_log_and_it_filters_by_event_and_account(
    client: FlaskClient, db_session: Session, cast: Cast
) -> None:
    security_log.record(db_session, security_log.Kind.SIGN_IN_FAILED, email="x@example.com",
                        address="192.0.2.7")
    security_log.record(db_session, security_log.Kind.EXPORT, user=cast.owner,
                        details={"export": "assessment (csv)"})
    db_session.commit()
    sign_in(client, cast.owner)
    assert client.get("/dashboard/security-log").status_code == 403
    sign_in(client, cast.admin)
    page = client.get("/dashboard/security-log").get_data(as_text=True)
    assert row("Sign-in failed") in page and "192.0.2.7" in page and row("Data exported") in page
    failed_only = client.get("/dashboard/security-log?kind=sign_in_failed").get_data(as_text=True)
    assert "x@example.com" in failed_only and row("Data exported") not in failed_only
    by_account = client.get("/dashboard/security-log?email=" + cast.owner.email)
    assert row("Data exported") in by_account.get_data(as_text=True)
    assert "192.0.2.7" not in by_account.get_data(as_text=True)


def test_entries_stay_when_the_account_is_removed(db_session: Session) -> None:
    gone = make_user(db_session, "gone@example.com")
    security_log.record(db_session, security_log.Kind.SIGN_IN, user=gone)
    db_session.commit()
    db_session.delete(gone)
    db_session.commit()
    [kept] = events(db_session, "sign_in")
    assert (kept.email, kept.user_id) == ("gone@example.com", None)
