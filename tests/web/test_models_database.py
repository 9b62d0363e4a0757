"""The models on the real databases: timestamps, constraints, cascades, SQLite settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from assessment.app import create_app
from assessment.extensions import db
from assessment.models import Answer, Assessment, AuditEvent, Invitation, Organisation, User
from assessment.services import audit
from tests.factories import (
    WEBTEST_CONFIG,
    answer,
    make_assessment,
    make_invitation,
    make_org,
    make_user,
)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return WEBTEST_CONFIG


def test_timestamps_come_back_aware_and_in_utc(db_session: Session) -> None:
    organisation = make_org(db_session)
    amsterdam = timezone(timedelta(hours=2))
    organisation.created_at = datetime(2026, 6, 1, 14, 30, tzinfo=amsterdam)
    db_session.commit()
    db_session.expire_all()
    stored = db_session.get(Organisation, organisation.id)
    assert stored is not None
    assert stored.created_at == datetime(2026, 6, 1, 12, 30, tzinfo=UTC)
    assert stored.created_at.utcoffset() == timedelta(0)


def test_naive_timestamps_are_refused(db_session: Session) -> None:
    organisation = make_org(db_session)
    organisation.created_at = datetime(2026, 6, 1, 12, 0)  # naive on purpose
    with pytest.raises(StatementError, match="naive datetime"):
        db_session.commit()
    db_session.rollback()


def test_organisation_names_may_repeat(db_session: Session) -> None:
    """Two consultants' clients may share a name (issue 14): neither blocks the other."""
    first = make_org(db_session, "Acme")
    second = make_org(db_session, "Acme")
    assert first.id != second.id


def test_one_answer_per_assessment_and_question(db_session: Session) -> None:
    assessment = make_assessment(db_session)
    answer(db_session, assessment, "org_size", "large")
    db_session.add(Answer(assessment_id=assessment.id, question_id="org_size", value="micro"))
    with pytest.raises(IntegrityError):
        db_session.commit()
    db_session.rollback()


def test_the_same_question_in_two_assessments_is_fine(db_session: Session) -> None:
    answer(db_session, make_assessment(db_session), "org_size", "large")
    answer(db_session, make_assessment(db_session), "org_size", "micro")
    assert db_session.scalar(sa.select(sa.func.count(Answer.id))) == 2


def test_token_hashes_are_unique(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session)
    db_session.add(Invitation(assessment_id=invitation.assessment_id,
                              token_hash=invitation.token_hash, language="en",
                              expires_at=invitation.expires_at))
    with pytest.raises(IntegrityError):
        db_session.commit()
    db_session.rollback()


def test_status_is_checked_by_the_database(db_session: Session) -> None:
    assessment = make_assessment(db_session)
    with pytest.raises(IntegrityError, match="ck_assessment_status"):
        db_session.execute(sa.update(Assessment).where(Assessment.id == assessment.id)
                           .values(status="finished"))
    db_session.rollback()


def test_role_is_checked_by_the_database(db_session: Session) -> None:
    with pytest.raises(IntegrityError):
        make_user(db_session, role="superuser")
    db_session.rollback()


def test_user_emails_are_unique(db_session: Session) -> None:
    make_user(db_session, "eva@example.com")
    with pytest.raises(IntegrityError):
        make_user(db_session, "eva@example.com")
    db_session.rollback()


def test_user_defaults(db_session: Session) -> None:
    user = make_user(db_session)
    db_session.expire_all()
    stored = db_session.get(User, user.id)
    assert stored is not None
    assert (stored.active, stored.session_version, stored.last_login_at) == (True, 1, None)
    assert stored.created_at.tzinfo is not None


def test_deleting_an_assessment_removes_its_answers_and_invitations_keeps_audit(
    db_session: Session,
) -> None:
    invitation, _ = make_invitation(db_session)
    assessment = invitation.assessment
    answer(db_session, assessment, "org_size", "large", invitation=invitation)
    event_ids = [e.id for e in audit.events_for(db_session, assessment)]
    assert event_ids
    db_session.execute(sa.delete(Assessment).where(Assessment.id == assessment.id))
    db_session.commit()
    assert db_session.scalar(sa.select(sa.func.count(Answer.id))) == 0
    assert db_session.scalar(sa.select(sa.func.count(Invitation.id))) == 0
    kept = db_session.scalars(sa.select(AuditEvent).where(AuditEvent.id.in_(event_ids))).all()
    assert len(kept) == len(event_ids)
    assert {e.assessment_id for e in kept} == {None}


def test_answers_keep_their_value_when_the_invitation_goes(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session)
    stored = answer(db_session, invitation.assessment, "org_size", "large", invitation=invitation)
    db_session.execute(sa.delete(Invitation).where(Invitation.id == invitation.id))
    db_session.commit()
    db_session.refresh(stored)
    assert (stored.value, stored.invitation_id) == ("large", None)


def test_json_values_round_trip(db_session: Session) -> None:
    assessment = make_assessment(db_session)
    values = {"a": ["erp", "oms"], "b": 12.5, "c": "dont_know", "d": 0, "e": "ünïcödé ✓"}
    for question_id, value in values.items():
        answer(db_session, assessment, question_id, value)
    db_session.expire_all()
    rows = db_session.scalars(sa.select(Answer)).all()
    assert {row.question_id: row.value for row in rows} == values


def test_a_cleared_answer_is_sql_null(db_session: Session) -> None:
    assessment = make_assessment(db_session)
    answer(db_session, assessment, "notes", None)
    assert db_session.scalar(sa.select(sa.func.count(Answer.id)).where(Answer.value.is_(None))) == 1


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    """The default database's settings (SQLite only, so no database fixture)."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}"})
    with app.app_context():
        try:
            with db.engine.connect() as connection:
                pragma = connection.exec_driver_sql
                assert pragma("PRAGMA journal_mode").scalar() == "wal"
                assert pragma("PRAGMA busy_timeout").scalar() == 5000
                assert pragma("PRAGMA foreign_keys").scalar() == 1
        finally:
            db.engine.dispose()
