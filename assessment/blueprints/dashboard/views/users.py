"""(admin) User management: list, create, change role, (de)activate, issue a reset link."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from assessment.blueprints.auth import notify
from assessment.blueprints.auth.account import reset_link
from assessment.blueprints.dashboard.blueprint import bp
from assessment.blueprints.dashboard.contexts.labels import when
from assessment.blueprints.dashboard.contexts.users import users_context
from assessment.blueprints.dashboard.forms import (
    ActiveForm,
    CreateUserForm,
    DisplayNameForm,
    RoleForm,
)
from assessment.extensions import db
from assessment.models.user import User
from assessment.services import access, audit, password_reset, users
from assessment.unit_of_work import discard_changes
from assessment.web.messages import say


def _require_admin() -> None:
    if not access.may_manage_users(current_user):
        abort(403)


def _require_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/users")
def users_list() -> ResponseReturnValue:
    """Every account with its role, state and last login, and the forms to change them."""
    _require_admin()
    return render_template("dashboard/users.html", **users_context(users.list_users(db.session())))


@bp.route("/users/new", methods=["GET", "POST"])
def user_new() -> ResponseReturnValue:
    """Create an account (the admin sets a first password and passes it on)."""
    _require_admin()
    form = CreateUserForm()
    if form.validate_on_submit():
        try:
            user = users.create_user(
                db.session(),
                email=form.email.data or "",
                password=form.password.data or "",
                role=form.role.data or "",
                actor=audit.actor_label(current_user),
                by=current_user,
                address=request.remote_addr,
            )
        except users.UserError as error:
            getattr(form, error.field or "email").errors.append(say(error))
        else:
            flash(_("Created the account %(email)s.", email=user.email), "success")
            return redirect(url_for("dashboard.users_list"), 303)
    status = 422 if form.is_submitted() else 200
    page = render_template(
        "dashboard/user_new.html", form=form, min_password_length=users.MIN_PASSWORD_LENGTH
    )
    return page, status


@bp.post("/users/<id:user_id>/role")
def user_role(user_id: int) -> ResponseReturnValue:
    """Change a user's role; their sessions end so the new role applies at once."""
    _require_admin()
    _require_user(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400, description=_("Choose one of the offered roles."))
    _apply(
        lambda: users.set_role(db.session(), user_id, form.role.data or "", actor=current_user,
                               address=request.remote_addr),
        _("Role changed."),
    )
    return redirect(url_for("dashboard.users_list"), 303)


@bp.post("/users/<id:user_id>/active")
def user_active(user_id: int) -> ResponseReturnValue:
    """Deactivate (ending every session) or reactivate a user."""
    _require_admin()
    _require_user(user_id)
    form = ActiveForm()
    if not form.validate_on_submit():
        abort(400)
    active = bool(form.active.data)
    message = _("Account reactivated.") if active else _("Account deactivated.")
    _apply(lambda: users.set_active(db.session(), user_id, active, actor=current_user,
                                    address=request.remote_addr), message)
    return redirect(url_for("dashboard.users_list"), 303)


@bp.post("/users/<id:user_id>/display-name")
def user_display_name(user_id: int) -> ResponseReturnValue:
    """Set how the report's cover names this user (never their e-mail); blank clears it."""
    _require_admin()
    user = _require_user(user_id)
    form = DisplayNameForm()
    if not form.validate_on_submit():
        abort(400)
    _apply(lambda: users.set_display_name(db.session(), user, form.display_name.data,
                                          actor=audit.actor_label(current_user)),
           _("Display name saved."))
    return redirect(url_for("dashboard.users_list"), 303)


@bp.post("/users/<id:user_id>/password-reset")
def user_password_reset(user_id: int) -> ResponseReturnValue:
    """Issue a one-time reset link for a user and show it once, for the admin to hand over.

    Where mail is configured (MAIL_SERVER) the link is e-mailed too (``auth/notify.py``).
    """
    _require_admin()
    user = _require_user(user_id)
    if not user.active:
        flash(_("Reactivate the account before issuing a reset link."), "error")
        return redirect(url_for("dashboard.users_list"), 303)
    issued = password_reset.issue(db.session(), user, actor=current_user,
                                  address=request.remote_addr)
    link = reset_link(issued.token)
    mailed = notify.send_reset_link(issued.email, link)
    return render_template("dashboard/users_reset_link.html", email=issued.email, link=link,
                           expires=when(issued.expires_at), mailed=mailed)


def _apply(change: Callable[[], object], success: str) -> None:
    try:
        change()
    except users.UserError as error:
        discard_changes()
        flash(say(error), "error")
    else:
        flash(success, "success")
