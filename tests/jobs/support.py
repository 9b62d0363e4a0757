"""Shared set-up of the job tests: a scored assessment of the report tests' questionnaire,
its owner signed in, and the settings that queue renders instead of rendering in the request."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from flask import Flask
from flask.testing import FlaskClient
from redis.exceptions import RedisError
from rq import Queue
from sqlalchemy.orm import Session

from assessment.jobs.redis_queue import connection, queue
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


def scored(session: Session, organisation: str = "Queued Retail BV") -> Assessment:
    """An assessment of the report tests' questionnaire, submitted by two respondents
    (Anna de Vries, CEO, everything but the warehouse notes; Bram Jansen those) and scored."""
    fixture = yaml.safe_load((DATA / "fixtures" / "complete.yaml").read_text(encoding="utf-8"))
    assessment = make_assessment(session, make_org(session, organisation),
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
        ReportRender.assessment_id == assessment.id, ReportRender.edition == edition,
        ReportRender.language == assessment.language)).one()


def downloads(session: Session, assessment: Assessment) -> list[dict[str, Any]]:
    """The details of the assessment's audited downloads, oldest first."""
    return [event.details for event in session.scalars(
        sa.select(AuditEvent).where(AuditEvent.assessment_id == assessment.id,
                                    AuditEvent.action == "report.downloaded")
        .order_by(AuditEvent.id))]


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def queue_name(prefix: str) -> str:
    """A queue of this test's own (several test processes share one Redis)."""
    return f"{prefix}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


@contextmanager
def own_queue(app: Flask) -> Iterator[Queue]:
    """The app's RQ queue on the real Redis; afterwards every key of its jobs and registries
    is deleted. No Redis: a skip, which fails the run in CI (tests/conftest.py)."""
    redis = connection(app)
    try:
        redis.ping()
    except RedisError as error:
        pytest.skip(f"no Redis at {REDIS_URL}: {error}")
    jobs_queue = queue(app)
    yield jobs_queue
    job_ids = set(jobs_queue.get_job_ids())
    for registry in (jobs_queue.finished_job_registry, jobs_queue.failed_job_registry,
                     jobs_queue.started_job_registry, jobs_queue.scheduled_job_registry,
                     jobs_queue.deferred_job_registry, jobs_queue.canceled_job_registry):
        job_ids |= set(registry.get_job_ids())
    doomed = [key for pattern in [f"*{jobs_queue.name}*", *(f"rq:*{i}*" for i in job_ids)]
              for key in redis.scan_iter(match=pattern)]
    if doomed:
        redis.delete(*doomed)
    redis.srem("rq:queues", jobs_queue.key)


def break_the_renderer(monkeypatch: pytest.MonkeyPatch, message: str) -> list[int]:
    """Every render fails with ``message``; the returned list grows by one per try."""
    from assessment.services import reports
    from reports import ReportRenderError

    tries: list[int] = []

    def broken(prepared: Any, timeout: float | None = None) -> bytes:
        tries.append(1)
        raise ReportRenderError(message)

    monkeypatch.setattr(reports, "render", broken)
    return tries
