"""Sign-in and sign-out of dashboard users (``/login``, ``/logout``)."""

from __future__ import annotations

from flask import Blueprint, Response

from assessment.blueprints.questionnaire.security import apply_headers

bp = Blueprint("auth", __name__)


@bp.after_request
def security_headers(response: Response) -> Response:
    """The login page must not be framed (clickjacking) nor cached."""
    return apply_headers(response, no_store=True)


from assessment.blueprints.auth import views  # noqa: E402, F401  (registers the routes)
