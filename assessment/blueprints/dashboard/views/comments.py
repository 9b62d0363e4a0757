"""Hide a respondent's comment from the client report, or show it again."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField

from assessment.blueprints.dashboard.blueprint import bp
from assessment.extensions import db
from assessment.services import access, bank, comments
from assessment.services.comments import CommentError
from assessment.unit_of_work import discard_changes
from assessment.web.messages import say


class CommentVisibilityForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """``hide``: "1" to leave the comment out of the client report, "0" to show it again."""

    hide = HiddenField()


@bp.post("/assessments/<id:assessment_id>/comments/<question_id>/visibility")
def comment_visibility(assessment_id: int, question_id: str) -> ResponseReturnValue:
    """Hide or show one comment in the client report; back to the comments on the page."""
    session = db.session()
    assessment, _allowed = access.require_grants(
        session, current_user, access.Action.CHANGE, assessment_id
    )
    form = CommentVisibilityForm()
    if not form.validate_on_submit() or form.hide.data not in ("0", "1"):
        abort(400)
    hide = form.hide.data == "1"
    try:
        changed = comments.set_hidden(
            session, assessment, bank.questionnaire_for(assessment), current_user, question_id,
            hide,
        )
    except CommentError as refused:
        discard_changes()
        flash(say(refused), "error")
    else:
        if changed:
            flash(_("The comment is hidden from the client report.") if hide
                  else _("The comment is shown in the client report again."), "success")
    return redirect(url_for("dashboard.assessment_detail", assessment_id=assessment.id,
                            _anchor="comments"), 303)
