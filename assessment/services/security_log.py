"""The security event log: record an event, and read the newest for the admins' page.

Kinds (``Kind``) are fixed strings so the log can be filtered; ``details`` holds plain
data and never a secret (no password, token, code or second-factor secret).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.security_event import SecurityEvent
from assessment.models.types import utcnow

PAGE_SIZE = 100


class Kind(enum.StrEnum):
    """What happened."""

    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    ACCOUNT_LOCKED = "account_locked"
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled"
    SECOND_FACTOR_USED = "second_factor_used"
    SECOND_FACTOR_FAILED = "second_factor_failed"
    RECOVERY_CODE_USED = "recovery_code_used"
    SECOND_FACTOR_REMOVED = "second_factor_removed"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105  (an event name, not a password)
    PASSWORD_RESET_ISSUED = "password_reset_issued"  # noqa: S105
    PASSWORD_RESET_USED = "password_reset_used"  # noqa: S105
    ROLE_CHANGED = "role_changed"
    ACCOUNT_CREATED = "account_created"
    ACCOUNT_DEACTIVATED = "account_deactivated"
    ACCOUNT_ACTIVATED = "account_activated"
    EXPORT = "export"
    REPORT_DOWNLOAD = "report_download"


class _Account(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def email(self) -> str: ...


@dataclass(frozen=True)
class Entry:
    """A logged event as the admins' page shows it."""

    at: datetime
    kind: str
    email: str | None
    actor_id: int | None
    address: str | None
    details: Mapping[str, Any]


def record(
    session: Session, kind: Kind, *, user: _Account | None = None, email: str | None = None,
    actor: _Account | None = None, address: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> None:
    """Add an event (flushes only): ``user`` is whose account it concerns, ``actor`` who acted.

    ``email`` names an account that may not exist (a failed sign-in for an unknown address).
    """
    session.add(SecurityEvent(
        at=utcnow(), kind=kind.value, user_id=user.id if user else None,
        email=(user.email if user else email), actor_id=actor.id if actor else None,
        address=(address or "")[:64] or None, details=dict(details or {}),
    ))
    session.flush()


def newest(session: Session, *, kinds: Sequence[str] = (), email: str = "", page: int = 1
           ) -> tuple[list[Entry], int]:
    """The newest events (optionally of some kinds, or for one email), and how many match."""
    condition: sa.ColumnElement[bool] = sa.true()
    if kinds:
        condition = sa.and_(condition, SecurityEvent.kind.in_(list(kinds)))
    if email:
        condition = sa.and_(condition, SecurityEvent.email == email.strip().lower())
    total = session.scalar(sa.select(sa.func.count()).select_from(SecurityEvent)
                           .where(condition)) or 0
    rows = session.scalars(
        sa.select(SecurityEvent).where(condition)
        .order_by(SecurityEvent.at.desc(), SecurityEvent.id.desc())
        .limit(PAGE_SIZE).offset((max(page, 1) - 1) * PAGE_SIZE)
    )
    return [Entry(r.at, r.kind, r.email, r.actor_id, r.address, r.details) for r in rows], total
