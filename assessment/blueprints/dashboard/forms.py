"""Dashboard forms (Flask-WTF: every one carries a CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length

from assessment.blueprints.dashboard.context import ROLE_LABELS
from assessment.services.users import MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH


def _role_choices() -> list[tuple[str, str]]:
    return [(role, str(label)) for role, label in ROLE_LABELS.items()]


class CreateUserForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """A new dashboard account: email, role and a first password."""

    email = EmailField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter an email address.")), Length(max=MAX_EMAIL_LENGTH)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    role = SelectField(_l("Role"), choices=_role_choices, default="consultant")
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Enter a password.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                message=_l("The password must have at least %(min)d characters."),
            ),
            Length(
                max=MAX_PASSWORD_LENGTH,
                message=_l("The password must have at most %(max)d characters."),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            InputRequired(_l("Repeat the password.")),
            EqualTo("password", _l("The passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class RoleForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """Change one user's role."""

    role = SelectField(_l("Role"), choices=_role_choices)


class DisplayNameForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """How the report's cover names one consultant (blank: the consultancy's name)."""

    display_name = StringField(_l("Display name"))


class ActiveForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """Deactivate or reactivate one user (``active`` checked means active)."""

    active = BooleanField(_l("Active"))


class ShareForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """Give a consultant access to an assessment, optionally as its owner."""

    user_id = SelectField(_l("Consultant"), coerce=int, validate_choice=True)
    owner = BooleanField(_l("Make this consultant the owner"))


class ConfirmForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """A button that changes something: only the CSRF token."""
