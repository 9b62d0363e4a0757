"""One error handler for the whole app: HTML for browsers, JSON for API clients."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

bp = Blueprint("errors", __name__)


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes[
        "text/html"
    ]


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException) -> ResponseReturnValue:
    """Render an HTTP error as a page, or as JSON when the client asks for it."""
    code = error.code or 500
    if _wants_json():
        return jsonify(error=error.name, description=error.description), code
    return render_template("errors/error.html", error=error, code=code), code
