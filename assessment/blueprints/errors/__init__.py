"""One error handler for the whole app: HTML for browsers, JSON for API clients."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from werkzeug.exceptions import HTTPException

from assessment.blueprints.api import problems
from assessment.services.errors import DomainError
from assessment.web.messages import say

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
    if request.path.startswith("/api/"):  # no API route matched: still a problem document
        return problems.from_http(error)
    if _wants_json():
        return jsonify(error=error.name, description=error.description), code
    return render_template("errors/error.html", error=error, code=code,
                           page_language=_page_language()), code


STATUS_OF_KIND = {"invalid": 400, "not_found": 404, "forbidden": 403, "conflict": 409,
                  "unauthorized": 401}


@bp.app_errorhandler(DomainError)
def domain_error(error: DomainError) -> ResponseReturnValue:
    """A service's refusal that no view handled: its status, its message in the page language."""
    code = STATUS_OF_KIND.get(error.kind, 400)
    message = say(error)
    if _wants_json():
        return jsonify(error=error.kind, description=message), code
    return render_template("errors/error.html", error=_Described(message), code=code,
                           detail=message, page_language=_page_language()), code


def _page_language() -> str:
    """The language the error page is written in, for its ``lang`` attribute."""
    return str(get_locale() or "en")


class _Described:
    """What the error page reads of an HTTP error: a description."""

    def __init__(self, description: str) -> None:
        self.name = description
        self.description = description
