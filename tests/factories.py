"""Test data with sensible defaults (CTFd's ``gen_*`` style), written to the real database.

Every factory takes the session first, commits, and returns what it made. Names and
emails are unique per call, so a test can make several without thinking about it.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from assessment.models import Answer, Assessment, Invitation, Organisation, Status, User
from assessment.models.types import utcnow
from assessment.services import assessments, bank, invitations

if TYPE_CHECKING:
    from assessment.engine import Questionnaire

DEFAULT_PASSWORD = "correct horse battery staple"
# Cheap argon2 parameters: the hash still verifies with the app's PasswordHasher.
_fast_hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
_sequence = itertools.count(1)


def make_org(session: Session, name: str | None = None) -> Organisation:
    """An organisation, by default 'Organisation <n>'."""
    organisation = Organisation(name=name or f"Organisation {next(_sequence)}")
    session.add(organisation)
    session.commit()
    return organisation


def make_assessment(
    session: Session,
    organisation: Organisation | None = None,
    *,
    questionnaire: Questionnaire | None = None,
    status: Status | str = Status.INVITED,
    language: str = "en",
    show_summary: bool = True,
) -> Assessment:
    """An assessment pinned to the bank's newest questionnaire (or the one given)."""
    assessment = assessments.start(
        session,
        organisation or make_org(session),
        questionnaire=questionnaire or bank.latest(),
        language=language,
        show_summary=show_summary,
    )
    assessment.status = Status(status).value
    session.commit()
    return assessment


def make_invitation(
    session: Session,
    assessment: Assessment | None = None,
    *,
    areas: list[str] | None = None,
    language: str | None = None,
    respondent_name: str | None = None,
    respondent_role: str | None = None,
    expires_at: datetime | None = None,
    revoked: bool = False,
    submitted: bool = False,
) -> tuple[Invitation, str]:
    """An invitation through the real service; returns ``(invitation, raw_token)``.

    ``expires_at`` (e.g. in the past), ``revoked`` and ``submitted`` set those states
    directly, without the side effects of the services.
    """
    invitation, token = invitations.create(
        session,
        assessment or make_assessment(session),
        areas=areas,
        language=language,
        respondent_name=respondent_name or f"Respondent {next(_sequence)}",
        respondent_role=respondent_role,
    )
    if expires_at is not None:
        invitation.expires_at = expires_at
    if revoked:
        invitation.revoked_at = utcnow()
    if submitted:
        invitation.submitted_at = utcnow()
    session.commit()
    return invitation, token


def make_user(
    session: Session,
    email: str | None = None,
    *,
    role: str = "consultant",
    password: str = DEFAULT_PASSWORD,
    active: bool = True,
) -> User:
    """A staff account (default: an active consultant whose password is DEFAULT_PASSWORD)."""
    user = User(
        email=(email or f"user{next(_sequence)}@example.com").lower(),
        password_hash=_fast_hasher.hash(password),
        role=role,
        active=active,
    )
    session.add(user)
    session.commit()
    return user


def answer(
    session: Session,
    assessment: Assessment,
    question_id: str,
    value: Any,
    *,
    invitation: Invitation | None = None,
    at: datetime | None = None,
) -> Answer:
    """Store (or change) one answer directly, bumping its version; no validation."""
    row = _find_answer(session, assessment, question_id)
    when = at or utcnow()
    if row is None:
        row = Answer(assessment_id=assessment.id, question_id=question_id, version=0)
        row.created_at = when
        session.add(row)
    row.value = value
    row.version = (row.version or 0) + 1
    row.invitation_id = invitation.id if invitation is not None else None
    row.updated_at = when
    session.commit()
    return row


def answers(
    session: Session,
    assessment: Assessment,
    values: dict[str, Any],
    *,
    invitation: Invitation | None = None,
) -> list[Answer]:
    """Store several answers at once (see ``answer``)."""
    return [
        answer(session, assessment, qid, value, invitation=invitation)
        for qid, value in values.items()
    ]


def _find_answer(session: Session, assessment: Assessment, question_id: str) -> Answer | None:
    return session.scalar(
        sa.select(Answer).where(
            Answer.assessment_id == assessment.id, Answer.question_id == question_id
        )
    )


def days_ago(days: float) -> datetime:
    """A timezone-aware moment ``days`` before now (negative: in the future)."""
    return utcnow() - timedelta(days=days)


# The small questionnaire the web core's tests use (tests/web/data/questions/webtest).
WEBTEST_BANK = Path(__file__).resolve().parent / "web" / "data" / "questions"
WEBTEST_CONFIG: dict[str, Any] = {"QUESTIONS_DIR": WEBTEST_BANK, "QUESTIONNAIRE_ID": "webtest"}
# A complete set of answers to it: every required question, in both areas.
WEBTEST_PROFILE = {"org_size": "large"}
WEBTEST_BACK_OFFICE = {"erp_involved": "yes", "erp_meetings": 3, "integrations": ["erp", "oms"]}
WEBTEST_WAREHOUSE = {"packing_per_hour": 60, "stock_accuracy": 95}
