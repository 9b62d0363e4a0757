"""Personal API tokens: create, list and revoke them, and authenticate a request by one.

A staff user (admin, consultant, sales) makes tokens for their own scripts and CRM; each
acts for its user, with the user's current role, limited to its scope (``read``: only
reading; ``write``: also changes). A token is ``cra_`` plus 43 letters and digits (256
random bits; no ``-`` or ``_``, so a double click selects all of it and a prefix typed
without ``cra_`` never reads as a command-line option); only its SHA-256 and its first
characters (to recognise it) are stored, and the whole token is handed back once, by
``create``. A token stops working when revoked, when it expires, and while its user is
deactivated. ``authenticate`` tells each of those apart with its own error (all
``TokenRefused``, kind ``unauthorized``: the API answers 401).

Limits: a name of at most 80 characters, unique among the user's active tokens; at most 20
active tokens per user; an expiry of 1 to 365 days, or none. Creating and revoking are
recorded in the audit log. Flask-free: the dashboard, the CLI and the API call these in
their own unit of work.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.api_token import ApiToken, TokenScope
from assessment.models.types import utcnow
from assessment.models.user import User
from assessment.services import audit
from assessment.services.access import Principal, is_admin
from assessment.services.errors import N_, DomainError, ForbiddenError, NotFoundError

MARKER = "cra_"
ALPHABET = string.ascii_letters + string.digits
BODY_LENGTH = 43  # 43 characters of 62 carry 256 bits
PREFIX_LENGTH = len(MARKER) + 8  # what lists show: "cra_" and 8 characters
MAX_NAME_LENGTH = 80
MAX_ACTIVE_TOKENS = 20
MAX_EXPIRY_DAYS = 365
# A use refreshes ``last_used_at`` at most this often (one write a minute, not per request).
TOUCH_EVERY = timedelta(minutes=1)
_SHAPE = re.compile(r"cra_[A-Za-z0-9_-]{43}")
_PREFIX_SHAPE = re.compile(r"cra_[A-Za-z0-9_-]{8}")


class TokenError(DomainError):
    """A token could not be made or found as asked; ``field`` names the input concerned."""


class TokenRefused(DomainError):
    """A request's token does not authenticate it (the API answers 401)."""

    kind = "unauthorized"


class TokenUnknown(TokenRefused):
    """No token has this value, or the value is not shaped like a token at all."""


class TokenRevoked(TokenRefused):
    """The token was revoked."""


class TokenExpired(TokenRefused):
    """The token's expiry has passed."""


class TokenUserDeactivated(TokenRefused):
    """The token's user is deactivated (the token works again if they are reactivated)."""


@dataclass(frozen=True)
class AuthenticatedToken:
    """Who a valid token acts for, which token it is, and what it may do."""

    user: User
    token_id: int
    scope: TokenScope

    def allows(self, write: bool) -> bool:
        """Whether this token may make a request that changes something (``write``)."""
        return allows(self.scope, write)


def allows(scope: str, write: bool) -> bool:
    """Whether a token of ``scope`` may make a reading (or, with ``write``, a changing) request."""
    return scope == TokenScope.WRITE or (scope == TokenScope.READ and not write)


def state(token: ApiToken, now: datetime | None = None) -> str:
    """``active``, ``revoked`` or ``expired``: whether the token works (its user aside)."""
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= (now or utcnow()):
        return "expired"
    return "active"


def check_name(raw: str | None) -> str:
    """The name, spaces collapsed; TokenError when it is empty or too long."""
    name = " ".join((raw or "").split())
    if not name:
        raise TokenError(N_("Enter a name for the token, such as the system that will use it."),
                         "name")
    if len(name) > MAX_NAME_LENGTH:
        raise TokenError(N_("The token’s name is at most %(max)s characters.",
                            max=MAX_NAME_LENGTH), "name")
    return name


def check_scope(raw: str | None) -> TokenScope:
    """The scope named (``read`` or ``write``); TokenError naming the valid ones otherwise."""
    if not (raw or "").strip():
        raise TokenError(N_("Choose what the token may do: read, or read and write."), "scope")
    try:
        return TokenScope((raw or "").strip().lower())
    except ValueError:
        raise TokenError(N_("Unknown scope %(scope)s; choose read or write.", scope=raw or ""),
                         "scope") from None


def check_expiry(days: int | None) -> int | None:
    """The number of days a new token stays valid (None: no expiry); TokenError outside 1..365."""
    if days is not None and not 1 <= days <= MAX_EXPIRY_DAYS:
        raise TokenError(N_("A token expires after 1 to %(max)s days, or never; %(days)s is "
                            "not possible.", max=MAX_EXPIRY_DAYS, days=days), "expires")
    return days


def create(
    session: Session, user: User, name: str, scope: str, expires_in_days: int | None, *,
    actor: str | None = None, now: datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its raw value (shown once, never stored); flushes only.

    ``actor`` is the audit label (the user themselves by default; ``cli`` from the CLI).
    """
    now = now or utcnow()
    if not user.active:
        raise TokenError(N_("The account %(email)s is deactivated: it cannot get API tokens.",
                            email=user.email))
    clean_name = check_name(name)
    chosen = check_scope(scope)
    days = check_expiry(expires_in_days)
    active = [t for t in list_for(session, user) if state(t, now) == "active"]
    if len(active) >= MAX_ACTIVE_TOKENS:
        raise TokenError(N_("An account has at most %(max)s active API tokens: revoke one that "
                            "is no longer used first.", max=MAX_ACTIVE_TOKENS))
    if any(t.name.casefold() == clean_name.casefold() for t in active):
        raise TokenError(N_("An active token is already named %(name)s; choose another name.",
                            name=clean_name), "name")
    raw = MARKER + "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    token = ApiToken(
        user_id=user.id, name=clean_name, scope=chosen.value, prefix=raw[:PREFIX_LENGTH],
        token_hash=digest(raw), created_at=now,
        expires_at=now + timedelta(days=days) if days is not None else None,
    )
    session.add(token)
    session.flush()
    audit.record(session, "api_token.created", actor=actor or audit.actor_label(user), details={
        "user": user.email, "token_id": token.id, "prefix": token.prefix, "name": clean_name,
        "scope": chosen.value,
        "expires_at": token.expires_at.isoformat() if token.expires_at else None,
    })
    return token, raw


def list_for(session: Session, user: Principal) -> Sequence[ApiToken]:
    """Every token of ``user`` (revoked and expired ones too), newest first."""
    return session.scalars(
        sa.select(ApiToken).where(ApiToken.user_id == user.id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    ).all()


def active_of_others(session: Session, admin: Principal, now: datetime | None = None
                     ) -> list[tuple[ApiToken, str]]:
    """(admin) The tokens of every other account that still work, with their owner's e-mail.

    Ordered by owner, newest first: an admin revokes one that leaked. ForbiddenError for
    anyone but an admin.
    """
    if not is_admin(admin):
        raise ForbiddenError(N_("Only administrators see other accounts’ API tokens."))
    now = now or utcnow()
    rows = session.execute(
        sa.select(ApiToken, User.email).join(User, User.id == ApiToken.user_id)
        .where(ApiToken.user_id != admin.id, ApiToken.revoked_at.is_(None),
               sa.or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now))
        .order_by(User.email, ApiToken.created_at.desc(), ApiToken.id.desc()))
    return [(token, email) for token, email in rows]


def revoke(
    session: Session, user: Principal, token_id: int, *, actor: str | None = None,
    now: datetime | None = None,
) -> ApiToken:
    """Revoke a token of ``user`` (an admin: anyone's); NotFoundError for any other token.

    Revoking a revoked token changes nothing. ``actor`` is the audit label (``user`` by
    default). Flushes only.
    """
    token = session.get(ApiToken, token_id)
    if token is None or (token.user_id != user.id and not is_admin(user)):
        raise NotFoundError(N_("There is no API token %(id)s of yours.", id=token_id))
    if token.revoked_at is None:
        token.revoked_at = now or utcnow()
        owner = session.get(User, token.user_id)
        audit.record(session, "api_token.revoked", actor=actor or audit.actor_label(user),
                     details={"user": owner.email if owner else None, "token_id": token.id,
                              "prefix": token.prefix, "name": token.name})
        session.flush()
    return token


def find(session: Session, user: User, reference: str) -> ApiToken:
    """The token of ``user`` named by its prefix (``cra_`` optional) or by its whole value.

    NotFoundError when ``user`` has none such; TokenError when the reference is neither.
    """
    text = reference.strip()
    if not text.startswith(MARKER):
        text = MARKER + text
    if _SHAPE.fullmatch(text):
        clause = ApiToken.token_hash == digest(text)
    elif _PREFIX_SHAPE.fullmatch(text):
        clause = ApiToken.prefix == text
    else:
        raise TokenError(N_("%(reference)s is not a token prefix: give the %(length)s characters "
                            "the token list shows, such as cra_Ab3x9Kq2.",
                            reference=reference.strip(), length=PREFIX_LENGTH), "token")
    found = session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id, clause)
                            .order_by(ApiToken.id)).all()
    if not found:
        raise NotFoundError(N_("%(email)s has no API token %(prefix)s.", email=user.email,
                               prefix=text[:PREFIX_LENGTH]), "token")
    if len(found) > 1:  # 48 random bits make this all but impossible; never guess which
        raise TokenError(N_("%(email)s has several API tokens starting %(prefix)s: revoke the "
                            "right one in the dashboard.", email=user.email, prefix=text), "token")
    return found[0]


def authenticate(session: Session, raw: str, now: datetime | None = None) -> AuthenticatedToken:
    """Who the token ``raw`` acts for, or a TokenRefused saying exactly why not.

    A use is recorded in ``last_used_at`` (at most once per TOUCH_EVERY); it is written when
    the caller's unit of work commits. Flushes nothing itself.
    """
    now = now or utcnow()
    value = (raw or "").strip()
    if not _SHAPE.fullmatch(value):
        raise TokenUnknown(N_("The API token is malformed: a token is cra_ followed by 43 "
                              "letters, digits, - or _. Copy it again, whole."))
    token = session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == digest(value)))
    if token is None:
        raise TokenUnknown(N_("The API token is unknown: it may have been mistyped, or its "
                              "account removed. Check it, or create a new one."))
    if token.revoked_at is not None:
        raise TokenRevoked(N_("The API token %(prefix)s was revoked on %(date)s; create a new "
                              "one in the dashboard.", prefix=token.prefix,
                              date=_date(token.revoked_at)))
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenExpired(N_("The API token %(prefix)s expired on %(date)s; create a new one "
                              "in the dashboard.", prefix=token.prefix,
                              date=_date(token.expires_at)))
    user = session.get(User, token.user_id)
    if user is None or not user.active:
        raise TokenUserDeactivated(N_("The account of the API token %(prefix)s is deactivated; "
                                      "an administrator can reactivate it.", prefix=token.prefix))
    if token.last_used_at is None or token.last_used_at <= now - TOUCH_EVERY:
        token.last_used_at = now
    return AuthenticatedToken(user, token.id, TokenScope(token.scope))


def digest(raw: str) -> str:
    """The SHA-256 of a token, hex: what ``token_hash`` stores."""
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _date(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC"
