"""Telling account owners by e-mail, where mail is configured (``MAIL_SERVER``).

Without MAIL_SERVER nothing is sent: the admin is shown the reset link to hand over, and
an account lock is logged (and kept as a security event by the caller). The messages are
written in the language of the page that caused them (English from the command line).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app, has_request_context
from flask_babel import gettext

from assessment.services import mail

log = logging.getLogger(__name__)


def _(msgid: str, **params: Any) -> str:
    """The page's language in a request; English from the command line."""
    if has_request_context():
        return str(gettext(msgid, **params))
    return msgid % params if params else msgid


def mail_configured() -> bool:
    """True when the app may send e-mail (MAIL_SERVER is set)."""
    return mail.configured(current_app.config)


def send_reset_link(email: str, link: str) -> bool:
    """E-mail a password-reset link to its account; False when it was not sent."""
    if not mail_configured():
        return False
    body = "\n\n".join([
        _("An administrator of the Commerce readiness assessment issued a link for you to set "
          "a new password for %(email)s.", email=email),
        link,
        _("The link works once, for 24 hours. If you did not expect it, tell your "
          "administrator."),
    ])
    return mail.send(current_app.config, email, _("Set a new password"), body + "\n")


def account_locked(email: str) -> None:
    """Tell the owner their account is locked for a while (always logged)."""
    log.warning("Sign-in locked for %s after too many failed attempts from anywhere.", email)
    body = _("There were many failed sign-in attempts on your Commerce readiness assessment "
             "account %(email)s, so signing in is locked for up to an hour. If that was not you, "
             "tell your administrator.", email=email)
    mail.send(current_app.config, email, _("Signing in to your account is locked for a while"),
              body + "\n")
