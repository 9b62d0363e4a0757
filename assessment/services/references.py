"""Reference numbers a respondent can quote: ``CRA-2026-00042-3``.

Built from what never changes: the year the assessment was created, its id and the
respondent's number within it (invitations in the order they were made, from 1). A
consultant can type one into a search box; ``find`` reads it back to the invitation.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.invitation import Invitation

PREFIX = "CRA"
PATTERN = re.compile(r"^\s*CRA-(\d{4})-(\d{1,9})-(\d{1,4})\s*$", re.IGNORECASE)


def format_reference(year: int, assessment_id: int, number: int) -> str:
    """``CRA-<year>-<assessment id, five digits at least>-<respondent number>``."""
    return f"{PREFIX}-{year:04d}-{assessment_id:05d}-{number}"


def respondent_number(session: Session, invitation: Invitation) -> int:
    """The invitation's place among its assessment's invitations, oldest first (from 1)."""
    earlier = session.scalar(
        sa.select(sa.func.count()).select_from(Invitation).where(
            Invitation.assessment_id == invitation.assessment_id, Invitation.id < invitation.id))
    return int(earlier or 0) + 1


def reference_for(session: Session, invitation: Invitation) -> str:
    """The respondent's reference number."""
    year = invitation.assessment.created_at.year
    return format_reference(year, invitation.assessment_id,
                            respondent_number(session, invitation))


def parse(text: str) -> tuple[int, int, int] | None:
    """(year, assessment id, respondent number) of a reference; None if it is not one."""
    match = PATTERN.match(text or "")
    if match is None:
        return None
    year, assessment_id, number = (int(g) for g in match.groups())
    return (year, assessment_id, number) if number >= 1 else None


def find(session: Session, text: str) -> Invitation | None:
    """The invitation a reference names; None when it names none."""
    parsed = parse(text)
    if parsed is None:
        return None
    year, assessment_id, number = parsed
    found = session.scalars(
        sa.select(Invitation).where(Invitation.assessment_id == assessment_id)
        .order_by(Invitation.id).offset(number - 1).limit(1)).first()
    if found is None or found.assessment.created_at.year != year:
        return None
    return found
