"""Telling account owners by e-mail: the hook for when mail is configured (``MAIL_SERVER``).

Mail is not part of this product yet, so nothing is sent: without MAIL_SERVER the admin is
shown the reset link to hand over, and an account lock is logged (and kept as a security
event by the caller). When mail arrives, implement ``_send``; the callers need no change.
"""

from __future__ import annotations

import logging

from flask import current_app

log = logging.getLogger(__name__)


def mail_configured() -> bool:
    """True when the app may send e-mail (MAIL_SERVER is set)."""
    return bool(current_app.config.get("MAIL_SERVER"))


def send_reset_link(email: str, link: str) -> bool:
    """E-mail a password-reset link to its account; False when it was not sent."""
    if not mail_configured():
        return False
    return _send(email, "Set a new password", f"Open this link to set a new password:\n{link}\n")


def account_locked(email: str) -> None:
    """Tell the owner their account is locked for a while (logged; e-mailed once mail exists)."""
    log.warning("Sign-in locked for %s after too many failed attempts from anywhere.", email)
    if mail_configured():
        _send(email, "Sign-in to your account is locked for a while",
              "There were many failed sign-in attempts on your account, so sign-in is locked "
              "for a while. If that was not you, tell your administrator.\n")


def _send(to: str, subject: str, body: str) -> bool:
    """The place to send mail through MAIL_SERVER; not implemented yet, so nothing is sent."""
    log.error("MAIL_SERVER is set but sending mail is not implemented; not sent to %s: %s",
              to, subject)
    return False
