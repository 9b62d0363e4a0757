"""Overrides of the engine's findings: another severity, a dismissal, a finding of one's own."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import Field

from assessment.blueprints.dashboard.assessment_forms import AddFindingForm, OverrideForm
from assessment.blueprints.dashboard.blueprint import bp
from assessment.blueprints.dashboard.contexts.overrides import (
    add_finding_context,
    fill_add_finding_form,
    override_context,
    severity_choices,
)
from assessment.blueprints.dashboard.forms import ConfirmForm
from assessment.extensions import db
from assessment.models.assessment import Assessment
from assessment.services import access, bank, overrides
from assessment.services.overrides import AddedFindingInput, OverrideError
from assessment.unit_of_work import discard_changes
from assessment.web.messages import say


def _finding_anchor(assessment: Assessment, finding_id: str) -> ResponseReturnValue:
    target = url_for(
        "dashboard.assessment_detail", assessment_id=assessment.id, _anchor=f"finding-{finding_id}"
    )
    return redirect(target, 303)


def _field_error(form: AddFindingForm | OverrideForm, error: OverrideError, default: str) -> None:
    field: Field = getattr(form, error.field or default, None) or getattr(form, default)
    field.errors = [*field.errors, say(error)]


@bp.route("/assessments/<id:assessment_id>/findings/<rule_id>/override", methods=["GET", "POST"])
def finding_override(assessment_id: int, rule_id: str) -> ResponseReturnValue:
    """Give a finding another severity or dismiss it, with a justification."""
    assessment = access.require(db.session(), current_user, access.Action.CHANGE, assessment_id)
    context = override_context(db.session(), assessment, rule_id)
    if context is None:
        abort(404)
    form = OverrideForm()
    form.severity.choices = severity_choices()
    if form.validate_on_submit():
        try:
            if form.action.data == "dismiss":
                overrides.dismiss(
                    db.session(), assessment, rule_id, form.justification.data or "", current_user
                )
            else:
                overrides.change_severity(
                    db.session(),
                    assessment,
                    rule_id,
                    form.severity.data or "",
                    form.justification.data or "",
                    current_user,
                )
        except OverrideError as error:
            discard_changes()
            _field_error(form, error, "justification")
        else:
            flash(
                _("The finding was overridden; the engine's original stays on record."), "success"
            )
            return _finding_anchor(assessment, rule_id)
    status = 422 if form.is_submitted() else 200
    return render_template("dashboard/override.html", form=form, **context), status


@bp.route("/assessments/<id:assessment_id>/findings/new", methods=["GET", "POST"])
def finding_add(assessment_id: int) -> ResponseReturnValue:
    """Add a finding the rules did not raise, with a justification."""
    assessment = access.require(db.session(), current_user, access.Action.CHANGE, assessment_id)
    try:
        questionnaire = bank.questionnaire_for(assessment)
    except bank.PinnedVersionError:
        abort(
            409,
            description=_(
                "The questionnaire version of this assessment is no longer "
                "in the bank: re-score it first."
            ),
        )
    form = AddFindingForm()
    fill_add_finding_form(form, questionnaire)
    if form.validate_on_submit():
        data = AddedFindingInput(
            area=form.area.data or "",
            severity=form.severity.data or "",
            title=form.title.data or "",
            explanation=form.explanation.data or "",
            recommendation=form.recommendation.data or "",
            owner=form.owner.data or "",
            effort=form.effort.data or "",
            sources=form.sources.data or [],
        )
        try:
            added = overrides.add_finding(
                db.session(),
                assessment,
                questionnaire,
                data,
                form.justification.data or "",
                current_user,
            )
        except OverrideError as error:
            discard_changes()
            _field_error(form, error, "title")
        else:
            flash(_("Your finding %(id)s was added.", id=added.rule_id), "success")
            return _finding_anchor(assessment, added.rule_id)
    status = 422 if form.is_submitted() else 200
    context = add_finding_context(assessment)
    return render_template("dashboard/finding_new.html", form=form, **context), status


@bp.post("/assessments/<id:assessment_id>/overrides/<id:override_id>/withdraw")
def override_withdraw(assessment_id: int, override_id: int) -> ResponseReturnValue:
    """End an override: the finding goes back to what the rules said."""
    assessment = access.require(db.session(), current_user, access.Action.CHANGE, assessment_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        overrides.withdraw(db.session(), assessment, override_id, current_user)
    except OverrideError as error:
        discard_changes()
        flash(say(error), "error")
    else:
        flash(_("The override was withdrawn."), "success")
    return redirect(
        url_for("dashboard.assessment_detail", assessment_id=assessment.id, _anchor="findings"), 303
    )
