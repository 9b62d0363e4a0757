"""Shared set-up of the job tests: a scored assessment of the report tests' questionnaire,
its owner signed in, and the settings that queue renders instead of rendering in the request."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import Assessment, AuditEvent, ReportPdf, Status, User
from assessment.models.report_cache import ReportRender
from assessment.models.share import AssessmentShare
from assessment.services import bank, scoring
from tests.factories import answers, make_assessment, make_invitation, make_org, make_user

DATA = Path(__file__).resolve().parent.parent / "reports" / "data" / "report-mini"
QUEUED_CONFIG: dict[str, Any] = {
    "QUESTIONS_DIR": DATA.parent, "QUESTIONNAIRE_ID": "report-mini",
    "WTF_CSRF_ENABLED": False, "JOBS_EAGER": False, "REPORT_PRERENDER": True,
    "JOB_RETRY_INTERVALS": [0, 0],
}


def scored(session: Session) -> Assessment:
    """An assessment of 'Queued Retail BV', submitted by two respondents and scored."""
    fixture = yaml.safe_load((DATA / "fixtures" / "complete.yaml").read_text(encoding="utf-8"))
    assessment = make_assessment(session, make_org(session, "Queued Retail BV"),
                                 questionnaire=bank.latest("report-mini"))
    ceo, _ = make_invitation(session, assessment, respondent_name="Anna de Vries",
                             respondent_role="CEO", submitted=True)
    values = dict(fixture["answers"])
    notes = values.pop("wh_notes")
    answers(session, assessment, values, invitation=ceo)
    ops, _ = make_invitation(session, assessment, areas=["warehouse_capacity"],
                             respondent_name="Bram Jansen", submitted=True)
    answers(session, assessment, {"wh_notes": notes}, invitation=ops)
    scoring.score(session, assessment)
    assessment.status = Status.SUBMITTED.value
    assessment.submitted_at = assessment.scored_at
    session.commit()
    return assessment


def owner_of(session: Session, assessment: Assessment) -> User:
    """A consultant who owns the assessment."""
    user = make_user(session, role="consultant")
    session.add(AssessmentShare(assessment_id=assessment.id, user_id=user.id, kind="owner"))
    session.commit()
    return user


def sign_in(client: FlaskClient, user: User) -> None:
    """A valid login in the client's cookie (no form, no hashing)."""
    now = int(time.time())
    with client.session_transaction() as cookie:
        cookie.update({"_user_id": f"{user.id}:{user.session_version}", "_fresh": True,
                       "_seen": now, "_login_at": now})


def stored(session: Session, assessment: Assessment) -> list[tuple[str, str]]:
    """(language, edition) of every PDF stored for the assessment."""
    session.expire_all()
    rows = session.execute(sa.select(ReportPdf.language, ReportPdf.edition).where(
        ReportPdf.assessment_id == assessment.id))
    return sorted((language, edition) for language, edition in rows)


def render_row(session: Session, assessment: Assessment, edition: str = "full") -> ReportRender:
    """The render state of the assessment's report in its language."""
    session.expire_all()
    return session.scalars(sa.select(ReportRender).where(
        ReportRender.assessment_id == assessment.id, ReportRender.edition == edition)).one()


def downloads(session: Session, assessment: Assessment) -> list[dict[str, Any]]:
    """The details of the assessment's audited downloads, oldest first."""
    return [event.details for event in session.scalars(
        sa.select(AuditEvent).where(AuditEvent.assessment_id == assessment.id,
                                    AuditEvent.action == "report.downloaded")
        .order_by(AuditEvent.id))]
