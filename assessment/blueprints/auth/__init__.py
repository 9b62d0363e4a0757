"""Sign-in and sign-out of dashboard users (``/login``, ``/logout``)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("auth", __name__)

from assessment.blueprints.auth import views  # noqa: E402, F401  (registers the routes)
