"""Starting assessments and inviting respondents: issue area-scoped links, revoke them, and
see who has opened, answered and submitted what."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import StringField
from wtforms.validators import Length, Optional

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
from assessment.jobs import mail_queue as mail_jobs
from assessment.models.invitation import Invitation
from assessment.models.mail import InvitationAddress
from assessment.models.user import User
from assessment.services import access, invitation_mail, invitations, milestones, notifications
from assessment.services.audit import actor_label
from assessment.web.messages import say


class EmailInvitationForm(InvitationForm):
    """The invitation form with an optional address to e-mail the link to."""

    email = StringField(_l("E-mail address"), validators=[
        Optional(), Length(max=254, message=_l("At most %(max)d characters."))])


class NewLinkForm(ConfirmForm):
    """A fresh link, e-mailed to an address (or shown once when none is given)."""

    email = StringField(_l("E-mail address"), validators=[
        Optional(), Length(max=254, message=_l("At most %(max)d characters."))])


def _mail_context(assessment: Any, rows: list[Any]) -> dict[str, Any]:
    """Each row's address and its resend and new-link forms' targets (one query)."""
    assessment_id = assessment.id
    ids = [row.id for row in rows]
    addresses = {a.invitation_id: a.email for a in db.session().query(InvitationAddress)
                 .filter(InvitationAddress.invitation_id.in_(ids))} if ids else {}
    may_change = access.may(db.session(), current_user, access.Action.CHANGE, assessment)
    actions = {}
    for row in rows:
        if not may_change or row.state in ("revoked", "submitted"):
            continue
        actions[row.id] = {
            "resend_url": url_for("dashboard.invitation_resend", assessment_id=assessment_id,
                                  invitation_id=row.id) if row.id in addresses else None,
            "new_link_url": url_for("dashboard.invitation_new_link",
                                    assessment_id=assessment_id, invitation_id=row.id),
        }
    return {"addresses": addresses, "mail_actions": actions, "new_link_form": NewLinkForm()}


def _invitations_page(assessment: Any, form: Any) -> dict[str, Any]:
    context = invitations_context(db.session(), current_user, assessment)
    return {**context, **_mail_context(assessment, context["rows"]), "form": form}


MAIL_KIND_LABELS = {
    notifications.INVITATION: _l("Invitation"),
    notifications.REMINDER: _l("Reminder"),
    notifications.SUBMITTED: _l("Answers submitted"),
    notifications.CHANGES_ANSWERED: _l("Requested changes answered"),
    notifications.CHANGES_REQUESTED: _l("Changes requested"),
    notifications.APPROVED: _l("Report approved"),
}


@bp.app_template_global("mail_failures")
def mail_failures(assessment_id: int) -> list[Any]:
    """The assessment's e-mail that could not be sent (the detail page's warning)."""
    return list(notifications.failures(db.session(), assessment_id))


@bp.app_template_global("mail_kind_label")
def mail_kind_label(kind: str) -> str:
    """A kind of message, in the page's language."""
    return str(MAIL_KIND_LABELS.get(kind, kind))


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
    form = EmailInvitationForm()
    fill_invitation_form(form, assessment)
    return render_template("dashboard/invitations.html", **_invitations_page(assessment, form))


@bp.post("/assessments/<id:assessment_id>/invitations")
def invitation_create(assessment_id: int) -> ResponseReturnValue:
    """Issue a link; it is shown once, on this response, and never stored in clear."""
    assessment = access.require(db.session(), current_user, access.Action.CHANGE, assessment_id)
    form = EmailInvitationForm()
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
            if form.email.data:
                token = mail_jobs.send_invitation(current_app, db.session(), invitation,
                                                  form.email.data)
        except invitations.LeadTakenError as error:
            form.lead.errors = [_("This assessment already has a lead respondent: "
                                  "%(respondent)s. Only one respondent can be the lead.",
                                  respondent=error.respondent)]
        except invitation_mail.AddressError as error:
            form.email.errors = [say(error)]
        except invitations.InvitationSetupError as error:
            form.areas.errors = [*form.areas.errors, say(error)]
        else:
            if form.email.data:
                flash(_("The invitation was e-mailed to %(email)s.", email=form.email.data.strip()),
                      "success")
                return redirect(url_for("dashboard.invitations_list",
                                        assessment_id=assessment.id), 303)
            link = invitations.invitation_url(current_app.config["BASE_URL"], token)
            context = created_context(assessment, invitation, link)
            return render_template("dashboard/invitation_created.html", **context), 201
    if form.email.errors:  # an address refused after the invitation was flushed
        db.session().rollback()
    return render_template("dashboard/invitations.html",
                           **_invitations_page(assessment, form)), 422


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


def _own_invitation(assessment_id: int, invitation_id: int) -> tuple[Any, Invitation]:
    assessment = access.require(db.session(), current_user, access.Action.CHANGE, assessment_id)
    invitation = db.session().get(Invitation, invitation_id)
    if invitation is None or invitation.assessment_id != assessment.id:
        abort(404)
    return assessment, invitation


@bp.post("/assessments/<id:assessment_id>/invitations/<id:invitation_id>/resend")
def invitation_resend(assessment_id: int, invitation_id: int) -> ResponseReturnValue:
    """E-mail the invitation again: the same link while valid and unused, else a new one."""
    assessment, invitation = _own_invitation(assessment_id, invitation_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    back = redirect(url_for("dashboard.invitations_list", assessment_id=assessment.id), 303)
    try:
        fresh = invitation_mail.resend(db.session(), invitation,
                                       str(current_app.config["SECRET_KEY"]), fresh=False,
                                       actor=actor_label(current_user))
    except invitation_mail.AddressError as error:
        flash(say(error), "error")
        return back
    address = db.session().get(InvitationAddress, invitation.id)
    assert address is not None
    mail_jobs.queue_invitation(current_app, db.session(), invitation, address.email)
    flash(_("A new link was e-mailed to %(email)s; the old one no longer works.",
            email=address.email) if fresh else
          _("The invitation was e-mailed again to %(email)s.", email=address.email), "success")
    return back


@bp.post("/assessments/<id:assessment_id>/invitations/<id:invitation_id>/new-link")
def invitation_new_link(assessment_id: int, invitation_id: int) -> ResponseReturnValue:
    """Replace the link (the old one stops working): e-mailed when an address is known or
    given, else shown once."""
    assessment, invitation = _own_invitation(assessment_id, invitation_id)
    form = NewLinkForm()
    if not form.validate_on_submit():
        abort(400)
    back = redirect(url_for("dashboard.invitations_list", assessment_id=assessment.id), 303)
    if invitation.revoked_at is not None or invitation.submitted_at is not None:
        flash(_("This link was revoked or has been used to submit: it is not replaced."),
              "error")
        return back
    known = db.session().get(InvitationAddress, invitation.id)
    email = (form.email.data or "").strip() or (known.email if known else "")
    actor = actor_label(current_user)
    if not email:
        token = invitation_mail.new_link(db.session(), invitation, actor=actor)
        link = invitations.invitation_url(current_app.config["BASE_URL"], token)
        context = created_context(assessment, invitation, link)
        return render_template("dashboard/invitation_created.html", **context), 201
    try:
        mail_jobs.send_invitation(current_app, db.session(), invitation, email)
    except invitation_mail.AddressError as error:
        flash(say(error), "error")
        return back
    invitation_mail.renew(db.session(), invitation, actor=actor)
    flash(_("A new link was e-mailed to %(email)s; the old one no longer works.", email=email),
          "success")
    return back
