"""Notes on an assessment or on one of its findings."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from assessment.blueprints.dashboard.assessment_forms import NoteForm
from assessment.blueprints.dashboard.blueprint import bp
from assessment.blueprints.dashboard.contexts.detail import detail_context
from assessment.extensions import db
from assessment.services import access, notes
from assessment.services.notes import NoteError
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
