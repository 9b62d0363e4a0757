"""The API blueprint: authentication, rate limit, problem details, the OpenAPI document."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from werkzeug.exceptions import HTTPException

from assessment.blueprints.api import auth, problems
from assessment.blueprints.api.spec import RequestInvalid, document
from assessment.extensions import csrf, limiter
from assessment.services.errors import DomainError

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer tokens only: no cookie is ever read here
limiter.limit(auth.rate_limit, key_func=auth.rate_key)(bp)

PUBLIC = frozenset({"api.openapi"})


@bp.before_request
def _authenticate() -> None:
    if request.endpoint not in PUBLIC:
        auth.authenticate()


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    """The OpenAPI 3.1 document (no token needed)."""
    response = current_app.json.response(document())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.errorhandler(DomainError)
def _domain_error(error: DomainError) -> Response:
    return problems.from_domain(error)


@bp.errorhandler(RequestInvalid)
def _request_invalid(error: RequestInvalid) -> Response:
    return error.response


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    return problems.from_http(error)


@bp.errorhandler(Exception)
def _unexpected(error: Exception) -> Response:
    current_app.logger.exception("API request failed")
    return problems.problem(500, gettext("Something went wrong on our side; it has been "
                                         "logged. Try again, and tell us if it keeps "
                                         "happening."))


