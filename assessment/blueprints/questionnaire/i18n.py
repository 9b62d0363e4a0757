"""Typed gettext for this package, with the request's translations looked up once.

Flask-Babel's own ``gettext`` finds the locale and translations again on every call;
a section page makes dozens of calls, so the translations object is kept on ``g`` for
the request. Babel extracts the calls by the function name, as usual.
"""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from flask import g
from flask_babel import get_locale, get_translations


def gettext(string: str, **variables: Any) -> str:
    """``string`` translated into the page language, with ``%(name)s`` variables filled in."""
    translations = g.get("_client_translations")
    if translations is None:
        translations = g._client_translations = get_translations()
    text = str(translations.ugettext(string))
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """The singular or plural form for ``num`` in the page language (its own plural rule:
    French says "1 partie", "0 partie"), with ``%(num)s`` written as the language writes
    numbers ("2 500" in French) and ``%(name)s`` variables filled in."""
    translations = g.get("_client_translations")
    if translations is None:
        translations = g._client_translations = get_translations()
    text = str(translations.ungettext(singular, plural, num))
    return text % {"num": format_decimal(num, locale=get_locale()), **variables}
