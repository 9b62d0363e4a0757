"""Owning and sharing assessments between consultants (the rows access.py reads)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.assessment import Assessment
from assessment.models.share import AssessmentShare, ShareKind
from assessment.models.user import Role, User
from assessment.services import audit
from assessment.services.errors import N_, DomainError
from assessment.services.users import normalise_email


class ShareError(DomainError):
    """A sharing change was refused, with a message for the person who asked."""


@dataclass(frozen=True)
class Member:
    """A consultant with access to an assessment, as the sharing page shows it."""

    user_id: int
    email: str
    kind: str
    active: bool
    created_at: datetime


def members(session: Session, assessment_id: int) -> list[Member]:
    """The owner first, then the consultants it is shared with, by email."""
    rows = session.execute(
        sa.select(AssessmentShare, User.email, User.active)
        .join(User, User.id == AssessmentShare.user_id)
        .where(AssessmentShare.assessment_id == assessment_id)
        .order_by(AssessmentShare.kind != ShareKind.OWNER.value, User.email)
    )
    return [
        Member(share.user_id, email, share.kind, active, share.created_at)
        for share, email, active in rows
    ]


def candidates(
    session: Session, assessment_id: int, *, include_shared: bool = False
) -> list[tuple[int, str]]:
    """Active consultants without access (or, with include_shared, all but the owner)."""
    has_access = sa.select(AssessmentShare.user_id).where(
        AssessmentShare.assessment_id == assessment_id
    )
    if include_shared:
        has_access = has_access.where(AssessmentShare.kind == ShareKind.OWNER.value)
    rows = session.execute(
        sa.select(User.id, User.email)
        .where(User.role == Role.CONSULTANT.value, User.active, User.id.not_in(has_access))
        .order_by(User.email)
    )
    return [(user_id, email) for user_id, email in rows]


def grant(
    session: Session, assessment: Assessment, user: User, *, owner: bool, actor: str
) -> AssessmentShare:
    """Share with an active consultant, or make them the owner (the old owner keeps a share)."""
    if user.role != Role.CONSULTANT.value or not user.active:
        raise ShareError(N_("Only active consultants can work on an assessment."))
    share = _share(session, assessment.id, user.id)
    if share is None:
        share = AssessmentShare(assessment_id=assessment.id, user_id=user.id, created_by=actor)
        session.add(share)
    if owner and share.kind != ShareKind.OWNER:
        _demote_owner(session, assessment.id)
    share.kind = ShareKind.OWNER if owner or share.kind == ShareKind.OWNER else ShareKind.SHARED
    session.flush()
    action = "assessment.owner_set" if owner else "assessment.shared"
    audit.record(session, action, assessment=assessment, actor=actor, details={"user": user.email})
    return share


def consultant_by_email(session: Session, email: str) -> User:
    """The active consultant with this email, or a ShareError saying why not."""
    user = session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise ShareError(N_("There is no user with the email %(email)s.", email=email))
    if user.role != Role.CONSULTANT.value or not user.active:
        raise ShareError(N_("Only active consultants can work on an assessment."))
    return user


def grant_by_email(
    session: Session, assessment_id: int, email: str, *, owner: bool, actor: str
) -> AssessmentShare:
    """``grant`` for the CLI: the assessment by id and the consultant by email."""
    assessment = session.get(Assessment, assessment_id)
    if assessment is None:
        raise ShareError(N_("There is no assessment with id %(id)d.", id=assessment_id))
    return grant(session, assessment, consultant_by_email(session, email), owner=owner, actor=actor)


def revoke(session: Session, assessment: Assessment, user_id: int, *, actor: str) -> None:
    """Stop sharing with a consultant; the owner cannot be removed, only replaced."""
    share = _share(session, assessment.id, user_id)
    if share is None:
        raise ShareError(N_("This consultant has no access to the assessment."))
    if share.kind == ShareKind.OWNER:
        raise ShareError(N_("The owner cannot be removed; make someone else the owner first."))
    email = session.scalar(sa.select(User.email).where(User.id == user_id))
    session.delete(share)
    session.flush()
    audit.record(
        session, "assessment.unshared", assessment=assessment, actor=actor, details={"user": email}
    )


def _share(session: Session, assessment_id: int, user_id: int) -> AssessmentShare | None:
    return session.scalar(
        sa.select(AssessmentShare).where(
            AssessmentShare.assessment_id == assessment_id, AssessmentShare.user_id == user_id
        )
    )


def _demote_owner(session: Session, assessment_id: int) -> None:
    # Flushed before the new owner is set: the one-owner unique index checks each row.
    session.execute(
        sa.update(AssessmentShare)
        .where(
            AssessmentShare.assessment_id == assessment_id,
            AssessmentShare.kind == ShareKind.OWNER.value,
        )
        .values(kind=ShareKind.SHARED.value)
    )
