"""The respondent's session: which invitation this browser answers for, and for how long.

The signed session cookie holds the invitation id (never the token), the invitation's
session version when it was signed in, and the time of the last request. "Save and
continue later" bumps the version on the server, so a copy of the cookie is refused from
then on, in any browser (as staff logout does with the user's session version). It is
shared with the dashboard's login, so only our own keys are set or removed here. It is a
browser-session cookie (not "permanent"): it ends when the browser closes, and one idle
for longer than IDLE_TIMEOUT_SECONDS is ended on the next request; the respondent reopens
their link to carry on.
"""

from __future__ import annotations

import time

from flask import current_app, session

INVITATION_KEY = "respondent_invitation"
VERSION_KEY = "respondent_version"
SEEN_KEY = "respondent_seen"
SAVED_UNTIL_KEY = "respondent_saved_until"  # the link's expiry, shown once on the saved page
LANGUAGE_KEY = "language"
# Refresh the last-seen time at most this often, so most pages do not rewrite the cookie.
TOUCH_INTERVAL_SECONDS = 60


def sign_in(invitation_id: int, version: int, language: str) -> None:
    """Bind this browser to an invitation at its current session version; the page
    language starts as the invitation's."""
    previous = session.get(INVITATION_KEY)
    session[INVITATION_KEY] = invitation_id
    session[VERSION_KEY] = version
    session[SEEN_KEY] = int(time.time())
    if previous != invitation_id or LANGUAGE_KEY not in session:
        session[LANGUAGE_KEY] = language


def sign_out(link_valid_until: int | None = None) -> None:
    """Forget the invitation on this browser (the language choice stays); keep the
    link's expiry (a POSIX time) for the "saved" page when it is given."""
    if link_valid_until is not None:
        session[SAVED_UNTIL_KEY] = link_valid_until
    session.pop(INVITATION_KEY, None)
    session.pop(VERSION_KEY, None)
    session.pop(SEEN_KEY, None)


def take_saved_until() -> int | None:
    """The link expiry kept by ``sign_out``, once (None when there is none)."""
    until = session.pop(SAVED_UNTIL_KEY, None)
    return until if isinstance(until, int) else None


def current_session() -> tuple[int, int] | None:
    """This browser's invitation id and session version; None when there is none or it
    has idled out (the caller checks the version against the invitation's)."""
    invitation_id, version = session.get(INVITATION_KEY), session.get(VERSION_KEY)
    if not isinstance(invitation_id, int) or not isinstance(version, int):
        return None
    now = int(time.time())
    seen = session.get(SEEN_KEY)
    idle_limit = int(current_app.config.get("IDLE_TIMEOUT_SECONDS", 1800))
    if not isinstance(seen, int) or now - seen > idle_limit:
        sign_out()
        return None
    if now - seen >= TOUCH_INTERVAL_SECONDS:
        session[SEEN_KEY] = now
    return invitation_id, version


def language() -> str | None:
    """The language chosen for this browser, if any."""
    chosen = session.get(LANGUAGE_KEY)
    return chosen if isinstance(chosen, str) else None


def set_language(code: str) -> None:
    """Remember the respondent's language choice."""
    session[LANGUAGE_KEY] = code
