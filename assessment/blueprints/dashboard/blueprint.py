"""The dashboard blueprint itself: login required for every route, once, here.

Views (``views/``) import ``bp`` from this module, never from the package, so the package
can import them without an import cycle.
"""

from __future__ import annotations

from typing import cast

from flask import Blueprint, Response, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from assessment.blueprints.auth.login_manager import login_manager
from assessment.blueprints.dashboard.context import layout_context
from assessment.blueprints.questionnaire.security import apply_headers

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")
bp.context_processor(layout_context)


@bp.before_request
def require_login() -> ResponseReturnValue | None:
    """Anonymous visitors go to the login page (with a local ``next``)."""
    if not current_user.is_authenticated:
        return cast(Response, login_manager.unauthorized())
    return None


@bp.after_request
def security_headers(response: Response) -> Response:
    """Never cache client data (CSP, no framing and the rest are set app-wide)."""
    return apply_headers(response, no_store=True)


def bad_request(message: str) -> tuple[str, int]:
    """A 400 page that says exactly what was wrong (the generic error page does not)."""
    return render_template("dashboard/bad_request.html", message=message), 400
