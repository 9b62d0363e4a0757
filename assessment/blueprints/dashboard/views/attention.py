"""The attention queue (a consultant's landing page) and each assessment's assignee and due date."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from assessment.blueprints.dashboard.blueprint import bp
from assessment.blueprints.dashboard.contexts.attention import queue_context
from assessment.blueprints.dashboard.contexts.labels import status_label
from assessment.extensions import db
from assessment.models.types import utcnow
from assessment.services import access, attention
from assessment.services.errors import N_, DomainError
from assessment.web.messages import say


@bp.get("/attention")
def attention_queue() -> ResponseReturnValue:
    """What is waiting on the user's assessments, the longest wait first."""
    if not access.may_open_listed(current_user):
        abort(403)
    days = int(current_app.config.get("ATTENTION_UNOPENED_DAYS", attention.DEFAULT_UNOPENED_DAYS))
    now = utcnow()
    rows = attention.queue(db.session(), current_user, unopened_days=days, now=now)
    return render_template("dashboard/attention.html", **queue_context(rows, now, days))


@bp.route("/assessments/<id:assessment_id>/assignment", methods=["GET", "POST"])
def assignment(assessment_id: int) -> ResponseReturnValue:
    """Show and change who is answerable for the assessment and when it is due."""
    assessment = access.require(db.session(), current_user, access.Action.CHANGE, assessment_id)
    error, field = None, None
    if request.method == "POST":
        try:
            attention.set_assignment(
                db.session(), assessment, current_user,
                assignee_id=_assignee(request.form.get("assignee", "")),
                due_date=attention.parse_due_date(request.form.get("due_date", "")))
        except DomainError as refused:
            error, field = say(refused), refused.field
        else:
            flash(_("Assignee and due date saved."), "success")
            return redirect(url_for("dashboard.assessment_detail", assessment_id=assessment_id),
                            303)
    current = attention.assignment(db.session(), assessment)
    return render_template(
        "dashboard/assignment.html", assessment_id=assessment_id,
        organisation=assessment.organisation.name, status_label=status_label(assessment.status),
        current=current, error=error, error_field=field,
        due_value=request.form.get("due_date", "") if error else (
            current.due_date.isoformat() if current.due_date else ""),
    ), 422 if error else 200


def _assignee(raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9:
        raise DomainError(N_("Choose an active consultant who has access to this assessment."),
                          field="assignee")
    return int(raw)
