"""Second-factor pages: the code at sign-in, enrolment with a QR code, the account page.

The code page is for a user whose password was right moments ago (``pending``); the
enrolment page for a signed-in user or one who must enrol before being signed in. Code
attempts are limited per address (flask-limiter, as the login) and per account.
"""

from __future__ import annotations

import os
from typing import cast

import segno
from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_limiter.util import get_remote_address
from flask_login import current_user, logout_user
from flask_wtf import FlaskForm
from limits import RateLimitItem, parse
from markupsafe import Markup
from werkzeug.exceptions import TooManyRequests
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from assessment.blueprints.auth import pending
from assessment.blueprints.auth.blueprint import bp
from assessment.blueprints.auth.login_manager import clear_login, login_manager
from assessment.blueprints.auth.views import _start
from assessment.blueprints.front_door import landing_page
from assessment.extensions import db, limiter
from assessment.models.user import Role, User
from assessment.services import second_factor, users
from assessment.services.errors import N_, ForbiddenError, NotFoundError
from assessment.services.second_factor import SecondFactorError
from assessment.unit_of_work import keep_changes
from assessment.web.messages import say
from assessment.web.redirects import safe_next

_ACCOUNT_NAMESPACE = "second-factor-account"


@bp.record_once
def _settings(state: object) -> None:
    config = state.app.config  # type: ignore[attr-defined]
    config.setdefault("REQUIRE_SECOND_FACTOR",
                      os.environ.get("REQUIRE_SECOND_FACTOR", "").lower() in {"1", "true", "yes"})
    config.setdefault("SECOND_FACTOR_PENDING_SECONDS",
                      int(os.environ.get("SECOND_FACTOR_PENDING_SECONDS", "600")))
    config.setdefault("SECOND_FACTOR_RATELIMIT_ACCOUNT",
                      os.environ.get("SECOND_FACTOR_RATELIMIT_ACCOUNT", "5 per 15 minutes"))


class CodeForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """A 6-digit code from the authenticator app, or a recovery code."""

    code = StringField(_l("Code"), validators=[DataRequired(_l("Enter the code.")), Length(max=32)],
                       render_kw={"autocomplete": "one-time-code", "spellcheck": "false",
                                  "autocapitalize": "off"})


class RemoveForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """Removing one's own second factor asks for the password again."""

    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")),
                    Length(max=users.MAX_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "current-password"})


def _address_limit() -> str:
    return str(current_app.config["LOGIN_RATELIMIT_ADDRESS"])


def _failed(response: object) -> bool:
    return getattr(response, "status_code", 200) != 303


def _account_item() -> RateLimitItem:
    return parse(current_app.config["SECOND_FACTOR_RATELIMIT_ACCOUNT"])


def _account_locked(user: User) -> bool:
    item = _account_item()
    return limiter.enabled and not limiter.limiter.test(item, _ACCOUNT_NAMESPACE, str(user.id))


def _count_failure(user: User) -> None:
    if limiter.enabled:
        limiter.limiter.hit(_account_item(), _ACCOUNT_NAMESPACE, str(user.id))


def _signed_in_user() -> User | None:
    return db.session.get(User, current_user.id) if current_user.is_authenticated else None


def _home() -> str:
    return landing_page()


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_address_limit, key_func=get_remote_address, methods=["POST"], deduct_when=_failed)
def second_factor_code() -> ResponseReturnValue:
    """The second step of signing in: a code from the app or a recovery code."""
    user = pending.pending_user()
    if user is None or not second_factor.is_enrolled(user):
        return redirect(url_for("auth.login"), 303)
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("auth/second_factor_code.html", form=form)
    if _account_locked(user):
        pending.clear()
        raise TooManyRequests()
    try:
        recovery = second_factor.verify(db.session(), user, form.code.data or "",
                                        address=request.remote_addr)
    except SecondFactorError as error:
        _count_failure(user)
        keep_changes()  # the failure stays in the security log
        form.code.errors = [say(error)]
        return render_template("auth/second_factor_code.html", form=form), 422
    if limiter.enabled:
        limiter.limiter.clear(_account_item(), _ACCOUNT_NAMESPACE, str(user.id))
    target = pending.target()
    pending.clear()
    _start(user)
    if recovery:
        left = second_factor.recovery_codes_left(db.session(), user)
        flash(ngettext("You used a recovery code. %(num)d recovery code is left.",
                       "You used a recovery code. %(num)d recovery codes are left.", left), "info")
    return redirect(safe_next(target, _home()), 303)


@bp.route("/dashboard/account/second-factor")
def second_factor_account() -> ResponseReturnValue:
    """Whether the account has a second factor; set one up or remove it."""
    user = _signed_in_user()
    if user is None:
        return cast(Response, login_manager.unauthorized())
    return _account_page(user, RemoveForm())


def _account_page(user: User, form: RemoveForm, status: int = 200) -> ResponseReturnValue:
    state = second_factor.status(db.session(), user)
    required = second_factor.required_for(user, current_app.config)
    return render_template("auth/second_factor_account.html", state=state, required=required,
                           form=form), status


@bp.route("/dashboard/account/second-factor/begin", methods=["POST"])
def second_factor_begin() -> ResponseReturnValue:
    """Start an enrolment: a new secret, then the page with its QR code."""
    user = _signed_in_user()
    if user is None:
        return cast(Response, login_manager.unauthorized())
    if not FlaskForm().validate_on_submit():
        return redirect(url_for("auth.second_factor_account"), 303)
    try:
        second_factor.begin(db.session(), user)
    except SecondFactorError as error:
        flash(say(error), "error")
        return redirect(url_for("auth.second_factor_account"), 303)
    return redirect(url_for("auth.second_factor_setup"), 303)


@bp.route("/dashboard/account/second-factor/setup", methods=["GET", "POST"])
def second_factor_setup() -> ResponseReturnValue:
    """Scan the QR code (or type the key), confirm with a code, then see the recovery codes."""
    signing_in = not current_user.is_authenticated
    user = pending.pending_user() if signing_in else _signed_in_user()
    if user is None:
        return cast(Response, login_manager.unauthorized())
    enrolment = second_factor.pending(user)
    if enrolment is None:
        return redirect(url_for("auth.login" if signing_in else "auth.second_factor_account"), 303)
    form = CodeForm()
    if not form.validate_on_submit():
        return _setup_page(enrolment, form, signing_in)
    try:
        codes = second_factor.confirm(db.session(), user, form.code.data or "",
                                      address=request.remote_addr)
    except SecondFactorError as error:
        keep_changes()
        form.code.errors = [say(error)]
        return _setup_page(enrolment, form, signing_in, 422)
    onward = url_for("auth.second_factor_account")
    if signing_in:
        target = pending.target()
        pending.clear()
        _start(user)
        onward = safe_next(target, _home())  # signed in now: the landing page is theirs
    return render_template("auth/second_factor_recovery.html", codes=codes, onward=onward)


def _setup_page(enrolment: second_factor.Enrolment, form: CodeForm, signing_in: bool,
                status: int = 200) -> ResponseReturnValue:
    qr = segno.make(enrolment.uri, error="m").svg_inline(scale=5, border=2)
    spaced = " ".join(enrolment.secret[i:i + 4] for i in range(0, len(enrolment.secret), 4))
    return render_template("auth/second_factor_setup.html", form=form, qr=Markup(qr),  # noqa: S704
                           secret=spaced, signing_in=signing_in), status


@bp.route("/dashboard/account/second-factor/remove", methods=["POST"])
def second_factor_remove() -> ResponseReturnValue:
    """Remove one's own second factor (password again); one who must have one sets up anew."""
    user = _signed_in_user()
    if user is None:
        return cast(Response, login_manager.unauthorized())
    form = RemoveForm()
    if not form.validate_on_submit():
        return _account_page(user, form, 422)
    try:
        second_factor.remove(db.session(), user, actor=user, password=form.password.data or "",
                             address=request.remote_addr)
    except SecondFactorError as error:
        form.password.errors = [say(error)]
        return _account_page(user, form, 422)
    if second_factor.required_for(user, current_app.config):
        users.end_sessions(db.session(), user)
        logout_user()
        clear_login()
        flash(_("Your second factor is removed. Sign in again to set up a new one."), "info")
        return redirect(url_for("auth.login"), 303)
    flash(_("Your second factor is removed."), "success")
    return redirect(url_for("auth.second_factor_account"), 303)


@bp.route("/dashboard/users/<id:user_id>/second-factor/remove", methods=["POST"])
def second_factor_reset(user_id: int) -> ResponseReturnValue:
    """An admin removes a user's second factor (a lost phone); that user's sessions end."""
    actor = _signed_in_user()
    if actor is None:
        return cast(Response, login_manager.unauthorized())
    if actor.role != Role.ADMIN.value:
        raise ForbiddenError(N_("Only an administrator can remove another user's second factor."))
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFoundError(N_("There is no user with id %(id)d.", id=user_id))
    try:
        second_factor.remove(db.session(), user, actor=actor, address=request.remote_addr)
    except SecondFactorError as error:
        flash(say(error), "info")
    else:
        flash(_("The second factor of %(email)s is removed and their sessions are ended.",
                email=user.email), "success")
    return redirect(url_for("dashboard.users_list"), 303)
