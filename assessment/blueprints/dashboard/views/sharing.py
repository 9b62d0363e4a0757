"""Who works on an assessment: its owner and the consultants it is shared with."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from assessment.blueprints.dashboard.blueprint import bp
from assessment.blueprints.dashboard.contexts.sharing import sharing_context
from assessment.blueprints.dashboard.forms import ConfirmForm, ShareForm
from assessment.extensions import db
from assessment.models.user import User
from assessment.services import access, audit, shares
from assessment.unit_of_work import discard_changes
from assessment.web.messages import say


@bp.get("/assessments/<id:assessment_id>/sharing")
def sharing(assessment_id: int) -> ResponseReturnValue:
    """The owner and collaborators; the owner and admins also get the forms to change them."""
    assessment = access.require(db.session(), current_user, access.Action.VIEW, assessment_id)
    form = ShareForm()
    form.user_id.choices = shares.candidates(db.session(), assessment.id)
    context = sharing_context(db.session(), current_user, assessment)
    return render_template("dashboard/sharing.html", form=form, **context)


@bp.post("/assessments/<id:assessment_id>/sharing")
def share_add(assessment_id: int) -> ResponseReturnValue:
    """Share with a consultant (or make them the owner)."""
    assessment = access.require(db.session(), current_user, access.Action.SHARE, assessment_id)
    form = ShareForm()
    form.user_id.choices = shares.candidates(db.session(), assessment.id, include_shared=True)
    if not form.validate_on_submit():
        abort(400, description=_("Choose one of the offered consultants."))
    target = db.session.get(User, form.user_id.data)
    if target is None:
        abort(400, description=_("Choose one of the offered consultants."))
    actor = audit.actor_label(current_user)
    try:
        shares.grant(db.session(), assessment, target, owner=bool(form.owner.data), actor=actor)
    except shares.ShareError as error:
        discard_changes()
        flash(say(error), "error")
    else:
        flash(_("%(email)s now has access.", email=target.email), "success")
    return redirect(url_for("dashboard.sharing", assessment_id=assessment.id), 303)


@bp.post("/assessments/<id:assessment_id>/sharing/<id:user_id>/remove")
def share_remove(assessment_id: int, user_id: int) -> ResponseReturnValue:
    """Stop sharing with a consultant (the owner stays until replaced)."""
    assessment = access.require(db.session(), current_user, access.Action.SHARE, assessment_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        shares.revoke(db.session(), assessment, user_id, actor=audit.actor_label(current_user))
    except shares.ShareError as error:
        discard_changes()
        flash(say(error), "error")
    else:
        flash(_("Access removed."), "success")
    return redirect(url_for("dashboard.sharing", assessment_id=assessment.id), 303)
