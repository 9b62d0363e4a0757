"""The review state machine's buttons: start, approve, request changes, withdraw an approval."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from assessment.blueprints.dashboard.assessment_forms import ChangesForm, ReasonForm
from assessment.blueprints.dashboard.blueprint import bp
from assessment.blueprints.dashboard.contexts.approval import approval_context
from assessment.blueprints.dashboard.contexts.labels import status_label
from assessment.blueprints.dashboard.contexts.review import changes_context
from assessment.blueprints.dashboard.contexts.review_labels import page_language
from assessment.blueprints.dashboard.forms import ConfirmForm
from assessment.config import invitation_ttl_days
from assessment.extensions import db
from assessment.models.assessment import Assessment
from assessment.services import access, change_requests, review
from assessment.unit_of_work import discard_changes
from assessment.web.messages import say

DONE = {
    "start": _l("The review has started."),
    "approve": _l("Approved: the client report is released."),
    "request_changes": _l("Changes requested: the respondents can now correct those answers."),
    "reopen": _l("The approval was withdrawn; the assessment is in review again."),
}


def _detail(assessment: Assessment) -> ResponseReturnValue:
    return redirect(url_for("dashboard.assessment_detail", assessment_id=assessment.id), 303)


def _run(change: Callable[[], object]) -> str | None:
    """Run a review step; the reason it was refused (its changes discarded), or None."""
    try:
        change()
    except review.TransitionError as error:
        discard_changes()
        return str(
            _(
                "This is not possible while the assessment is “%(status)s”.",
                status=status_label(error.status),
            )
        )
    except review.ReviewError as error:
        discard_changes()
        return say(error)
    return None


def _flash(action: str, error: str | None) -> None:
    if error:
        flash(error, "error")
    else:
        flash(str(DONE[action]), "success")


@bp.post("/assessments/<id:assessment_id>/review/<any(start, approve):action>")
def review_transition(assessment_id: int, action: str) -> ResponseReturnValue:
    """Start the review of a submitted assessment, or approve one in review (once confirmed)."""
    assessment = access.require(db.session(), current_user, access.Action.CHANGE, assessment_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if action == "approve" and request.form.get("confirm") != "yes" and (
        review.ReviewAction.APPROVE in review.available_actions(assessment)
    ):  # first say what approving releases; the confirmation posts confirm=yes
        return render_template("dashboard/review_approve.html",
                               **approval_context(db.session(), assessment))
    step = review.start_review if action == "start" else review.approve
    _flash(action, _run(lambda: step(db.session(), assessment, current_user)))
    return _detail(assessment)


@bp.route("/assessments/<id:assessment_id>/review/changes", methods=["GET", "POST"])
def review_changes(assessment_id: int) -> ResponseReturnValue:
    """Request changes in two steps, without JavaScript: pick the questions (``step=comment``
    moves on), then comment on each (``step=send`` sends, ``step=choose`` goes back). Sending
    reopens just those questions."""
    assessment = access.require(db.session(), current_user, access.Action.CHANGE, assessment_id)
    form = ChangesForm()
    if not form.is_submitted():
        return _changes_page(assessment, form, chosen=[], step="choose")
    comments = form.comments(request.form)
    # The questions picked, and any comment posted without a tick (an older form, a script).
    chosen = list(dict.fromkeys([*request.form.getlist("question"),
                                 *(q for q, text in comments.items() if text.strip())]))
    step = request.form.get("step") or "send"
    if not form.validate_on_submit():  # the token, or a message that is too long
        return _changes_page(assessment, form, chosen, "comment" if chosen else "choose",
                             status=422)
    if step == "choose":
        return _changes_page(assessment, form, chosen, "choose")
    if not chosen:
        message = _("Choose at least one question to comment on.")
        return _changes_page(assessment, form, chosen, "choose", error=message, status=422)
    if step == "comment":
        return _changes_page(assessment, form, chosen, "comment")
    missing = {q: _("Write what should be looked at again, or go back and untick this "
                    "question.") for q in chosen if not comments.get(q, "").strip()}
    if missing:
        return _changes_page(assessment, form, chosen, "comment", errors=missing, status=422)
    error = _run(
        lambda: change_requests.request_changes(
            db.session(), assessment, current_user, {q: comments[q] for q in chosen},
            form.message.data or "", language=page_language(),
            ttl_days=invitation_ttl_days(current_app.config),
        )
    )
    if error is None:
        _flash("request_changes", None)
        return _detail(assessment)
    return _changes_page(assessment, form, chosen, "comment", error=error, status=422)


def _changes_page(assessment: Assessment, form: ChangesForm, chosen: list[str], step: str, *,
                  error: str | None = None, errors: dict[str, str] | None = None,
                  status: int = 200) -> ResponseReturnValue:
    context = changes_context(db.session(), assessment, request.form, chosen=chosen, step=step,
                              errors=errors)
    return render_template(
        "dashboard/review_changes.html", form=form, error=error, **context
    ), status


@bp.route("/assessments/<id:assessment_id>/review/reopen", methods=["GET", "POST"])
def review_reopen(assessment_id: int) -> ResponseReturnValue:
    """Withdraw an approval, giving the reason."""
    assessment = access.require(db.session(), current_user, access.Action.CHANGE, assessment_id)
    form = ReasonForm()
    if form.validate_on_submit():
        error = _run(
            lambda: review.reopen(db.session(), assessment, current_user, form.reason.data or "")
        )
        _flash("reopen", error)
        if error is None:
            return _detail(assessment)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "dashboard/review_reopen.html",
        form=form,
        assessment_id=assessment.id,
        organisation=assessment.organisation.name,
        status_label=status_label(assessment.status),
    ), status
