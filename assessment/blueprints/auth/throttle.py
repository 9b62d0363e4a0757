"""Failed-login counting per account, in the rate limiter's storage.

Flask-Limiter limits login attempts per address on the route; this counts failed attempts per
normalised email (known or not, so the limit itself reveals nothing) within the window of
LOGIN_RATELIMIT_ACCOUNT. While the limit is reached, even the right password is refused.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from limits import RateLimitItem, parse

from assessment.extensions import limiter
from assessment.services.users import normalise_email

_NAMESPACE = "login-account"


def _item() -> RateLimitItem:
    return parse(current_app.config["LOGIN_RATELIMIT_ACCOUNT"])


def _key(email: str) -> str:
    # Hashed so the limiter storage (e.g. Redis) holds no email addresses.
    return hashlib.sha256(normalise_email(email).encode()).hexdigest()


def _enabled() -> bool:
    return limiter.enabled


def is_locked(email: str) -> bool:
    """True when this account has used up its failed attempts for the current window."""
    return _enabled() and not limiter.limiter.test(_item(), _NAMESPACE, _key(email))


def record_failure(email: str) -> None:
    """Count one failed attempt against this account."""
    if _enabled():
        limiter.limiter.hit(_item(), _NAMESPACE, _key(email))


def reset(email: str) -> None:
    """Forget the failed attempts after a successful login."""
    if _enabled():
        limiter.limiter.clear(_item(), _NAMESPACE, _key(email))
