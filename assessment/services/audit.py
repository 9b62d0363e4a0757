"""Record every state change in the audit log (``AuditEvent``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa
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


def actor_name(session: Session, actor: str) -> str:
    """A readable name for an audit actor: a user's email, a respondent, or the actor itself."""
    kind, _sep, ident = actor.partition(":")
    if not ident.isdigit():
        return actor
    if kind == "user":
        email = session.scalar(sa.select(User.email).where(User.id == int(ident)))
        return email or actor
    if kind == "invitation":
        invitation = session.get(Invitation, int(ident))
        return invitation.respondent_label if invitation else actor
    return actor


@dataclass(frozen=True)
class Activity:
    """An audit event with a readable actor."""

    at: datetime
    action: str
    actor: str
    details: Mapping[str, Any]


def activity(session: Session, assessment: Assessment, limit: int) -> list[Activity]:
    """The assessment's newest audit events, newest first, actors named."""
    events = session.scalars(
        sa.select(AuditEvent).where(AuditEvent.assessment_id == assessment.id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    )
    names: dict[str, str] = {}
    rows = []
    for event in events:
        if event.actor not in names:
            names[event.actor] = actor_name(session, event.actor)
        rows.append(Activity(event.at, event.action, names[event.actor], event.details))
    return rows
