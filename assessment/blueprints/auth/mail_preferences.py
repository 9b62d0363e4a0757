"""The account page's e-mail notifications: which ones the user wants."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from assessment.blueprints.auth.blueprint import bp
from assessment.extensions import db
from assessment.models.user import Role, User
from assessment.services import notifications as n

LABELS = {
    n.SUBMITTED: _l("A respondent submits their answers (assessments I own or am assigned)"),
    n.CHANGES_ANSWERED: _l("A respondent answers the changes I requested"),
    n.APPROVED: _l("A report is approved (sales)"),
    n.RESCORED: _l("An approved assessment I own or am assigned is re-scored"),
}


@bp.app_template_global("mail_preferences")
def mail_preferences() -> list[dict[str, Any]]:
    """The notifications the signed-in user can turn off, and whether each is on."""
    user = db.session.get(User, current_user.id)
    if user is None:
        return []
    off = n.turned_off(db.session(), user)
    kinds = ([n.APPROVED] if user.role == Role.SALES.value
             else [n.SUBMITTED, n.CHANGES_ANSWERED, n.RESCORED])
    return [{"kind": kind, "label": str(LABELS[kind]), "on": kind not in off} for kind in kinds]


@bp.post("/account/notifications")
@login_required  # type: ignore[untyped-decorator]  # flask-login is untyped
def account_notifications() -> ResponseReturnValue:
    """Keep the ticked notifications on, turn the others off (CSRF-checked)."""
    user = db.session.get(User, current_user.id)
    if not FlaskForm().validate_on_submit() or user is None:
        flash(_("The form has expired. Please try again."), "error")
        return redirect(url_for("auth.account"), 303)
    offered = {item["kind"] for item in mail_preferences()}
    wanted = {kind for kind in request.form.getlist("notify") if kind in offered}
    kept = n.turned_off(db.session(), user) - offered
    n.set_wanted(db.session(), user, (set(n.OPTIONAL_KINDS) - kept - offered) | wanted)
    flash(_("Your e-mail notifications are saved."), "success")
    return redirect(url_for("auth.account"), 303)
