"""The questionnaire blueprint itself and its response headers; views import ``bp`` from here."""

from __future__ import annotations

from flask import Blueprint, Response, request

from assessment.blueprints.questionnaire.security import apply_headers, install_log_redaction

bp = Blueprint("questionnaire", __name__)


@bp.record_once
def _setup(_state: object) -> None:
    install_log_redaction()


@bp.after_request
def _security_headers(response: Response) -> Response:
    """Answer pages are never cached; the link exchange sends no referrer (the rest: app-wide)."""
    from_link = request.endpoint == "questionnaire.exchange"
    return apply_headers(
        response,
        no_store=True,
        referrer="no-referrer" if from_link else "same-origin",
    )

