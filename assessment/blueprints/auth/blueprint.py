"""The sign-in blueprint itself; ``views`` imports ``bp`` from here, never from the package."""

from __future__ import annotations

from flask import Blueprint, Response

from assessment.blueprints.questionnaire.security import apply_headers

bp = Blueprint("auth", __name__)


@bp.after_request
def security_headers(response: Response) -> Response:
    """The login page is never cached (no framing and the rest are set app-wide)."""
    return apply_headers(response, no_store=True)
