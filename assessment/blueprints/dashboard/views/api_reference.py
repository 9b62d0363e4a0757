"""The JSON API's reference, rendered in the dashboard's look (every signed-in role).

The page is built from the OpenAPI document the API serves (``api.spec.document()``), read
on each request, so it cannot drift from the routes: an operation added to the API appears
here with its parameters, body and responses. The raw document stays public at
``/api/v1/openapi.json`` for tools.
"""

from __future__ import annotations

from flask import current_app, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import ngettext
from limits import parse_many

from assessment.blueprints.api import auth
from assessment.blueprints.api.problems import MEDIA_TYPE
from assessment.blueprints.api.spec import document
from assessment.blueprints.dashboard.blueprint import bp
from assessment.blueprints.dashboard.contexts.api_reference import reference

API_PREFIX = "/api/v1"
PER_UNIT = {
    "second": lambda n: ngettext("%(num)d request a second", "%(num)d requests a second", n),
    "minute": lambda n: ngettext("%(num)d request a minute", "%(num)d requests a minute", n),
    "hour": lambda n: ngettext("%(num)d request an hour", "%(num)d requests an hour", n),
    "day": lambda n: ngettext("%(num)d request a day", "%(num)d requests a day", n),
}


@bp.get("/api")
def api_reference() -> ResponseReturnValue:
    """The API reference: how to connect, then every operation by resource."""
    base_url = str(current_app.config.get("BASE_URL") or "").rstrip("/") + API_PREFIX
    return render_template(
        "dashboard/api_reference.html",
        ref=reference(document()),
        base_url=base_url,
        spec_url=url_for("api.openapi"),
        tokens_url=url_for("dashboard.tokens_page"),
        problem_media_type=MEDIA_TYPE,
        rate_limit=rate_limit_text(auth.rate_limit()),
    )


def rate_limit_text(limit: str) -> str:
    """``"300 per minute"`` (flask-limiter's notation) in words; the notation if unusual."""
    try:
        items = parse_many(limit)
    except ValueError:
        return limit
    said = []
    for item in items:
        unit = item.GRANULARITY.name
        if item.multiples != 1 or unit not in PER_UNIT:
            return limit
        said.append(PER_UNIT[unit](item.amount))
    return "; ".join(said) or limit
