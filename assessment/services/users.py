"""Dashboard accounts: create, authenticate, end sessions, change role, (de)activate.

Passwords are hashed with argon2id (argon2-cffi's defaults). ``authenticate`` takes the same
time whether or not the account exists: an unknown or deactivated email still verifies a
password against a dummy hash, so neither the answer nor its timing enumerates accounts.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.orm import Session

from assessment.models.user import User
from assessment.services import audit, password_policy, security_log
from assessment.services.access import Principal, Role
from assessment.services.errors import N_, DomainError
from assessment.services.password_policy import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from assessment.services.security_log import Kind

__all__ = ["MAX_PASSWORD_LENGTH", "MIN_PASSWORD_LENGTH"]  # re-exported for forms and views

MAX_EMAIL_LENGTH = 254
MAX_DISPLAY_NAME_LENGTH = 120
_EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_hasher = PasswordHasher()


class UserError(DomainError):
    """A user change was refused; ``field`` names the form field it concerns."""


@dataclass(frozen=True)
class UserRow:
    """A user as the admin's list shows it (plain data for templates)."""

    id: int
    email: str
    role: str
    active: bool
    created_at: datetime
    last_login_at: datetime | None
    second_factor: bool = False  # enrolled (TOTP confirmed)
    display_name: str | None = None  # how the report's cover names them


def normalise_email(raw: str) -> str:
    """The form an email is stored and looked up in: trimmed and lower-cased."""
    return raw.strip().lower()


def check_email(raw: str) -> str:
    """The normalised email, or UserError if it is not shaped like one."""
    email = normalise_email(raw)
    if len(email) > MAX_EMAIL_LENGTH or not _EMAIL_SHAPE.match(email):
        raise UserError(N_("%(email)s is not a valid email address.", email=raw.strip()), "email")
    return email


def check_password(password: str, email: str = "") -> None:
    """UserError unless the password passes the policy (``services/password_policy.py``)."""
    try:
        password_policy.check(password, email)
    except password_policy.PasswordRefused as refused:
        raise UserError(refused.text, field=refused.field) from None


def check_role(role: str) -> Role:
    """The Role for a role name, or UserError listing the valid ones."""
    try:
        return Role(role)
    except ValueError:
        valid = ", ".join(r.value for r in Role)
        message = N_("Unknown role %(role)s; choose one of %(valid)s.", role=role, valid=valid)
        raise UserError(message, field="role") from None


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def find_by_email(session: Session, email: str) -> User | None:
    """The user with this email (normalised), or None."""
    return session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create_user(
    session: Session, *, email: str, password: str, role: str, actor: str = "cli",
    by: Principal | None = None, address: str | None = None, display_name: str | None = None,
) -> User:
    """Create an active user; UserError on a bad email, password, role or a taken email.

    ``actor`` is the audit label; ``by`` the acting account (None from the CLI).
    """
    clean = check_email(email)
    chosen = check_role(role)
    check_password(password, clean)
    if find_by_email(session, clean) is not None:
        raise UserError(N_("A user with the email %(email)s already exists.", email=clean), "email")
    user = User(email=clean, password_hash=hash_password(password), role=chosen.value, active=True,
                display_name=check_display_name(display_name))
    session.add(user)
    session.flush()
    details = {"user": clean, "role": chosen.value}
    audit.record(session, "user.created", actor=actor, details=details)
    security_log.record(session, Kind.ACCOUNT_CREATED, user=user, actor=_account(session, by),
                        address=address, details={"role": chosen.value})
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user whose email and password match, else None, in comparable time."""
    user = find_by_email(session, email)
    if user is None or not user.active:
        _verify(_dummy_hash(), password)
        return None
    if not _verify(user.password_hash, password):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def record_login(session: Session, user: User, address: str | None = None) -> None:
    """Note the time of a successful login (and log it as a security event)."""
    user.last_login_at = datetime.now(UTC)
    audit.record(session, "user.login", actor=audit.actor_label(user), details={"user": user.email})
    security_log.record(session, Kind.SIGN_IN, user=user, actor=user, address=address)


def record_failed_login(session: Session, email: str, address: str | None = None) -> None:
    """Log a refused sign-in: the email as typed (normalised), known account or not."""
    clean = normalise_email(email)[:MAX_EMAIL_LENGTH]
    security_log.record(session, Kind.SIGN_IN_FAILED, email=clean, address=address)


def record_lockout(session: Session, email: str, address: str | None = None) -> None:
    """Log that an account reached the global failure threshold and is locked for a while."""
    user = find_by_email(session, email)
    clean = normalise_email(email)[:MAX_EMAIL_LENGTH]
    security_log.record(session, Kind.ACCOUNT_LOCKED, user=user, email=clean, address=address)


def sign_out(session: Session, user: User, address: str | None = None) -> None:
    """End every session of the user and log the sign-out."""
    end_sessions(session, user)
    security_log.record(session, Kind.SIGN_OUT, user=user, actor=user, address=address)


def end_sessions(session: Session, user: User) -> None:
    """Invalidate every session of this user (logout, role change, deactivation, new password)."""
    user.session_version = (user.session_version or 0) + 1


def set_password(session: Session, user: User, password: str, *, actor: str) -> None:
    """Replace the password and end the user's other sessions."""
    check_password(password, user.email)
    user.password_hash = hash_password(password)
    end_sessions(session, user)
    audit.record(session, "user.password_changed", actor=actor, details={"user": user.email})


def change_password(
    session: Session, user_id: int, current: str, new: str, *, address: str | None = None
) -> User:
    """A user replaces their own password: the current one is required, the new one checked.

    Every session of the user ends (the version is bumped); the web layer signs the current
    browser in again with the new version. UserError names the field that is wrong.
    """
    user = _get(session, user_id)
    if not _verify(user.password_hash, current):
        raise UserError(N_("The current password is incorrect."), field="current")
    if new == current:
        raise UserError(N_("The new password must differ from the current one."), field="password")
    set_password(session, user, new, actor=audit.actor_label(user))
    security_log.record(session, Kind.PASSWORD_CHANGED, user=user, actor=user, address=address)
    return user


def check_display_name(raw: str | None) -> str | None:
    """The display name trimmed (None when blank); UserError when too long or an e-mail."""
    name = " ".join((raw or "").split())
    if not name:
        return None
    if len(name) > MAX_DISPLAY_NAME_LENGTH:
        raise UserError(N_("The display name is at most %(max)s characters.",
                           max=MAX_DISPLAY_NAME_LENGTH), "display_name")
    if "@" in name:
        raise UserError(N_("The display name is a person’s name, not an e-mail address."),
                        "display_name")
    return name


def set_display_name(session: Session, user: User, name: str | None, *, actor: str) -> User:
    """Set (or clear, with a blank name) how reports name this user."""
    clean = check_display_name(name)
    if user.display_name != clean:
        user.display_name = clean
        audit.record(session, "user.display_name_changed", actor=actor,
                     details={"user": user.email})
    return user


def set_role(
    session: Session, user_id: int, role: str, *, actor: Principal, address: str | None = None
) -> User:
    """Change a user's role (admin only); an admin cannot demote themselves."""
    user = _get(session, user_id)
    chosen = check_role(role)
    if user.id == actor.id and chosen != Role.ADMIN:
        raise UserError(N_("You cannot remove your own admin role."), field="role")
    if user.role != chosen.value:
        before = user.role
        user.role = chosen.value
        end_sessions(session, user)
        audit.record(
            session,
            "user.role_changed",
            actor=audit.actor_label(actor),
            details={"user": user.email, "from": before, "to": chosen.value},
        )
        security_log.record(session, Kind.ROLE_CHANGED, user=user, actor=_account(session, actor),
                            address=address, details={"from": before, "to": chosen.value})
    return user


def set_active(
    session: Session, user_id: int, active: bool, *, actor: Principal, address: str | None = None
) -> User:
    """Deactivate (ending their sessions) or reactivate a user; never oneself."""
    user = _get(session, user_id)
    if user.id == actor.id:
        raise UserError(N_("You cannot deactivate your own account."), field="active")
    if user.active != active:
        user.active = active
        end_sessions(session, user)
        action = "user.activated" if active else "user.deactivated"
        audit.record(session, action, actor=audit.actor_label(actor), details={"user": user.email})
        kind = Kind.ACCOUNT_ACTIVATED if active else Kind.ACCOUNT_DEACTIVATED
        security_log.record(session, kind, user=user, actor=_account(session, actor),
                            address=address)
    return user


def list_users(session: Session) -> list[UserRow]:
    """Every user, admins first, then by email."""
    order = sa.case({r.value: i for i, r in enumerate(Role)}, value=User.role, else_=len(Role))
    rows = session.scalars(sa.select(User).order_by(order, User.email))
    return [UserRow(u.id, u.email, u.role, u.active, u.created_at, u.last_login_at,
                    u.second_factor_enrolled_at is not None, u.display_name) for u in rows]


def get(session: Session, user_id: int) -> User:
    """The user with this id, or UserError."""
    return _get(session, user_id)


def _account(session: Session, principal: Principal | None) -> User | None:
    """The stored account of an acting principal (the log wants its id and email)."""
    return session.get(User, principal.id) if principal is not None else None


def _get(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise UserError(N_("There is no user with id %(id)d.", id=user_id))
    return user


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash() -> str:
    """A hash of a random secret, verified when the account is unknown (equal timing)."""
    return _hasher.hash(secrets.token_urlsafe(32))
