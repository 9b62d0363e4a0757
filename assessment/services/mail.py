"""Sending e-mail through SMTP with Flask-Mail's setting names (standard library only).

No Flask: the settings come in as a mapping (the app's configuration). ``compose`` builds a
message with a plain-text and an HTML part; ``deliver`` sends it through ``MAIL_SERVER``,
or, with no MAIL_SERVER (the embedded default), writes it to the outbox directory as an
``.eml`` file and logs the file's path (never the body: it may carry a link's token).
``send`` is the one-part message the sign-in pages use (password resets, lock notices).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 15
DEFAULT_SENDER = "no-reply@localhost"


class DeliveryError(Exception):
    """The SMTP server could not be reached or refused the message (text says why)."""


def configured(settings: Mapping[str, Any]) -> bool:
    """True when MAIL_SERVER is set."""
    return bool(settings.get("MAIL_SERVER"))


def compose(settings: Mapping[str, Any], to: str, subject: str, text: str,
            html: str | None = None, language: str | None = None) -> EmailMessage:
    """A message from MAIL_DEFAULT_SENDER to ``to`` with a text part and an HTML one."""
    message = EmailMessage()
    sender = str(settings.get("MAIL_DEFAULT_SENDER") or DEFAULT_SENDER)
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    if language:  # after the parts: making the alternative moves Content-* headers into them
        message["Content-Language"] = language
    return message


def deliver(settings: Mapping[str, Any], message: EmailMessage, outbox: Path) -> str:
    """Send ``message`` ('sent') or, without MAIL_SERVER, write it to ``outbox`` ('written').

    Raises DeliveryError when the server cannot take it.
    """
    if not configured(settings):
        path = write_to_outbox(message, outbox)
        log.info("mail to %s written to %s (no MAIL_SERVER)", message["To"], path)
        return "written"
    try:
        with _connect(settings) as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise DeliveryError(str(error) or type(error).__name__) from error
    log.info("mail sent to %s", message["To"])
    return "sent"


def write_to_outbox(message: EmailMessage, outbox: Path) -> Path:
    """Write the message as ``<outbox>/<timestamp>-<id>.eml``; the path."""
    outbox.mkdir(parents=True, exist_ok=True)
    key = str(message["Message-ID"]).strip("<>").split("@")[0]
    path = outbox / f"{key}.eml"
    path.write_bytes(bytes(message))
    return path


def send(settings: Mapping[str, Any], to: str, subject: str, body: str) -> bool:
    """Send a plain-text ``body`` to ``to``; False (logged, without the body) when it was not
    sent or MAIL_SERVER is not set."""
    if not configured(settings):
        return False
    message = compose(settings, to, subject, body)
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
