"""Record every state change in the audit log (``AuditEvent``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa
import sqlalchemy.orm
from sqlalchemy.orm import Session

from assessment.models.assessment import Assessment
from assessment.models.audit import AuditEvent
from assessment.models.invitation import Invitation
from assessment.models.types import utcnow
from assessment.models.user import User

CLI_ACTOR = "cli"
SYSTEM_ACTOR = "system"


def invitation_actor(invitation: Invitation) -> str:
    """The actor string for a respondent acting through their invitation."""
    return f"invitation:{invitation.id}"


def record(
    session: Session,
    action: str,
    *,
    assessment: Assessment | None = None,
    actor: str = SYSTEM_ACTOR,
    details: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the session; it is committed with the change it describes."""
    if assessment is not None and assessment.id is None:
        session.flush()  # the event needs the new assessment's id
    event = AuditEvent(
        at=utcnow(),
        actor=actor,
        assessment_id=assessment.id if assessment is not None else None,
        action=action,
        details=dict(details or {}),
    )
    session.add(event)
    return event


def events_for(session: Session, assessment: Assessment) -> Sequence[AuditEvent]:
    """The assessment's audit trail, oldest first."""
    return session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.assessment_id == assessment.id)
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()


class Staff(Protocol):
    """The signed-in staff member acting (an ORM User or the dashboard's session user)."""

    @property
    def id(self) -> int: ...

    @property
    def email(self) -> str: ...

    @property
    def role(self) -> str: ...


class _Identified(Protocol):
    @property
    def id(self) -> int: ...


def actor_label(user: _Identified) -> str:
    """How the audit log names a staff user."""
    return f"user:{user.id}"


@dataclass(frozen=True)
class Activity:
    """An audit event with a readable actor."""

    at: datetime
    action: str
    actor: str
    details: Mapping[str, Any]


def activity(session: Session, assessment: Assessment, limit: int) -> list[Activity]:
    """The assessment's newest audit events, newest first, actors named (one query).

    A staff actor (``user:<id>``) is named by the account's email, a respondent
    (``invitation:<id>``) by the invitation's name and role; any other actor as recorded.
    """
    user = sa.orm.aliased(User)
    invitation = sa.orm.aliased(Invitation)
    rows = session.execute(
        sa.select(AuditEvent, user.email, invitation)
        .outerjoin(user, AuditEvent.actor == sa.literal("user:") + sa.cast(user.id, sa.String))
        .outerjoin(invitation, AuditEvent.actor
                   == sa.literal("invitation:") + sa.cast(invitation.id, sa.String))
        .where(AuditEvent.assessment_id == assessment.id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    )
    return [
        Activity(event.at, event.action,
                 email or (respondent.respondent_label if respondent else event.actor),
                 event.details)
        for event, email, respondent in rows
    ]
