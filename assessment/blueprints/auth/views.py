"""Login and logout. Failures never say whether the account exists."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user
from werkzeug.exceptions import TooManyRequests

from assessment.blueprints.auth import notify, pending, throttle
from assessment.blueprints.auth.blueprint import bp
from assessment.blueprints.auth.forms import LoginForm, LogoutForm
from assessment.blueprints.auth.login_manager import clear_login, from_model, start_session
from assessment.blueprints.dashboard.context import layout_context
from assessment.blueprints.front_door import landing_page
from assessment.extensions import db, limiter
from assessment.models.user import User
from assessment.services import users
from assessment.unit_of_work import keep_changes
from assessment.web.redirects import safe_next

bp.context_processor(layout_context)


def _address_limit() -> str:
    return str(current_app.config["LOGIN_RATELIMIT_ADDRESS"])


def _failed(response: object) -> bool:
    """Only attempts that did not sign in count against the address."""
    return getattr(response, "status_code", 200) != 303


def _dashboard_home() -> str:
    # Consultants and admins start on the attention queue, sales on the reports they hand out.
    return landing_page()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_address_limit, key_func=get_remote_address, methods=["POST"], deduct_when=_failed)
def login() -> ResponseReturnValue:
    """Show the login form; on valid credentials start a session and go to a local ``next``."""
    target = request.form.get("next") or request.args.get("next")
    if current_user.is_authenticated:
        return redirect(safe_next(target, _dashboard_home()), 303)
    form = LoginForm(next=safe_next(target, ""))
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form)
    email = form.email.data or ""
    if throttle.is_locked(email):
        raise TooManyRequests()
    user = users.authenticate(db.session(), email, form.password.data or "")
    if user is None:
        return _refused(form, email)
    throttle.reset(email)
    second_step = pending.challenge(user, safe_next(target, ""))
    if second_step is not None:  # a second factor to give or to set up first
        return redirect(second_step, 303)
    _start(user)
    return redirect(safe_next(target, _dashboard_home()), 303)


def _start(user: User) -> None:
    users.record_login(db.session(), user, address=request.remote_addr)
    # The cookie is shared with the client flow: drop only earlier login keys, never its keys.
    # (A signed client-side session has no server id an attacker could fix beforehand.)
    clear_login()
    login_user(from_model(user))
    start_session()


@bp.route("/logout", methods=["POST"])
def logout() -> ResponseReturnValue:
    """End the session on the server too: every cookie issued for it stops working."""
    form = LogoutForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        user = db.session.get(User, current_user.id)
        if user is not None:
            users.sign_out(db.session(), user, request.remote_addr)
        logout_user()
        clear_login()
        flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"), 303)


def _refused(form: LoginForm, email: str) -> ResponseReturnValue:
    """The form again (200), one message for every failure; the failure is logged and kept.

    ``authenticate`` writes nothing when it refuses, so the only changes kept are the
    security events of this attempt (and of the lock it may have caused).
    """
    session = db.session()
    users.record_failed_login(session, email, request.remote_addr)
    if throttle.record_failure(email):
        users.record_lockout(session, email, request.remote_addr)
        notify.account_locked(users.normalise_email(email))
    keep_changes()
    form.password.errors = [_("The email address or password is incorrect.")]
    return render_template("auth/login.html", form=form)


@bp.errorhandler(429)
def too_many_attempts(error: TooManyRequests) -> ResponseReturnValue:
    """The login page again, with a clear message and status 429."""
    form = LoginForm(next=safe_next(request.form.get("next"), ""))
    message = _("Too many sign-in attempts. Wait a few minutes, then try again.")
    return render_template("auth/login.html", form=form, throttled=message), 429


@bp.route("/account/language", methods=["POST"])
def set_language() -> ResponseReturnValue:
    """Remember the chosen interface language in the session and go back."""
    language = request.form.get("language", "")
    if language in current_app.config["LANGUAGES"]:
        session["language"] = language
    return redirect(safe_next(request.form.get("next"), url_for("auth.login")), 303)
