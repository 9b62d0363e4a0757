"""Flask-Login set-up: the session user, server-side logout, idle and absolute timeouts.

The session cookie holds ``"<user id>:<session_version>"`` as Flask-Login's user id. Logout,
a role change, a deactivation or a new password increments ``User.session_version``, so
``load_user`` refuses every cookie issued before: a replayed cookie is anonymous.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from flask import Flask, current_app, flash, g, session
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, UserMixin

from assessment.extensions import db
from assessment.models.user import User

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to open the dashboard.")
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"

SEEN_KEY = "_seen"  # unix time of the last request of this login session
LOGIN_AT_KEY = "_login_at"  # unix time of the login
AUTH_KEYS = ("_user_id", "_fresh", "_id", SEEN_KEY, LOGIN_AT_KEY)


@dataclass(frozen=True)
class SessionUser(UserMixin):  # type: ignore[misc]  # flask-login is untyped
    """The signed-in user as views see it: plain data, no lazy loads."""

    id: int
    email: str
    role: str
    session_version: int

    def get_id(self) -> str:
        """Flask-Login's id: the user id with the session version it was issued for."""
        return session_token(self.id, self.session_version)


def session_token(user_id: int, session_version: int) -> str:
    """The value Flask-Login keeps in the session for this user and version."""
    return f"{user_id}:{session_version}"


def from_model(user: User) -> SessionUser:
    """The SessionUser for a stored user."""
    return SessionUser(user.id, user.email, user.role, user.session_version or 0)


def load_user(token: str) -> SessionUser | None:
    """The user of a session, or None if it is malformed, stale, or the account inactive."""
    user_part, _sep, version_part = token.partition(":")
    if not (user_part.isdigit() and version_part.isdigit()):
        return None
    user = db.session.get(User, int(user_part))
    if user is None or not user.active or (user.session_version or 0) != int(version_part):
        return None
    return from_model(user)


login_manager.user_loader(load_user)


def start_session() -> None:
    """Mark the login time (after ``login_user``).

    The cookie stays a browser-session cookie (it ends with the browser); the server ends
    the login after IDLE_TIMEOUT_SECONDS without a request or PERMANENT_SESSION_LIFETIME
    after login, whichever comes first.
    """
    now = int(time.time())
    session[LOGIN_AT_KEY] = now
    session[SEEN_KEY] = now


def clear_login() -> None:
    """Drop the login from the cookie (the server-side version is handled by the caller)."""
    for key in AUTH_KEYS:
        session.pop(key, None)


def enforce_timeouts() -> None:
    """End a login idle for IDLE_TIMEOUT_SECONDS or older than PERMANENT_SESSION_LIFETIME."""
    if "_user_id" not in session:
        return
    now = int(time.time())
    seen = session.get(SEEN_KEY)
    login_at = session.get(LOGIN_AT_KEY)
    idle_limit = int(current_app.config["IDLE_TIMEOUT_SECONDS"])
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    if not isinstance(seen, int) or not isinstance(login_at, int):
        clear_login()
    elif now - seen > idle_limit or now - login_at > lifetime:
        clear_login()
        g.session_expired = True
        flash(_l("Your session expired; please sign in again."), "info")
    else:
        session[SEEN_KEY] = now


def init_app(app: Flask) -> None:
    """Bind Flask-Login, the login settings and the timeout check to the app."""
    app.config.setdefault(
        "LOGIN_RATELIMIT_ADDRESS", os.environ.get("LOGIN_RATELIMIT_ADDRESS", "20 per 10 minutes")
    )
    # Over HTTPS the session and remember cookies are Secure: assessment/config.py sets both.
    login_manager.init_app(app)
    app.before_request(enforce_timeouts)
