"""Service texts in the page language: the web layer's side of ``services.errors``."""

from __future__ import annotations

from flask_babel import gettext

from assessment.services.errors import DomainError, Text


def _gettext(msgid: str) -> str:
    return str(gettext(msgid))


def say(what: DomainError | Text) -> str:
    """A service's refusal or text, translated into the request's language."""
    return what.translate(_gettext)
