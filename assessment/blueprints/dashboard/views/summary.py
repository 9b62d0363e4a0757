"""A summary for a proposal: ``summary.md`` (Markdown) and ``summary.txt`` (plain text). The
detail page's "Copy summary" panel (``dashboard/_summary.html``) fetches them when asked."""

from __future__ import annotations

import re

from flask import Response, current_app, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from assessment.blueprints.dashboard.blueprint import bp
from assessment.extensions import db
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
