"""Errors as RFC 9457 problem details: every non-2xx answer of the API is one of these."""

from __future__ import annotations

from typing import Any

from flask import Response, json, request
from flask_babel import gettext
from werkzeug.exceptions import HTTPException

from assessment.services.errors import DomainError
from assessment.web.messages import say

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://commerce-readiness.example/problems/"
TITLES = {
    400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
    405: "Method not allowed", 406: "Not acceptable", 409: "Conflict",
    413: "Content too large", 415: "Unsupported media type", 422: "Unprocessable content",
    429: "Too many requests", 500: "Internal server error", 503: "Service unavailable",
}
KIND_STATUS = {"invalid": 422, "not_found": 404, "forbidden": 403, "conflict": 409,
               "unauthorized": 401}


def problem(status: int, detail: str, *, errors: list[dict[str, str]] | None = None,
            kind: str | None = None, headers: dict[str, str] | None = None) -> Response:
    """A problem response: type, title, status, detail, instance and any field errors."""
    title = TITLES.get(status, "Error")
    body: dict[str, Any] = {
        "type": TYPE_BASE + (kind or title.lower().replace(" ", "-")),
        "title": title, "status": status, "detail": detail, "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype=MEDIA_TYPE)
    response.headers["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_domain(error: DomainError) -> Response:
    """A service's refusal: its kind picks the status; its text, translated, the detail."""
    status = KIND_STATUS.get(error.kind, 422)
    message = say(error)
    errors = [{"field": error.field, "message": message}] if error.field else None
    headers = ({"WWW-Authenticate": f'Bearer error="invalid_token", '
                                    f'error_description="{_header_safe(message)}"'}
               if status == 401 else None)
    return problem(status, message, errors=errors, headers=headers)


def from_http(error: HTTPException) -> Response:
    """A werkzeug error (404 route, 405, 413, 429 …) as a problem."""
    status = error.code or 500
    detail = error.description or TITLES.get(status, "Error")
    response = problem(status, detail)
    for name in ("Allow", "Retry-After"):
        original = error.get_response().headers.get(name) if error.code else None
        if original:
            response.headers[name] = original
    return response


def from_validation(errors: list[dict[str, Any]], where: str = "request") -> Response:
    """pydantic's errors of a request body or query, one entry per field."""
    listed = []
    for item in errors:
        location = ".".join(str(part) for part in item.get("loc", ()) if part != "__root__")
        listed.append({"field": location or where, "message": str(item.get("msg", "invalid"))})
    names = ", ".join(entry["field"] for entry in listed) or where
    return problem(422, gettext("The request is not valid: check %(fields)s.", fields=names),
                   errors=listed)


def _header_safe(text: str) -> str:
    return text.replace('"', "'").encode("ascii", "replace").decode("ascii")
