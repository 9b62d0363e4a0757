"""The JSON API under ``/api/v1`` (doc/architecture/0014-api.md).

Same services and access rules as the dashboard; authenticated by personal API tokens
(``auth.py``), never by cookies, so CSRF protection does not apply; errors as RFC 9457
problem details (``problems.py``); described by an OpenAPI 3.1 document generated from the
routes' pydantic models (``spec.py``), served at ``/api/v1/openapi.json``. Each request is
a unit of work like a page's: a 2xx commits, anything else rolls back.
"""

from __future__ import annotations

from assessment.blueprints.api.blueprint import bp

__all__ = ["answers", "assessments", "bp", "invitations", "organisations", "reports", "review"]

from assessment.blueprints.api import (  # the routes register themselves on bp
    answers,
    assessments,
    invitations,
    organisations,
    reports,
    review,
)
