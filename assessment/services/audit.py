"""Record every state change in the audit log (``AuditEvent``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.assessment import Assessment
from assessment.models.audit import AuditEvent
from assessment.models.invitation import Invitation
from assessment.models.types import utcnow

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
