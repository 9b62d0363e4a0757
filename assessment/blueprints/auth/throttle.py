"""Failed-login counting, in the rate limiter's storage: per account-and-address pair, and
per account at a much higher threshold.

Flask-Limiter limits login attempts per address on the route. Here, failed attempts are
counted per (normalised email, address) pair within LOGIN_RATELIMIT_PAIR, so nobody can
lock a chosen account out from their own address: the owner's address has its own count.
Every failure also counts against the account alone (LOGIN_LOCKOUT_ACCOUNT, e.g. 50 per
hour): a distributed guessing attack from many addresses locks the account for the rest
of that window, and the view records the lock as a security event. Emails count whether
or not an account exists, so the limits themselves reveal nothing. While either limit is
reached, even the right password is refused. The address is the request's.
"""

from __future__ import annotations

import hashlib

from flask import current_app, request
from limits import RateLimitItem, parse

from assessment.extensions import limiter
from assessment.services.users import normalise_email

_PAIR = "login-pair"
_ACCOUNT = "login-account"


def _pair_item() -> RateLimitItem:
    return parse(current_app.config["LOGIN_RATELIMIT_PAIR"])


def _account_item() -> RateLimitItem:
    return parse(current_app.config["LOGIN_LOCKOUT_ACCOUNT"])


def _key(*parts: str) -> str:
    # Hashed so the limiter storage (e.g. Redis) holds no email addresses.
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _account_key(email: str) -> str:
    return _key(normalise_email(email))


def _pair_key(email: str) -> str:
    return _key(normalise_email(email), request.remote_addr or "")


def _enabled() -> bool:
    return limiter.enabled


def is_locked(email: str) -> bool:
    """True when this pair, or the account as a whole, has used up its failed attempts."""
    if not _enabled():
        return False
    strategy = limiter.limiter
    return not (strategy.test(_pair_item(), _PAIR, _pair_key(email))
                and strategy.test(_account_item(), _ACCOUNT, _account_key(email)))


def record_failure(email: str) -> bool:
    """Count one failed attempt; True when this attempt has just locked the account."""
    if not _enabled():
        return False
    strategy = limiter.limiter
    strategy.hit(_pair_item(), _PAIR, _pair_key(email))
    item, key = _account_item(), _account_key(email)
    was_open = strategy.test(item, _ACCOUNT, key)
    strategy.hit(item, _ACCOUNT, key)
    return was_open and not strategy.test(item, _ACCOUNT, key)


def reset(email: str) -> None:
    """Forget this pair's failures after a successful login (the account's count stays)."""
    if _enabled():
        limiter.limiter.clear(_pair_item(), _PAIR, _pair_key(email))
