"""What needs a consultant's attention, and who is answerable for what by when.

The queue gathers, over the assessments the user may see (``access.listable_clause``):
submissions waiting for review, resubmissions that answer a change request, invitations
nobody has opened after ``unopened_days``, and assessments past their due date. One row per
assessment with every reason it is there, the longest wait first. Each assessment has an
assignee (a consultant; the owner until someone else is chosen) and an optional due date.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from assessment.models.assessment import Assessment, Status
from assessment.models.invitation import Invitation
from assessment.models.organisation import Organisation
from assessment.models.review import ChangeRequest
from assessment.models.share import AssessmentShare, ShareKind
from assessment.models.types import utcnow
from assessment.models.user import Role, User
from assessment.services import audit
from assessment.services.access import Principal, listable_clause
from assessment.services.audit import Staff
from assessment.services.errors import N_, DomainError

DEFAULT_UNOPENED_DAYS = 5
LIMIT = 100  # rows per reason and in all: a longer queue is a staffing problem, not a page
WAITING_STATUSES = (Status.INVITED.value, Status.IN_PROGRESS.value,
                    Status.CHANGES_REQUESTED.value)


class Reason(enum.StrEnum):
    """Why an assessment is in the queue."""

    SUBMITTED = "submitted"  # waiting for review
    CHANGES_ANSWERED = "changes_answered"  # resubmitted after changes were requested
    UNOPENED = "unopened"  # an invitation nobody has opened
    OVERDUE = "overdue"  # past its due date, not approved


@dataclass(frozen=True)
class Wait:
    """One reason with when the wait began (and, for invitations, how many)."""

    reason: Reason
    since: datetime
    count: int = 1


@dataclass(frozen=True)
class AttentionRow:
    """One assessment in the queue."""

    assessment_id: int
    organisation: str
    created_at: datetime
    status: str
    assignee: str | None
    due_date: date | None
    waits: tuple[Wait, ...]
    since: datetime  # the oldest wait

    def days_waiting(self, now: datetime) -> int:
        """Whole days since the oldest wait began."""
        return max(0, (now - self.since).days)

    @property
    def overdue(self) -> bool:
        """True when the due date has passed (and it is not approved)."""
        return any(wait.reason == Reason.OVERDUE for wait in self.waits)


def queue(session: Session, user: Principal, *, unopened_days: int = DEFAULT_UNOPENED_DAYS,
          now: datetime | None = None) -> list[AttentionRow]:
    """Everything waiting on the user's assessments, the longest wait first (four queries)."""
    now = now or utcnow()
    waits: dict[int, list[Wait]] = {}
    for assessment_id, wait in _all_waits(session, user, unopened_days, now):
        waits.setdefault(assessment_id, []).append(wait)
    if not waits:
        return []
    oldest = sorted(waits, key=lambda key: min(wait.since for wait in waits[key]))[:LIMIT]
    rows = [_row(info, waits[info.id]) for info in _details(session, oldest)]
    return sorted(rows, key=lambda row: (row.since, row.assessment_id))


def _all_waits(session: Session, user: Principal, unopened_days: int, now: datetime
               ) -> Iterable[tuple[int, Wait]]:
    visible = listable_clause(user)
    answering = sa.exists().where(ChangeRequest.assessment_id == Assessment.id,
                                  ChangeRequest.closed_at.is_(None))
    since = sa.func.coalesce(Assessment.submitted_at, Assessment.last_activity_at)
    submitted = session.execute(
        sa.select(Assessment.id, since, answering)
        .where(visible, Assessment.status == Status.SUBMITTED.value)
        .order_by(since).limit(LIMIT))
    for assessment_id, began, answered in submitted:
        yield assessment_id, Wait(Reason.CHANGES_ANSWERED if answered else Reason.SUBMITTED,
                                  _aware(began))
    cutoff = now - timedelta(days=unopened_days)
    unopened = session.execute(
        sa.select(Invitation.assessment_id, sa.func.min(Invitation.created_at), sa.func.count())
        .join(Assessment, Assessment.id == Invitation.assessment_id)
        .where(visible, Assessment.status.in_(WAITING_STATUSES),
               Invitation.first_used_at.is_(None), Invitation.revoked_at.is_(None),
               Invitation.submitted_at.is_(None), Invitation.expires_at > now,
               Invitation.created_at <= cutoff)
        .group_by(Invitation.assessment_id)
        .order_by(sa.func.min(Invitation.created_at)).limit(LIMIT))
    for assessment_id, began, count in unopened:
        yield assessment_id, Wait(Reason.UNOPENED, _aware(began), count)
    overdue = session.execute(
        sa.select(Assessment.id, Assessment.due_date)
        .where(visible, Assessment.due_date < now.date(),
               Assessment.status != Status.APPROVED.value)
        .order_by(Assessment.due_date).limit(LIMIT))
    for assessment_id, due in overdue:
        assert due is not None  # the query asked for a due date in the past
        yield assessment_id, Wait(Reason.OVERDUE, datetime.combine(due, datetime.min.time(), UTC))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _details(session: Session, ids: list[int]) -> Iterable[sa.Row[Any]]:
    assignee = aliased(User)
    return session.execute(
        sa.select(Assessment.id, Organisation.name, Assessment.created_at, Assessment.status,
                  sa.func.coalesce(assignee.display_name, assignee.email).label("assignee"),
                  Assessment.due_date)
        .join(Organisation, Organisation.id == Assessment.organisation_id)
        .outerjoin(assignee, assignee.id == sa.func.coalesce(Assessment.assignee_id,
                                                             _owner_id()))
        .where(Assessment.id.in_(ids)))


def _owner_id() -> sa.ScalarSelect[Any]:
    return (sa.select(AssessmentShare.user_id)
            .where(AssessmentShare.assessment_id == Assessment.id,
                   AssessmentShare.kind == ShareKind.OWNER.value)
            .limit(1).scalar_subquery())


def _row(info: sa.Row[Any], waits: list[Wait]) -> AttentionRow:
    ordered = tuple(sorted(waits, key=lambda wait: wait.since))
    return AttentionRow(
        assessment_id=info.id, organisation=info.name, created_at=info.created_at,
        status=info.status, assignee=info.assignee, due_date=info.due_date, waits=ordered,
        since=ordered[0].since)


# --- assignee and due date ---------------------------------------------------------------


@dataclass(frozen=True)
class Assignment:
    """The assessment's assignee (the owner by default) and due date, with the choices."""

    assignee_id: int | None
    due_date: date | None
    candidates: tuple[tuple[int, str], ...]  # (user id, name) of consultants with access


def assignment(session: Session, assessment: Assessment) -> Assignment:
    """Who is answerable for the assessment and when it is due (one query)."""
    candidates = _candidates(session, assessment)
    owner = session.scalar(sa.select(_owner_id()).select_from(Assessment)
                           .where(Assessment.id == assessment.id))
    return Assignment(assessment.assignee_id or owner, assessment.due_date,
                      tuple((user.id, user.display_name or user.email) for user in candidates))


def _candidates(session: Session, assessment: Assessment) -> list[User]:
    """Active consultants sharing the assessment, and active admins (they see everything)."""
    shared = sa.select(AssessmentShare.user_id).where(
        AssessmentShare.assessment_id == assessment.id)
    return list(session.scalars(
        sa.select(User).where(User.active.is_(True), sa.or_(
            sa.and_(User.role == Role.CONSULTANT.value, User.id.in_(shared)),
            User.role == Role.ADMIN.value))
        .order_by(User.role != Role.CONSULTANT.value, User.email)))


def set_assignment(session: Session, assessment: Assessment, actor: Staff, *,
                   assignee_id: int | None, due_date: date | None) -> None:
    """Change the assignee and due date; refuses someone without access. Flushes only."""
    if assignee_id is not None and assignee_id not in {
            user.id for user in _candidates(session, assessment)}:
        raise DomainError(N_("Choose an active consultant who has access to this assessment."),
                          field="assignee")
    assessment.assignee_id = assignee_id
    assessment.due_date = due_date
    audit.record(session, "assessment.assigned", assessment=assessment, actor=actor.email,
                 details={"assignee_id": assignee_id,
                          "due_date": due_date.isoformat() if due_date else None})
    session.flush()


def parse_due_date(text: str) -> date | None:
    """A due date from a form (YYYY-MM-DD, empty: none); DomainError names what is wrong."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DomainError(N_("Enter the due date as a date, for example 2027-01-31."),
                          field="due_date") from None
