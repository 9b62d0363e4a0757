"""Resolving a disagreement between respondents: keep the answer given, or adopt the other."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from assessment.blueprints.dashboard.assessment_forms import NoteForm, ResolveDisagreementForm
from assessment.blueprints.dashboard.blueprint import bp
from assessment.blueprints.dashboard.contexts.detail import detail_context
from assessment.extensions import db
from assessment.services import access, disagreements
from assessment.services.disagreements import ADOPT, DisagreementError
from assessment.web.messages import say


@bp.post("/assessments/<id:assessment_id>/disagreements/<id:disagreement_id>/resolve")
def disagreement_resolve(assessment_id: int, disagreement_id: int) -> ResponseReturnValue:
    """Decide one open disagreement; the answer adopted becomes the stored answer."""
    session = db.session()
    assessment, allowed = access.require_grants(
        session, current_user, access.Action.CHANGE, assessment_id)
    form = ResolveDisagreementForm()
    error = None if form.validate_on_submit() else _first_error(form)
    if error is None:
        try:
            disagreements.resolve(session, assessment, disagreement_id,
                                  choice=form.choice.data or "", note=form.note.data or "",
                                  user=current_user)
        except DisagreementError as refused:
            error = say(refused)
    if error is not None:
        context = detail_context(session, assessment, allowed)
        return render_template("dashboard/detail.html", note_form=NoteForm(),
                               disagreement_error=error, disagreement_for=disagreement_id,
                               **context), 422
    flash(_("The other answer is now the stored answer.") if form.choice.data == ADOPT
          else _("The answer given is kept."), "success")
    return redirect(url_for("dashboard.assessment_detail", assessment_id=assessment.id,
                            _anchor="disagreements"), 303)


def _first_error(form: ResolveDisagreementForm) -> str:
    for errors in form.errors.values():
        if errors:
            return str(errors[0])  # a lazy message: the str() translates it
    return str(_("The form has expired. Please try again."))
