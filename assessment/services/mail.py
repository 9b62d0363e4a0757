"""Sending one e-mail through SMTP, with Flask-Mail's setting names (standard library only).

No Flask: the settings come in as a mapping (the app's configuration). A message is plain
text, sent once; a failure is logged and reported as False, never raised to the user.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 15


def configured(settings: Mapping[str, Any]) -> bool:
    """True when MAIL_SERVER is set."""
    return bool(settings.get("MAIL_SERVER"))


def send(settings: Mapping[str, Any], to: str, subject: str, body: str) -> bool:
    """Send ``body`` to ``to``; False (logged, without the body) when it could not be sent."""
    if not configured(settings):
        return False
    message = EmailMessage()
    sender = str(settings.get("MAIL_DEFAULT_SENDER") or "no-reply@localhost")
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(body)
    try:
        with _connect(settings) as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        log.error("mail to %s (%s) not sent: %s", to, subject, error)
        return False
    log.info("mail sent to %s: %s", to, subject)
    return True


def _connect(settings: Mapping[str, Any]) -> smtplib.SMTP:
    host = str(settings["MAIL_SERVER"])
    port = int(settings.get("MAIL_PORT") or 25)
    if settings.get("MAIL_USE_SSL"):
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT_SECONDS,
                                             context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
        if settings.get("MAIL_USE_TLS"):
            smtp.starttls(context=ssl.create_default_context())
    if settings.get("MAIL_USERNAME"):
        smtp.login(str(settings["MAIL_USERNAME"]), str(settings.get("MAIL_PASSWORD") or ""))
    return smtp
