"""Starting assessments and inviting respondents: issue area-scoped links, revoke them, and
see who has opened, answered and submitted what."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from assessment.blueprints.dashboard.assessment_forms import InvitationForm, NewAssessmentForm
from assessment.blueprints.dashboard.blueprint import bp
from assessment.blueprints.dashboard.contexts.invitations import (
    created_context,
    fill_invitation_form,
    fill_new_assessment_form,
    invitations_context,
    may_invite,
)
from assessment.blueprints.dashboard.forms import ConfirmForm
from assessment.extensions import db
from assessment.models.invitation import Invitation
from assessment.models.user import User
from assessment.services import access, invitations, milestones
from assessment.services.audit import actor_label
from assessment.web.messages import say


@bp.route("/assessments/new", methods=["GET", "POST"])
def assessment_new() -> ResponseReturnValue:
    """Start an assessment of an organisation; the consultant who starts it owns it."""
    if not access.may_open_listed(current_user):
        abort(403)
    form = NewAssessmentForm()
    fill_new_assessment_form(db.session(), form, current_user)
    if form.validate_on_submit():
        owner_id = form.owner.data if form.owner else 0
        owner = db.session().get(User, owner_id) if owner_id else None
        try:
            assessment = milestones.start_assessment(
                db.session(),
                current_user,
                organisation_name=form.organisation.data or "",
                language=form.language.data or "",
                show_summary=bool(form.show_summary.data),
                owner=owner,
            )
        except milestones.MilestoneError as error:
            getattr(form, error.field or "organisation").errors.append(say(error))
        else:
            flash(_("Assessment started. Now invite the respondents."), "success")
            return redirect(url_for("dashboard.invitations_list", assessment_id=assessment.id), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("dashboard/assessment_new.html", form=form), status


@bp.get("/assessments/<id:assessment_id>/invitations")
def invitations_list(assessment_id: int) -> ResponseReturnValue:
    """Every invitation: for which areas, whether opened, answered, submitted, revoked."""
    assessment = access.require(db.session(), current_user, access.Action.VIEW, assessment_id)
    form = InvitationForm()
    fill_invitation_form(form, assessment)
    context = invitations_context(db.session(), current_user, assessment)
    return render_template("dashboard/invitations.html", form=form, **context)


@bp.post("/assessments/<id:assessment_id>/invitations")
def invitation_create(assessment_id: int) -> ResponseReturnValue:
    """Issue a link; it is shown once, on this response, and never stored in clear."""
    assessment = access.require(db.session(), current_user, access.Action.CHANGE, assessment_id)
    form = InvitationForm()
    fill_invitation_form(form, assessment)
    if not may_invite(assessment):
        form.areas.errors = [
            _("New respondents can only be invited before the assessment is submitted.")
        ]
    elif form.validate_on_submit():
        try:
            invitation, token = invitations.create(
                db.session(),
                assessment,
                areas=form.areas.data or None,
                language=form.language.data,
                respondent_name=form.respondent_name.data,
                respondent_role=form.respondent_role.data,
                ttl_days=form.ttl_days.data,
                actor=actor_label(current_user),
                lead=bool(form.lead.data),
            )
        except invitations.LeadTakenError as error:
            form.lead.errors = [_("This assessment already has a lead respondent: "
                                  "%(respondent)s. Only one respondent can be the lead.",
                                  respondent=error.respondent)]
        except invitations.InvitationSetupError as error:
            form.areas.errors = [*form.areas.errors, say(error)]
        else:
            link = invitations.invitation_url(current_app.config["BASE_URL"], token)
            context = created_context(assessment, invitation, link)
            return render_template("dashboard/invitation_created.html", **context), 201
    context = invitations_context(db.session(), current_user, assessment)
    return render_template("dashboard/invitations.html", form=form, **context), 422


@bp.post("/assessments/<id:assessment_id>/invitations/<id:invitation_id>/revoke")
def invitation_revoke(assessment_id: int, invitation_id: int) -> ResponseReturnValue:
    """Make a link unusable from now on; what it answered is kept."""
    assessment = access.require(db.session(), current_user, access.Action.CHANGE, assessment_id)
    invitation = db.session().get(Invitation, invitation_id)
    if invitation is None or invitation.assessment_id != assessment.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    invitations.revoke(db.session(), invitation, actor=actor_label(current_user))
    flash(_("The link of %(who)s no longer works.", who=invitation.respondent_label), "success")
    return redirect(url_for("dashboard.invitations_list", assessment_id=assessment.id), 303)
