"""Between the password and the second factor: a short-lived marker in the session.

After a right password, a user who has a second factor (or must set one up) is not signed
in yet: the session holds only ``{user, version, at, next}``. The code page (or the
enrolment page) reads it back; it expires after SECOND_FACTOR_PENDING_SECONDS, and a
logout elsewhere (a new session version) voids it.
"""

from __future__ import annotations

import time
from typing import Any

from flask import current_app, session, url_for

from assessment.extensions import db
from assessment.models.user import User
from assessment.services import second_factor

PENDING_KEY = "_second_factor_pending"


def challenge(user: User, target: str) -> str | None:
    """Where a user whose password was right must go next; None to sign in at once.

    One who must set up a second factor gets a new secret right away (this is a POST).
    """
    enrolled = second_factor.is_enrolled(user)
    if not enrolled and not second_factor.required_for(user, current_app.config):
        return None
    if not enrolled:
        second_factor.begin(db.session(), user)
    session[PENDING_KEY] = {"user": user.id, "version": user.session_version or 0,
                            "at": int(time.time()), "next": target}
    return url_for("auth.second_factor_code" if enrolled else "auth.second_factor_setup")


def pending_user() -> User | None:
    """The user whose password was accepted moments ago, or None (none, expired or stale)."""
    marker: Any = session.get(PENDING_KEY)
    if not isinstance(marker, dict) or not isinstance(marker.get("at"), int):
        return None
    if time.time() - marker["at"] > int(current_app.config["SECOND_FACTOR_PENDING_SECONDS"]):
        clear()
        return None
    user = db.session.get(User, int(marker.get("user", 0)))
    if user is None or not user.active or (user.session_version or 0) != marker.get("version"):
        clear()
        return None
    return user


def target() -> str:
    """The local path the user asked for before signing in ("" for the dashboard)."""
    marker: Any = session.get(PENDING_KEY)
    return str(marker.get("next") or "") if isinstance(marker, dict) else ""


def clear() -> None:
    """Forget the marker (signed in, given up or expired)."""
    session.pop(PENDING_KEY, None)
