"""Who may see, change or download the report of an assessment: the one place that decides.

Every dashboard route, the report download route and the listing query ask this module.
Rules (doc/architecture/0006-access.md):

- admin: every assessment, every action, and user management;
- consultant: the assessments they own or that are shared with them (view, change, report);
- sales: the list of every assessment (read-only) and the report of an approved one (or
  the report approved before a re-score, until the new result is approved);
- anyone else (anonymous, deactivated): nothing.

An assessment the user may not even list answers 404 (its existence is not revealed); one
they may list but not act on answers 403.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from assessment.models.assessment import Assessment, Status
from assessment.models.share import AssessmentShare, ShareKind
from assessment.models.user import Role
from assessment.services.errors import N_, ForbiddenError, NotFoundError

__all__ = [
    "Action",
    "Grantee",
    "Principal",
    "Role",
    "grants",
    "is_admin",
    "listable_clause",
    "may",
    "may_manage_users",
    "may_open_listed",
    "may_read_result",
    "require",
    "require_grants",
]


# The advice the error page already gives for 404 and 403, so the page reads as before.
NOT_FOUND = N_(
    "If you typed the web address, check it is correct. "
    "If you pasted it, check you copied the entire address."
)
FORBIDDEN = N_("Your link or account does not give access to it.")


class Action(enum.StrEnum):
    """What a user wants to do with one assessment."""

    LIST = "list"
    VIEW = "view"
    CHANGE = "change"
    DOWNLOAD_REPORT = "download_report"
    SHARE = "share"


class Principal(Protocol):
    """The little the rules need to know about a user (an ORM User or the session user)."""

    @property
    def id(self) -> int: ...

    @property
    def role(self) -> str: ...


@dataclass(frozen=True)
class Grantee:
    """A principal as plain data (when the session user must outlive the request)."""

    id: int
    role: str


def is_admin(user: Principal | None) -> bool:
    """True for an admin: user management and every assessment."""
    return user is not None and user.role == Role.ADMIN


def may_open_listed(user: Principal | None) -> bool:
    """True when the user may open every assessment their list shows (not sales)."""
    return user is not None and user.role in (Role.ADMIN, Role.CONSULTANT)


def may_manage_users(user: Principal | None) -> bool:
    """Only admins list, create, deactivate users and change roles."""
    return is_admin(user)


def grants(session: Session, user: Principal | None, assessment: Assessment
           ) -> frozenset[Action]:
    """Everything this user may do with this assessment (at most one query)."""
    if user is None or user.role not in set(Role):
        return frozenset()
    if user.role == Role.ADMIN:
        return frozenset(Action)
    if user.role == Role.SALES:
        released = assessment.status == Status.APPROVED or assessment.released_at is not None
        return frozenset({Action.LIST, *([Action.DOWNLOAD_REPORT] if released else [])})
    kind = session.scalar(sa.select(AssessmentShare.kind).where(_member_of(user.id, assessment.id)))
    if kind is None:
        return frozenset()
    member = {Action.LIST, Action.VIEW, Action.CHANGE, Action.DOWNLOAD_REPORT}
    return frozenset(member | ({Action.SHARE} if kind == ShareKind.OWNER else set()))


def may_read_result(assessment: Assessment, allowed: frozenset[Action]) -> bool:
    """Whether the reviewed result may be read (the API): by those who may view the
    assessment, and by sales once it is approved (the dashboard shows them the report)."""
    return Action.VIEW in allowed or (
        Action.DOWNLOAD_REPORT in allowed and assessment.status == Status.APPROVED)


def may(session: Session, user: Principal | None, action: Action, assessment: Assessment) -> bool:
    """Whether this user may do ``action`` on this assessment."""
    return action in grants(session, user, assessment)


def require(
    session: Session, user: Principal | None, action: Action, assessment_id: int
) -> Assessment:
    """The assessment (its organisation loaded with it) if the user may do ``action`` on it.

    Else NotFoundError when they may not even list it, ForbiddenError when they may list it
    but not do this (the web layer answers 404 and 403).
    """
    return require_grants(session, user, action, assessment_id)[0]


def require_grants(
    session: Session, user: Principal | None, action: Action, assessment_id: int
) -> tuple[Assessment, frozenset[Action]]:
    """``require``, also returning everything else the user may do with the assessment."""
    assessment = session.get(Assessment, assessment_id,
                             options=[joinedload(Assessment.organisation)])
    allowed = grants(session, user, assessment) if assessment is not None else frozenset()
    if assessment is None or Action.LIST not in allowed:
        raise NotFoundError(NOT_FOUND)
    if action not in allowed:
        raise ForbiddenError(FORBIDDEN)
    return assessment, allowed


def listable_clause(user: Principal | None) -> sa.ColumnElement[bool]:
    """A WHERE clause on ``Assessment`` selecting what the user may see in the list."""
    if user is None or user.role not in set(Role):
        return sa.false()
    if user.role in (Role.ADMIN, Role.SALES):
        return sa.true()
    # IN, not EXISTS: the consultant's few shares drive the query (2 ms for a count over
    # 100,000 assessments on SQLite, where a correlated EXISTS probe per row took 21 ms).
    return Assessment.id.in_(
        sa.select(AssessmentShare.assessment_id).where(AssessmentShare.user_id == user.id)
    )


def _member_of(user_id: int, assessment_id: int) -> sa.ColumnElement[bool]:
    return sa.and_(
        AssessmentShare.assessment_id == assessment_id, AssessmentShare.user_id == user_id
    )
