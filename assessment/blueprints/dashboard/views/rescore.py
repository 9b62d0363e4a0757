"""Re-scoring on a new version of the bank or its rules: preview, then apply; never silently."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from assessment.blueprints.dashboard.assessment_forms import RescoreForm
from assessment.blueprints.dashboard.blueprint import bp
from assessment.blueprints.dashboard.contexts.rescore import overview_context, preview_context
from assessment.extensions import db
from assessment.services import access, rescore
from assessment.unit_of_work import discard_changes
from assessment.web.messages import say


@bp.get("/rescore")
def rescore_overview() -> ResponseReturnValue:
    """The assessments the user may change that are not on the newest version."""
    if not access.may_open_listed(current_user):
        abort(403)
    page = request.args.get("page", "1")
    if not page.isdigit() or len(page) > 6:
        abort(400, description="page: not a page number.")
    items, total = rescore.outdated(db.session(), current_user, int(page))
    return render_template(
        "dashboard/rescore_overview.html", **overview_context(items, total, int(page))
    )


@bp.get("/assessments/<id:assessment_id>/rescore")
def rescore_preview(assessment_id: int) -> ResponseReturnValue:
    """What re-scoring on the newest version would change; nothing is stored."""
    assessment = access.require(db.session(), current_user, access.Action.CHANGE, assessment_id)
    seen = rescore.preview(db.session(), assessment)
    form = RescoreForm(token=seen.token if seen else "")
    return render_template("dashboard/rescore.html", form=form, **preview_context(assessment, seen))


@bp.post("/assessments/<id:assessment_id>/rescore")
def rescore_apply(assessment_id: int) -> ResponseReturnValue:
    """Re-score exactly as previewed (the form carries the preview's token)."""
    assessment = access.require(db.session(), current_user, access.Action.CHANGE, assessment_id)
    form = RescoreForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        applied = rescore.apply(db.session(), assessment, current_user, form.token.data or "",
                                gettext=_)
    except rescore.RescoreError as error:
        discard_changes()
        flash(say(error), "error")
        return redirect(url_for("dashboard.rescore_preview", assessment_id=assessment.id), 303)
    flash(
        _(
            "Re-scored on version %(version)s. The changes are in the activity log.",
            version=applied.target.label(),
        ),
        "success",
    )
    return redirect(url_for("dashboard.assessment_detail", assessment_id=assessment.id), 303)
