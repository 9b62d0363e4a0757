"""The respondent's session: which invitation this browser answers for, and for how long.

The signed session cookie holds the invitation id (never the token) and the time of
the last request. It is shared with the dashboard's login, so only our own keys are
set or removed here. It is a browser-session cookie (not "permanent"): it ends when the
browser closes, and one idle for longer than IDLE_TIMEOUT_SECONDS is ended on the next
request; the respondent reopens their link to carry on.
"""

from __future__ import annotations

import time

from flask import current_app, session

INVITATION_KEY = "respondent_invitation"
SEEN_KEY = "respondent_seen"
LANGUAGE_KEY = "language"
# Refresh the last-seen time at most this often, so most pages do not rewrite the cookie.
TOUCH_INTERVAL_SECONDS = 60


def sign_in(invitation_id: int, language: str) -> None:
    """Bind this browser to an invitation; the page language starts as the invitation's."""
    previous = session.get(INVITATION_KEY)
    session[INVITATION_KEY] = invitation_id
    session[SEEN_KEY] = int(time.time())
    if previous != invitation_id or LANGUAGE_KEY not in session:
        session[LANGUAGE_KEY] = language


def sign_out() -> None:
    """Forget the invitation on this browser (the language choice stays)."""
    session.pop(INVITATION_KEY, None)
    session.pop(SEEN_KEY, None)


def current_invitation_id() -> int | None:
    """The invitation id of this browser, or None when there is none or it has idled out."""
    invitation_id = session.get(INVITATION_KEY)
    if not isinstance(invitation_id, int):
        return None
    now = int(time.time())
    seen = session.get(SEEN_KEY)
    idle_limit = int(current_app.config.get("IDLE_TIMEOUT_SECONDS", 1800))
    if not isinstance(seen, int) or now - seen > idle_limit:
        sign_out()
        return None
    if now - seen >= TOUCH_INTERVAL_SECONDS:
        session[SEEN_KEY] = now
    return invitation_id


def language() -> str | None:
    """The language chosen for this browser, if any."""
    chosen = session.get(LANGUAGE_KEY)
    return chosen if isinstance(chosen, str) else None


def set_language(code: str) -> None:
    """Remember the respondent's language choice."""
    session[LANGUAGE_KEY] = code
