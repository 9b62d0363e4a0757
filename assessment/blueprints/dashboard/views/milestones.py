"""Milestones: an organisation's assessments over time, follow-ups, and comparing two."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from assessment.blueprints.dashboard.blueprint import bp
from assessment.blueprints.dashboard.contexts.milestones import milestones_context
from assessment.blueprints.dashboard.forms import ConfirmForm
from assessment.extensions import db
from assessment.services import access, milestones
from assessment.unit_of_work import discard_changes
from assessment.web.messages import say


@bp.get("/organisations/<id:organisation_id>/milestones")
def milestones_page(organisation_id: int) -> ResponseReturnValue:
    """The organisation's assessments and, for two of them, what changed between them."""
    line = milestones.timeline(db.session(), current_user, organisation_id)
    if line is None:
        if not access.may_open_listed(current_user):
            abort(403)
        abort(404)
    pair = _chosen_pair(line)
    context = milestones_context(db.session(), line, pair)
    return render_template("dashboard/milestones.html", **context)


def _chosen_pair(line: milestones.Timeline) -> tuple[int, int] | None:
    """?before=&after= when both are scored milestones of this timeline, else the newest two."""
    scored = {m.assessment_id for m in line.scored()}
    before, after = request.args.get("before", ""), request.args.get("after", "")
    if not before and not after:
        return milestones.default_pair(line)
    if not (before.isdigit() and after.isdigit()) or {int(before), int(after)} - scored:
        abort(400, description=_("Choose two scored assessments of this organisation."))
    return int(before), int(after)


@bp.post("/assessments/<id:assessment_id>/follow-up")
def follow_up(assessment_id: int) -> ResponseReturnValue:
    """Start the next milestone: the same organisation and people, the newest questionnaire."""
    previous = access.require(db.session(), current_user, access.Action.CHANGE, assessment_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        assessment = milestones.follow_up(db.session(), previous, current_user)
    except milestones.MilestoneError as error:
        discard_changes()
        flash(say(error), "error")
        return redirect(url_for("dashboard.assessment_detail", assessment_id=previous.id), 303)
    flash(_("Follow-up assessment started. Invite the respondents."), "success")
    return redirect(url_for("dashboard.invitations_list", assessment_id=assessment.id), 303)
