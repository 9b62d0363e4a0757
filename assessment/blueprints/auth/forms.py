"""The login form; its field names ``email`` and ``password`` are a contract for outside checks."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, Length

from assessment.services.users import MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH


class LoginForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """Email and password; ``next`` carries a local path to return to."""

    email = EmailField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter your email address.")), Length(max=MAX_EMAIL_LENGTH)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=MAX_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class LogoutForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """Logout is a POST with a CSRF token, so no other site can sign a user out."""
