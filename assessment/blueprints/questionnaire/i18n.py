"""Typed wrappers of Flask-Babel's gettext for this package (Babel extracts them by name)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _babel_gettext


def gettext(string: str, **variables: Any) -> str:
    """``string`` translated into the page language, with ``%(name)s`` variables filled in."""
    return str(_babel_gettext(string, **variables))
