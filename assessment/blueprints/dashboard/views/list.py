"""The assessment list: search, filters, sorting and pagination over what the user may see."""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_login import current_user

from assessment.blueprints.dashboard.blueprint import bad_request, bp
from assessment.blueprints.dashboard.contexts.list import list_context
from assessment.extensions import db
from assessment.services import listing
from assessment.web.messages import say


@bp.get("/")
def index() -> ResponseReturnValue:
    """The list page (two queries: the page and the count)."""
    areas = listing.area_options(str(get_locale() or "en"))
    try:
        query = listing.parse_query(request.args, [area.id for area in areas])
    except listing.ListQueryError as error:
        return bad_request(say(error))
    page = listing.list_page(db.session(), current_user, query)
    return render_template("dashboard/list.html", **list_context(page, areas))
