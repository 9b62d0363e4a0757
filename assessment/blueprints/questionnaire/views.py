"""Routes of the client flow. Thin: each asks ``flow`` (the use cases) and renders ``pages``."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from assessment.blueprints.questionnaire import (
    bp,
    flow,
    message_pages,
    pages,
    respondent,
    summary_pages,
)
from assessment.services import invitations
from assessment.services.invitations import InvitationError


@bp.get("/i/<token>")
@invitations.rate_limited_exchange
def exchange(token: str) -> ResponseReturnValue:
    """Swap the link's token for a session, then go to a clean URL (no token anywhere after)."""
    try:
        invitation_id, language = flow.exchange(token)
    except InvitationError as error:
        return message_pages.invalid_link(error.reason)
    respondent.sign_in(invitation_id, language)
    return redirect(url_for(".resume"))


@bp.get("/a/")
def resume() -> ResponseReturnValue:
    """Start, or carry on exactly where the respondent left off."""
    current = flow.current_respondent()
    if current is None:
        return message_pages.session_ended()
    target = flow.resume_target(current)
    if target is None:
        return render_template("questionnaire/start.html", page=summary_pages.start(current))
    return redirect(target)


@bp.get("/a/s/<section_id>")
def section(section_id: str) -> ResponseReturnValue:
    """A section page, with the stored answers filled in."""
    current = flow.current_respondent()
    if current is None:
        return message_pages.session_ended()
    if current.locked:
        return redirect(url_for(".done"))
    step = flow.open_section(current, section_id)
    return pages.section(current, step)


@bp.post("/a/s/<section_id>")
def save_section(section_id: str) -> ResponseReturnValue:
    """Validate and save a section, then go on (or back to the same page when more applies)."""
    current = flow.current_respondent()
    if current is None:
        return pages.section_without_session(section_id, notice="session")
    if current.locked:
        return redirect(url_for(".done"))
    outcome = flow.save_section(current, section_id, request.form)
    if not outcome.saved:
        return pages.section(current, outcome.step, outcome)
    if outcome.later:
        respondent.sign_out()
        return redirect(url_for(".saved"))
    return redirect(outcome.next_url)


@bp.get("/a/review")
def review() -> ResponseReturnValue:
    """Check your answers, with a change link for each."""
    current = flow.current_respondent()
    if current is None:
        return message_pages.session_ended()
    if current.locked:
        return redirect(url_for(".done"))
    flow.remember_place(current, flow.REVIEW)
    return summary_pages.review(current)


@bp.post("/a/submit")
def submit() -> ResponseReturnValue:
    """Lock this respondent's answers; complete and score the assessment when all are in."""
    current = flow.current_respondent()
    if current is None:
        return message_pages.session_ended()
    if current.locked:
        return redirect(url_for(".done"))
    missing = flow.submit(current)
    if missing:
        return summary_pages.review(current, missing=missing)
    return redirect(url_for(".done"))


@bp.get("/a/done")
def done() -> ResponseReturnValue:
    """After submitting: thanks, and the short summary when the assessment allows it."""
    current = flow.current_respondent()
    if current is None:
        return message_pages.session_ended()
    if not current.locked:
        return redirect(url_for(".resume"))
    return render_template("questionnaire/done.html", page=summary_pages.done(current))


@bp.get("/a/saved")
def saved() -> ResponseReturnValue:
    """After "Save and continue later": how to come back."""
    return render_template("questionnaire/saved.html", page=message_pages.saved())


@bp.post("/a/language")
def language() -> ResponseReturnValue:
    """Switch the page language, then return to the page the respondent was on."""
    code = request.form.get("language", "")
    if not flow.choose_language(code):
        abort(400)
    return redirect(pages.local_next(request.form.get("next")))


@bp.errorhandler(flow.SectionNotCovered)
def not_covered(_error: flow.SectionNotCovered) -> ResponseReturnValue:
    """A section of an area the invitation does not cover: refused, nothing shown or saved."""
    return message_pages.not_covered()


@bp.context_processor
def chrome() -> dict[str, object]:
    """Header data and the page language for every respondent page."""
    return {"chrome": pages.chrome(), "page_language": str(get_locale())}


@bp.errorhandler(CSRFError)
def csrf_error(error: CSRFError) -> ResponseReturnValue:
    """An expired form never loses what was typed: show it again with a fresh token."""
    if request.endpoint != "questionnaire.save_section":
        return message_pages.expired_form()
    section_id = (request.view_args or {}).get("section_id", "")
    current = flow.current_respondent()
    if current is None:
        return pages.section_without_session(section_id, notice="session")
    try:
        return pages.section_after_csrf_error(current, section_id)
    except flow.SectionNotCovered:
        return message_pages.not_covered()
    except HTTPException as redirect_or_error:  # unknown or hidden section
        return redirect_or_error
