"""``/``: each visitor to where they work.

A signed-in consultant or admin to the attention queue, sales to the approved reports, a
respondent with a questionnaire session to their questionnaire, anyone else to sign in.
"""

from __future__ import annotations

from flask import Blueprint, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from assessment.blueprints.questionnaire.flow import current_respondent
from assessment.services import access

bp = Blueprint("front_door", __name__)


@bp.get("/")
def front_door() -> ResponseReturnValue:
    """Redirect (303) to the visitor's landing page."""
    return redirect(landing_page(), 303)


def landing_page() -> str:
    """Where this visitor starts."""
    if current_user.is_authenticated:
        if access.may_open_listed(current_user):
            return url_for("dashboard.attention_queue")
        return url_for("dashboard.sales_reports")  # sales: the reports they may hand out
    if current_respondent() is not None:
        return url_for("questionnaire.resume")
    return url_for("auth.login")
