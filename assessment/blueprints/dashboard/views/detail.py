"""The assessment detail page: scores, radar, findings as reviewed, answers by area, notes."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from assessment.blueprints.dashboard.assessment_forms import NoteForm
from assessment.blueprints.dashboard.blueprint import bp
from assessment.blueprints.dashboard.contexts.detail import detail_context
from assessment.extensions import db
from assessment.models.assessment import Status
from assessment.services import access, report_store


@bp.get("/assessments/<id:assessment_id>")
def assessment_detail(assessment_id: int) -> ResponseReturnValue:
    """One assessment in full, for the consultants working on it (and admins)."""
    assessment, allowed = access.require_grants(
        db.session(), current_user, access.Action.VIEW, assessment_id)
    context = detail_context(db.session(), assessment, allowed)
    failures = report_store.failures(db.session(), assessment.id) if context["links"].get(
        "report") else []  # reports whose render failed after its retries: a banner
    # Re-scored since its approval: sales still get the report approved then (a notice).
    released_on = assessment.released_at if assessment.status != Status.APPROVED else None
    return render_template("dashboard/detail.html", note_form=NoteForm(),
                           report_failures=failures, released_on=released_on, **context)
