"""Admin-issued, one-time password-reset links.

A link carries a random token; only its SHA-256 is stored, so a copy of the database opens
nothing. A link is valid for ``ttl`` after it is issued and once: using it sets the new
password, ends every session of the user and marks it used. Issuing a new link for a user
voids their earlier unused ones. Delivery is the caller's: the web and the CLI show the
link to the admin, who hands it over (mail is not configured in this product yet).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.password_reset import PasswordResetToken
from assessment.models.types import utcnow
from assessment.models.user import User
from assessment.services import audit, security_log, users
from assessment.services.access import Principal
from assessment.services.errors import N_, NotFoundError
from assessment.services.security_log import Kind

DEFAULT_TTL = timedelta(hours=24)
_MAX_TOKEN_LENGTH = 128


class ResetLinkInvalid(NotFoundError):
    """The link is unknown, expired, used, or its account is deactivated."""


@dataclass(frozen=True)
class IssuedLink:
    """A new link's token (shown once, never stored) and whose and until when it is."""

    token: str
    email: str
    expires_at: datetime


def issue(
    session: Session, user: User, *, actor: Principal | None, address: str | None = None,
    ttl: timedelta = DEFAULT_TTL, now: datetime | None = None,
) -> IssuedLink:
    """A new one-time link for ``user`` (earlier unused links are voided); flushes only."""
    now = now or utcnow()
    session.execute(sa.delete(PasswordResetToken).where(
        PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None)
    ))
    token = secrets.token_urlsafe(32)
    actor_account = session.get(User, actor.id) if actor is not None else None
    session.add(PasswordResetToken(
        user_id=user.id, token_hash=_digest(token), created_at=now, expires_at=now + ttl,
        issued_by_id=actor_account.id if actor_account else None,
    ))
    security_log.record(session, Kind.PASSWORD_RESET_ISSUED, user=user, actor=actor_account,
                        address=address, details={"expires_at": (now + ttl).isoformat()})
    return IssuedLink(token, user.email, now + ttl)


def holder(session: Session, token: str, *, now: datetime | None = None) -> User:
    """The account a valid link resets, or ResetLinkInvalid."""
    return _user(session, _valid(session, token, now or utcnow()))


def use(
    session: Session, token: str, password: str, *, address: str | None = None,
    now: datetime | None = None,
) -> User:
    """Set the new password (checked) through a valid link, end every session, spend it."""
    now = now or utcnow()
    row = _valid(session, token, now)
    user = _user(session, row)
    users.set_password(session, user, password, actor=audit.actor_label(user))
    row.used_at = now
    security_log.record(session, Kind.PASSWORD_RESET_USED, user=user, actor=user,
                        address=address)
    session.flush()
    return user


def _valid(session: Session, token: str, now: datetime) -> PasswordResetToken:
    row = None
    if token and len(token) <= _MAX_TOKEN_LENGTH:
        row = session.scalar(sa.select(PasswordResetToken)
                             .where(PasswordResetToken.token_hash == _digest(token)))
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise ResetLinkInvalid(N_("This password reset link is invalid, expired or used "
                                  "already. Ask an administrator for a new one."))
    return row


def _user(session: Session, row: PasswordResetToken) -> User:
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        raise ResetLinkInvalid(N_("This password reset link is invalid, expired or used "
                                  "already. Ask an administrator for a new one."))
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
