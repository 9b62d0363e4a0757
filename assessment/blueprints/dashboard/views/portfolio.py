"""The portfolio: area bands across the consultant's clients and their most frequent gaps."""

from __future__ import annotations

from flask import abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from assessment.blueprints.dashboard.blueprint import bp
from assessment.blueprints.dashboard.contexts.portfolio import portfolio_context
from assessment.blueprints.dashboard.contexts.review_labels import page_language
from assessment.extensions import db
from assessment.services import access, portfolio


@bp.get("/portfolio")
def portfolio_page() -> ResponseReturnValue:
    """Each client's newest scored assessment as a heat map, the band spread, frequent gaps."""
    if not access.may_open_listed(current_user):
        abort(403)
    page = request.args.get("page", "1")
    if not page.isdigit() or len(page) > 6:
        abort(400, description="page: not a page number.")
    built = portfolio.build(db.session(), current_user, language=page_language(), page=int(page))
    return render_template("dashboard/portfolio.html", **portfolio_context(built))
