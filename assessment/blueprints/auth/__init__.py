"""Sign-in and sign-out of dashboard users (``/login``, ``/logout``)."""

from __future__ import annotations

from assessment.blueprints.auth import account as account  # registers its routes
from assessment.blueprints.auth import mail_preferences as mail_preferences
from assessment.blueprints.auth import second_factor, views
from assessment.blueprints.auth.blueprint import bp

__all__ = ["bp", "second_factor", "views"]
