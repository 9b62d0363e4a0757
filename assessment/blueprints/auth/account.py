"""A user's own account: change the password; set a new one through a one-time reset link."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from assessment.blueprints.auth.blueprint import bp
from assessment.blueprints.auth.login_manager import clear_login, from_model, start_session
from assessment.extensions import db
from assessment.models.user import User
from assessment.services import password_reset, users
from assessment.services.users import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from assessment.web.messages import say


def _new_password_fields() -> tuple[PasswordField, PasswordField]:
    new = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Enter a new password.")), Length(max=MAX_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[EqualTo("password", _l("The passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )
    return new, confirm


class ChangePasswordForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """The current password, and the new one twice."""

    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password.")),
                    Length(max=MAX_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = _new_password_fields()


class ResetPasswordForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """The new password twice."""

    password, confirm = _new_password_fields()


@bp.route("/account", methods=["GET", "POST"])
@login_required  # type: ignore[untyped-decorator]  # flask-login is untyped
def account() -> ResponseReturnValue:
    """Change one's own password; every other session ends, this one stays signed in."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            user = users.change_password(
                db.session(), current_user.id, form.current.data or "", form.password.data or "",
                address=request.remote_addr,
            )
        except users.UserError as error:
            getattr(form, error.field or "password").errors.append(say(error))
        else:
            clear_login()  # the version is new: sign this browser in again with it
            login_user(from_model(user))
            start_session()
            flash(_("Your password is changed. Every other session has been signed out."),
                  "success")
            return redirect(url_for("auth.account"), 303)
    status = 422 if form.is_submitted() else 200
    account_user = db.session.get(User, current_user.id)
    return render_template("auth/account.html", form=form, email=current_user.email,
                           display_name=(account_user.display_name if account_user else None)
                           or "",
                           min_password_length=MIN_PASSWORD_LENGTH), status


@bp.post("/account/display-name")
@login_required  # type: ignore[untyped-decorator]  # flask-login is untyped
def account_display_name() -> ResponseReturnValue:
    """Set how the report's cover names oneself (CSRF-checked; blank: the consultancy)."""
    form = FlaskForm()
    user = db.session.get(User, current_user.id)
    if not form.validate_on_submit() or user is None:
        flash(_("The form has expired. Please try again."), "error")
        return redirect(url_for("auth.account"), 303)
    try:
        users.set_display_name(db.session(), user, request.form.get("display_name", ""),
                               actor=current_user.email)
    except users.UserError as error:
        flash(say(error), "error")
    else:
        flash(_("Display name saved."), "success")
    return redirect(url_for("auth.account"), 303)


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
def password_reset_page(token: str) -> ResponseReturnValue:
    """Set a new password through a one-time link; every session of the account ends."""
    session = db.session()
    try:
        holder = password_reset.holder(session, token)
    except password_reset.ResetLinkInvalid as error:
        return render_template("auth/reset_invalid.html", message=say(error)), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            password_reset.use(session, token, form.password.data or "",
                               address=request.remote_addr)
        except users.UserError as error:
            form.password.errors.append(say(error))
        else:
            if current_user.is_authenticated:
                logout_user()
            clear_login()
            flash(_("Your new password is set. Sign in with it."), "success")
            return redirect(url_for("auth.login"), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("auth/reset_password.html", form=form, email=holder.email,
                           min_password_length=MIN_PASSWORD_LENGTH), status


def reset_link(token: str) -> str:
    """The absolute reset URL, on BASE_URL (never the request's Host header)."""
    with current_app.test_request_context():
        path = url_for("auth.password_reset_page", token=token)
    return str(current_app.config["BASE_URL"]).rstrip("/") + path
