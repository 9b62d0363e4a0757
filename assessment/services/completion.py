"""Completing an assessment: once every invited part is in, it is submitted and scored."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.engine import Questionnaire, Result
from assessment.models.assessment import Assessment, Status
from assessment.models.invitation import Invitation
from assessment.models.types import utcnow
from assessment.services import audit, bank, scoring


def complete_if_ready(session: Session, assessment: Assessment, *, actor: str) -> bool:
    """Mark the assessment submitted and score it if every invited part is in. Flushes only.

    Ready means: every invitation still in play (not revoked, and submitted or not yet
    expired) has been submitted, there is at least one, and the submitted ones
    together cover every area of the questionnaire.
    """
    if not assessment.is_open:
        return False
    questionnaire = bank.questionnaire_for(assessment)
    now = utcnow()
    in_play = [
        i for i in _invitations(session, assessment)
        if i.revoked_at is None and (i.submitted_at is not None or i.expires_at > now)
    ]
    if not in_play or any(i.submitted_at is None for i in in_play):
        return False
    if _uncovered(questionnaire, in_play):
        return False
    submit(session, assessment, questionnaire, actor=actor,
           details={"invitations": [i.id for i in in_play]})
    return True


def submit(session: Session, assessment: Assessment, questionnaire: Questionnaire, *,
           actor: str, details: dict[str, Any]) -> Result:
    """Mark the assessment submitted now, audit it and score it. Flushes only."""
    assessment.status = Status.SUBMITTED.value
    assessment.submitted_at = utcnow()
    audit.record(session, "assessment.submitted", assessment=assessment, actor=actor,
                 details=details)
    return scoring.score(session, assessment, questionnaire=questionnaire, actor=actor)


def _uncovered(questionnaire: Questionnaire, submitted: Sequence[Invitation]) -> set[str]:
    every = set(bank.area_ids(questionnaire))
    covered: set[str] = set()
    for invitation in submitted:
        covered |= every if invitation.areas is None else set(invitation.areas)
    return every - covered


def _invitations(session: Session, assessment: Assessment) -> Sequence[Invitation]:
    return session.scalars(
        sa.select(Invitation).where(Invitation.assessment_id == assessment.id)
        .order_by(Invitation.id)
    ).all()
