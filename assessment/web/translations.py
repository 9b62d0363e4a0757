"""The request's translations, looked up once per request instead of once per string.

Flask-Babel's ``gettext`` (and the callables it installs in Jinja) find the domain, the
locale and the translations again on every call, through ``g`` several times: about 15 µs
a string, and a question page translates dozens (10% of its server time, measured with
py-spy). ``current()`` keeps the translations object on ``g`` for the request; the
Jinja callables and the questionnaire's typed ``gettext`` read it from there.

``refresh()`` is Flask-Babel's ``refresh`` that also forgets the kept object: call it
whenever the page language changes within a request (the language switch does).
"""

from __future__ import annotations

from typing import Any

import flask_babel
from babel.support import NullTranslations
from flask import Flask, g, has_app_context

_KEY = "_request_translations"


def current() -> NullTranslations:
    """The translations of this request's language (kept on ``g`` after the first call)."""
    if not has_app_context():
        outside: NullTranslations = flask_babel.get_translations()
        return outside
    namespace = g._get_current_object()
    found: NullTranslations | None = namespace.__dict__.get(_KEY)
    if found is None:
        found = flask_babel.get_translations()
        setattr(namespace, _KEY, found)
    return found


def refresh() -> None:
    """The page language changed: look up the locale and the translations again."""
    flask_babel.refresh()
    if has_app_context():
        g.pop(_KEY, None)


def _gettext(string: str) -> str:
    return str(current().ugettext(string))


def _ngettext(singular: str, plural: str, num: int) -> str:
    return str(current().ungettext(singular, plural, num))


def _pgettext(context: str, string: str) -> str:
    return str(current().upgettext(context, string))


def _npgettext(context: str, singular: str, plural: str, num: int) -> str:
    return str(current().unpgettext(context, singular, plural, num))


def init_app(app: Flask) -> None:
    """Templates translate through ``current()`` (after Flask-Babel installed its own)."""
    callables: dict[str, Any] = {"gettext": _gettext, "ngettext": _ngettext,
                                 "pgettext": _pgettext, "npgettext": _npgettext}
    install = app.jinja_env.install_gettext_callables  # type: ignore[attr-defined]
    install(newstyle=True, **callables)  # added to the environment by jinja2.ext.i18n
