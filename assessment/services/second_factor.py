"""The second factor of staff accounts: TOTP (RFC 6238) with one-time recovery codes.

Enrolment stores a new secret on the account and waits for a first code; confirming it
turns the factor on and hands out ten recovery codes, shown once and stored as salted
SHA-256 (they carry ~49 bits of randomness, so a slow hash adds nothing but latency).
A code is valid for its 30-second step and one step either side; the last accepted step
is stored, so the same code (or an older one) is refused a second time. The secret is
never logged and never put in a security event.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyotp
import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.recovery_code import RecoveryCode
from assessment.models.types import utcnow
from assessment.models.user import Role, User
from assessment.services import users
from assessment.services.errors import N_, DomainError, ForbiddenError
from assessment.services.security_log import Kind, record

ISSUER = "Commerce readiness"
RECOVERY_CODE_COUNT = 10
VALID_WINDOW = 1  # steps either side of now
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
_RECOVERY_LENGTH = 10


class SecondFactorError(DomainError):
    """A code was wrong, or the factor is not in a state that allows this."""


@dataclass(frozen=True)
class Enrolment:
    """What the enrolment page shows: the secret for manual entry and the otpauth:// URI."""

    secret: str
    uri: str


@dataclass(frozen=True)
class Status:
    """The account page's view of a user's second factor."""

    enrolled: bool
    enrolled_at: datetime | None
    recovery_codes_left: int


def is_enrolled(user: User) -> bool:
    """True once an enrolment was confirmed with a code."""
    return bool(user.second_factor_secret) and user.second_factor_enrolled_at is not None


def required_for(user: User, config: Mapping[str, Any]) -> bool:
    """Admins always need a second factor; all staff when REQUIRE_SECOND_FACTOR is true."""
    return user.role == Role.ADMIN.value or bool(config.get("REQUIRE_SECOND_FACTOR", False))


def begin(session: Session, user: User) -> Enrolment:
    """Give the account a new secret awaiting its first code (refused once enrolled)."""
    if is_enrolled(user):
        raise SecondFactorError(N_("A second factor is already set up for this account."))
    user.second_factor_secret = pyotp.random_base32()
    user.second_factor_enrolled_at = None
    user.second_factor_last_step = None
    session.flush()
    return _enrolment(user, user.second_factor_secret)


def pending(user: User) -> Enrolment | None:
    """The enrolment awaiting its first code, or None."""
    if is_enrolled(user) or not user.second_factor_secret:
        return None
    return _enrolment(user, user.second_factor_secret)


def confirm(session: Session, user: User, code: str, *, address: str | None = None,
            at: datetime | None = None) -> list[str]:
    """Turn the factor on with a first valid code; the new recovery codes, to show once."""
    if pending(user) is None:
        raise SecondFactorError(N_("There is no second factor being set up; start again."))
    if not _accept_totp(user, code, at or utcnow()):
        record(session, Kind.SECOND_FACTOR_FAILED, user=user, address=address,
               details={"during": "enrolment"})
        raise SecondFactorError(N_("That code is not right. Enter the current 6-digit code "
                                   "from your authenticator app."), field="code")
    user.second_factor_enrolled_at = at or utcnow()
    codes = new_recovery_codes(session, user)
    record(session, Kind.SECOND_FACTOR_ENROLLED, user=user, address=address)
    return codes


def new_recovery_codes(session: Session, user: User) -> list[str]:
    """Replace the account's recovery codes with ten new ones (returned once, stored hashed)."""
    session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_code() for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        salt = secrets.token_hex(16)
        session.add(RecoveryCode(user_id=user.id, salt=salt, code_hash=_hash(salt, code)))
    session.flush()
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def verify(session: Session, user: User, code: str, *, address: str | None = None,
           at: datetime | None = None) -> bool:
    """Accept a TOTP code or an unused recovery code at sign-in; True if a recovery code.

    A wrong code is logged and refused with SecondFactorError.
    """
    if not is_enrolled(user):
        raise SecondFactorError(N_("This account has no second factor."))
    if _accept_totp(user, code, at or utcnow()):
        record(session, Kind.SECOND_FACTOR_USED, user=user, address=address)
        return False
    used = _spend_recovery_code(session, user, code, at or utcnow())
    if used:
        record(session, Kind.RECOVERY_CODE_USED, user=user, address=address,
               details={"left": recovery_codes_left(session, user)})
        return True
    record(session, Kind.SECOND_FACTOR_FAILED, user=user, address=address)
    raise SecondFactorError(N_("That code is not right. Enter the current code from your "
                               "authenticator app, or one of your recovery codes."), field="code")


def remove(session: Session, user: User, *, actor: User, password: str = "",
           address: str | None = None) -> None:
    """Remove a second factor: by an admin, or by the user with their password.

    Removal by an admin (a lost device) also ends every session of that user.
    """
    if actor.id == user.id:
        if users.authenticate(session, user.email, password) is None:
            raise SecondFactorError(N_("The password is incorrect."), field="password")
    elif actor.role != Role.ADMIN.value:
        raise ForbiddenError(N_("Only an administrator can remove another user's second factor."))
    if not user.second_factor_secret:
        raise SecondFactorError(N_("%(email)s has no second factor.", email=user.email))
    user.second_factor_secret = None
    user.second_factor_enrolled_at = None
    user.second_factor_last_step = None
    session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    if actor.id != user.id:
        users.end_sessions(session, user)
    record(session, Kind.SECOND_FACTOR_REMOVED, user=user, actor=actor, address=address)


def recovery_codes_left(session: Session, user: User) -> int:
    """How many unused recovery codes the account has."""
    count = session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))
    return int(count or 0)


def status(session: Session, user: User) -> Status:
    """Enrolled or not, since when, and the recovery codes left."""
    left = recovery_codes_left(session, user) if is_enrolled(user) else 0
    return Status(is_enrolled(user), user.second_factor_enrolled_at, left)


def _enrolment(user: User, secret: str) -> Enrolment:
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return Enrolment(secret, uri)


def _accept_totp(user: User, code: str, at: datetime) -> bool:
    """True (and the step remembered) if the code fits a step not used before."""
    digits = "".join(code.split())
    if not user.second_factor_secret or len(digits) != 6 or not digits.isdigit():
        return False
    totp = pyotp.TOTP(user.second_factor_secret)
    now = totp.timecode(at)
    last = user.second_factor_last_step if user.second_factor_last_step is not None else -1
    for step in range(now - VALID_WINDOW, now + VALID_WINDOW + 1):
        if step > last and hmac.compare_digest(totp.generate_otp(step), digits):
            user.second_factor_last_step = step
            return True
    return False


def _spend_recovery_code(session: Session, user: User, code: str, at: datetime) -> bool:
    clean = "".join(ch for ch in code.lower() if ch.isalnum())
    if len(clean) != _RECOVERY_LENGTH:
        return False
    unused = session.scalars(sa.select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))
    for row in unused:
        if hmac.compare_digest(row.code_hash, _hash(row.salt, clean)):
            row.used_at = at
            session.flush()
            return True
    return False


def _new_code() -> str:
    return "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))


def _hash(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()
