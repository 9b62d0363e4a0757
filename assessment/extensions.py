"""The Flask extensions, created once and bound to an app with ``init_app``."""

from __future__ import annotations

import os

from flask import Flask, g, request, session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from assessment.i18n import translation_directories
from assessment.models.base import Base

db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def select_locale() -> str:
    """The page language: set by the view (g.language), else the session, else the browser."""
    languages: list[str] = _languages()
    chosen = getattr(g, "language", None) or session.get("language")
    if chosen in languages:
        return str(chosen)
    return request.accept_languages.best_match(languages) or languages[0]


def _languages() -> list[str]:
    from flask import current_app

    return list(current_app.config["LANGUAGES"])


def init_app(app: Flask) -> None:
    """Bind every extension to the app."""
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", translation_directories())
    db.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
