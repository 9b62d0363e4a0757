"""Typed gettext for this package, with the request's translations looked up once
(``assessment.web.translations``). Babel extracts the calls by the function name, as usual.
"""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from flask_babel import get_locale

from assessment.web.translations import current


def gettext(string: str, **variables: Any) -> str:
    """``string`` translated into the page language, with ``%(name)s`` variables filled in."""
    text = str(current().ugettext(string))
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """The singular or plural form for ``num`` in the page language (its own plural rule:
    French says "1 partie", "0 partie"), with ``%(num)s`` written as the language writes
    numbers ("2 500" in French) and ``%(name)s`` variables filled in."""
    text = str(current().ungettext(singular, plural, num))
    return text % {"num": format_decimal(num, locale=get_locale()), **variables}
