"""Who is calling the API: a personal token in ``Authorization: Bearer …``, nothing else.

No cookie is read, so a browser session cannot be ridden (no CSRF surface). A token acts
for its user with the user's current role (``services.access`` decides per assessment); a
``read`` token may only read. The rate limit counts per token.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import current_app, g, request
from werkzeug.exceptions import UnsupportedMediaType

from assessment.extensions import db
from assessment.models.assessment import Assessment
from assessment.models.user import User
from assessment.services import access, api_tokens
from assessment.services.errors import N_, ForbiddenError

READING = frozenset({"GET", "HEAD", "OPTIONS"})
NO_TOKEN = N_("Send a personal API token as Authorization: Bearer <token>. Create one in the "
              "dashboard under API tokens, or with assessment create-token.")
READ_ONLY = N_("This API token may only read (scope read); create a token with scope write "
               "to make changes.")
SALES_READ = N_("Sales accounts read the assessments whose report is approved.")


class MissingToken(api_tokens.TokenRefused):
    """No bearer token was sent."""


def authenticate() -> None:
    """Before every API request but the OpenAPI document: the token, and its scope."""
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise MissingToken(NO_TOKEN)
    token = api_tokens.authenticate(db.session(), raw.strip())
    if request.method not in READING and not token.allows(write=True):
        raise ForbiddenError(READ_ONLY)
    g.api_token = token


def user() -> User:
    """The user the request's token acts for."""
    return g.api_token.user  # type: ignore[no-any-return]


def rate_key() -> str:
    """The rate limit's key: the token (hashed), else the address."""
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and raw.strip():
        return "api:" + hashlib.sha256(raw.strip().encode()).hexdigest()[:24]
    return "api-address:" + (request.remote_addr or "unknown")


def rate_limit() -> str:
    """Requests per token (API_RATE_LIMIT, e.g. "300 per minute"; config.py's default)."""
    return str(current_app.config["API_RATE_LIMIT"])


def readable(assessment_id: int) -> tuple[Assessment, frozenset[access.Action]]:
    """An assessment the caller may read: a member's (or admin's), or an approved one for
    sales. 404 when they may not even list it, 403 otherwise."""
    assessment, allowed = access.require_grants(db.session(), user(), access.Action.LIST,
                                                assessment_id)
    if not access.may_read_result(assessment, allowed):
        raise ForbiddenError(SALES_READ)
    return assessment, allowed


def changeable(assessment_id: int) -> Assessment:
    """An assessment the caller may change (owner, shared consultant, admin)."""
    return access.require(db.session(), user(), access.Action.CHANGE, assessment_id)


def viewable(assessment_id: int) -> Assessment:
    """An assessment the caller may see in full (not sales)."""
    return access.require(db.session(), user(), access.Action.VIEW, assessment_id)


def body() -> Any:
    """The request's validated JSON body; 415 unless it was sent as application/json."""
    if not request.is_json:
        raise UnsupportedMediaType("Send the body as JSON (Content-Type: application/json).")
    return request.context.json  # type: ignore[attr-defined]
