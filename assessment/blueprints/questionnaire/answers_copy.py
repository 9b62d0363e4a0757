"""A printable copy of what the respondent answered, from the confirmation page."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from assessment.blueprints.questionnaire import flow, summary_pages
from assessment.blueprints.questionnaire.blueprint import bp
from assessment.blueprints.questionnaire.context import display_date
from assessment.blueprints.questionnaire.guard import respondent_view
from assessment.extensions import db
from assessment.services import references


@bp.get("/a/done/answers")
@respondent_view(while_open=False)
def answers_copy(current: flow.Respondent) -> ResponseReturnValue:
    """The submitted answers in the page language, laid out to print."""
    if not current.locked:
        return redirect(url_for(".resume"))
    submitted = current.invitation.submitted_at
    return render_template(
        "questionnaire/answers_copy.html",
        sections=summary_pages.copy_sections(current),
        reference=references.reference_for(db.session(), current.invitation),
        respondent=current.invitation.respondent_name,
        organisation=current.invitation.assessment.organisation.name,
        submitted=display_date(submitted, current.language) if submitted else None,
        back_url=url_for(".done"),
    )
