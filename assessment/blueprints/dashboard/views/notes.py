"""Notes on an assessment or on one of its findings."""

from __future__ import annotations

from typing import NoReturn

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from assessment.blueprints.dashboard.assessment_forms import NoteForm
from assessment.blueprints.dashboard.blueprint import bp
from assessment.blueprints.dashboard.contexts.detail import detail_context
from assessment.blueprints.dashboard.contexts.labels import when
from assessment.blueprints.dashboard.forms import ConfirmForm
from assessment.extensions import db
from assessment.models.assessment import Assessment
from assessment.services import access, notes
from assessment.services.errors import N_, DomainError, ForbiddenError, NotFoundError
from assessment.services.notes import MAX_NOTE_LENGTH, NoteError
from assessment.services.reviewed import reviewed_result
from assessment.unit_of_work import discard_changes
from assessment.web.messages import say


@bp.post("/assessments/<id:assessment_id>/notes")
def note_add(assessment_id: int) -> ResponseReturnValue:
    """Add a note; on a problem the page comes back with the text kept."""
    session = db.session()
    assessment, allowed = access.require_grants(
        session, current_user, access.Action.CHANGE, assessment_id)
    form = NoteForm()
    if not form.is_submitted():
        abort(400)
    rule_id = form.rule_id.data or None
    reviewed = reviewed_result(session, assessment)
    findings = {f.id for f in reviewed.findings} if reviewed else set()
    error = None if form.validate() else next(iter(form.errors.values()))[0]
    if error is None:
        try:
            notes.add(session, assessment, current_user, form.body.data or "", rule_id=rule_id,
                      in_report=bool(form.in_report.data), finding_ids=findings)
        except NoteError as refused:
            discard_changes()
            error = say(refused)
    if error is not None:
        # A note for a finding that is not on the page comes back in the assessment's box.
        shown_for = rule_id if rule_id in findings else None
        context = detail_context(session, assessment, allowed)
        return render_template("dashboard/detail.html", note_form=form, note_error=error,
                               note_for=shown_for, **context), 422
    flash(_("Note added."), "success")
    anchor = f"finding-{rule_id}" if rule_id else "notes"
    return redirect(url_for("dashboard.assessment_detail", assessment_id=assessment.id,
                            _anchor=anchor), 303)


class NoteEditForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """A note's new text."""

    body = TextAreaField(_l("Note"), validators=[DataRequired(_l("Write the note first.")),
                                                 Length(max=MAX_NOTE_LENGTH)])


def _note_page(assessment: Assessment, note_id: int) -> str:
    note = notes.find(db.session(), assessment, note_id)
    anchor = f"finding-{note.rule_id}" if note.rule_id else "notes"
    return url_for("dashboard.assessment_detail", assessment_id=assessment.id, _anchor=anchor)


def _refused(error: DomainError) -> NoReturn:
    abort(404 if isinstance(error, NotFoundError) else 403, description=say(error))


@bp.route("/assessments/<id:assessment_id>/notes/<id:note_id>/edit", methods=["GET", "POST"])
def note_edit(assessment_id: int, note_id: int) -> ResponseReturnValue:
    """Change one's own note; the earlier text stays in its history."""
    session = db.session()
    assessment = access.require(session, current_user, access.Action.CHANGE, assessment_id)
    try:
        note = notes.find(session, assessment, note_id)
        if not notes.may_edit(note, current_user):
            raise ForbiddenError(N_("Only the author of a note can change it."))
    except DomainError as refusal:
        _refused(refusal)
    back = _note_page(assessment, note_id)
    form = NoteEditForm(body=note.body)
    error = None
    if form.validate_on_submit():
        try:
            notes.edit(session, assessment, current_user, note_id, form.body.data or "")
        except NoteError as refused:
            discard_changes()
            error = say(refused)
            form.body.errors = [error]
        else:
            flash(_("Note saved."), "success")
            return redirect(back, 303)
    elif form.is_submitted():
        error = next(iter(form.errors.values()))[0]
    return render_template(
        "dashboard/note_edit.html", form=form, error=error, back_url=back,
        organisation=assessment.organisation.name, assessment_id=assessment.id,
        action_url=url_for("dashboard.note_edit", assessment_id=assessment.id, note_id=note_id),
        delete_url=url_for("dashboard.note_delete", assessment_id=assessment.id,
                           note_id=note_id),
    ), 422 if error else 200


@bp.post("/assessments/<id:assessment_id>/notes/<id:note_id>/delete")
def note_delete(assessment_id: int, note_id: int) -> ResponseReturnValue:
    """Delete a note (its author, or an admin); its text stays in its history."""
    session = db.session()
    assessment = access.require(session, current_user, access.Action.CHANGE, assessment_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        back = _note_page(assessment, note_id)
        notes.delete(session, assessment, current_user, note_id)
    except DomainError as refusal:
        discard_changes()
        _refused(refusal)
    flash(_("Note deleted. Its text is kept in its history."), "success")
    return redirect(back, 303)


@bp.get("/assessments/<id:assessment_id>/notes/<id:note_id>/history")
def note_history(assessment_id: int, note_id: int) -> ResponseReturnValue:
    """Every version of a note, oldest first (also of a deleted one)."""
    session = db.session()
    assessment = access.require(session, current_user, access.Action.VIEW, assessment_id)
    try:
        versions = notes.history(session, assessment, note_id)
    except DomainError as refusal:
        _refused(refusal)
    labels = {"added": _("Written"), "edited": _("Edited"), "deleted": _("Deleted")}
    return render_template(
        "dashboard/note_history.html", organisation=assessment.organisation.name,
        versions=[(labels[v.change], v.body, v.actor, when(v.at), v.change) for v in versions],
        back_url=url_for("dashboard.assessment_detail", assessment_id=assessment.id,
                         _anchor="notes"))
