"""A summary for a proposal: ``summary.md`` (Markdown) and ``summary.txt`` (plain text), and
the "Copy summary" panel of the detail page (``dashboard/_summary.html`` asks for it)."""

from __future__ import annotations

import re
from typing import Any

from flask import Response, current_app, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from assessment.blueprints.dashboard.blueprint import bp
from assessment.extensions import db
from assessment.models.assessment import Assessment
from assessment.services import access, summary

MIMETYPES = {"md": "text/markdown", "txt": "text/plain"}  # Flask adds "; charset=utf-8"


@bp.get("/assessments/<id:assessment_id>/summary.<any(md, txt):fmt>")
def assessment_summary(assessment_id: int, fmt: str) -> ResponseReturnValue:
    """The headline messages, top three gaps and first steps (``?lang=`` for another language)."""
    assessment = access.require(db.session(), current_user, access.Action.VIEW, assessment_id)
    built = summary.proposal_summary(db.session(), assessment, request.args.get("lang"),
                                     current_app.config["BRANDING"])
    body = summary.as_markdown(built) if fmt == "md" else summary.as_text(built)
    response = Response(body, mimetype=MIMETYPES[fmt])
    name = re.sub(r"[^a-z0-9]+", "-", assessment.organisation.name.lower()).strip("-")[:40]
    response.headers["Content-Disposition"] = (
        f'inline; filename="summary-{assessment.id}-{name or "organisation"}.{fmt}"')
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def copy_panel(assessment_id: int) -> dict[str, Any] | None:
    """What the detail page's copy panel shows; None before the assessment is scored."""
    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None or not assessment.result:
        return None
    try:
        built = summary.proposal_summary(db.session(), assessment,
                                         branding=current_app.config["BRANDING"])
    except (summary.NotScoredYet, summary.VersionMissing):
        return None
    return {
        "language": built.language,
        "text": summary.as_text(built),
        "markdown": summary.as_markdown(built),
        "text_url": url_for("dashboard.assessment_summary", assessment_id=assessment_id,
                            fmt="txt"),
        "markdown_url": url_for("dashboard.assessment_summary", assessment_id=assessment_id,
                                fmt="md"),
    }


@bp.context_processor
def summary_panel() -> dict[str, Any]:
    """``proposal_summary(id)`` for ``dashboard/_summary.html`` (built only when called)."""
    return {"proposal_summary": copy_panel}
