"""Routes of the client flow. Thin: each asks ``flow`` (the use cases) and renders ``pages``."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import NotFound

from assessment import unit_of_work
from assessment.blueprints.questionnaire import (
    flow,
    language_switch,
    message_pages,
    pages,
    respondent,
    security,
    summary_pages,
)
from assessment.blueprints.questionnaire import (
    resume as places,
)
from assessment.blueprints.questionnaire.blueprint import bp
from assessment.blueprints.questionnaire.guard import respondent_view
from assessment.services.invitations import InvitationError


@bp.get("/i/<token>")
@security.rate_limited_exchange
def exchange(token: str) -> ResponseReturnValue:
    """Swap the link's token for a session, then go to a clean URL (no token anywhere after)."""
    try:
        invitation_id, version, language = flow.exchange(token)
    except InvitationError as error:
        return message_pages.invalid_link(error.reason)
    respondent.sign_in(invitation_id, version, language)
    return redirect(url_for(".resume"))


@bp.get("/a/")
@respondent_view(while_open=False)
def resume(current: flow.Respondent) -> ResponseReturnValue:
    """Start, or carry on exactly where the respondent left off."""
    target = places.resume_target(current)
    if target is None:
        return render_template("questionnaire/start.html", page=summary_pages.start(current))
    return redirect(target)


@bp.get("/a/s/<section_id>")
@bp.get("/a/s/<section_id>/<page_id>")
@respondent_view()
def section(current: flow.Respondent, section_id: str,
            page_id: str | None = None) -> ResponseReturnValue:
    """A page of a section (its first on the route without ``page_id``), with the stored
    answers filled in (reading only: nothing is written)."""
    step = flow.open_section(current, section_id, page_id=page_id)
    if isinstance(step, flow.GoTo):
        return redirect(step.url)
    return pages.section(current, step)


def _unsaved(section_id: str, page_id: str | None = None) -> ResponseReturnValue:
    return pages.section_without_session(section_id, notice="session")


@bp.post("/a/s/<section_id>")
@bp.post("/a/s/<section_id>/<page_id>")
@respondent_view(no_session=_unsaved)
def save_section(current: flow.Respondent, section_id: str,
                 page_id: str | None = None) -> ResponseReturnValue:
    """Validate and save a page, then go on (or back to the same page when more applies)."""
    result = flow.save_section(current, section_id, request.form, page_id)
    if isinstance(result, flow.GoTo):
        return redirect(result.url)
    if not result.saved:
        if result.keep_changes:
            unit_of_work.keep_changes()
        return pages.section(current, result.step, result)
    if result.later:
        flow.sign_out(current)
        return redirect(url_for(".saved"))
    return redirect(result.next_url)


@bp.get("/a/review")
@respondent_view()
def review(current: flow.Respondent) -> ResponseReturnValue:
    """Check your answers, with a change link for each."""
    return summary_pages.review(current)


@bp.post("/a/submit")
@respondent_view()
def submit(current: flow.Respondent) -> ResponseReturnValue:
    """Lock this respondent's answers; complete and score the assessment when all are in."""
    missing = flow.submit(current)
    if missing:
        return summary_pages.review(current, missing=missing)
    return redirect(url_for(".done"))


@bp.get("/a/done")
@respondent_view(while_open=False)
def done(current: flow.Respondent) -> ResponseReturnValue:
    """After submitting: thanks, and the short summary when the assessment allows it."""
    if not current.locked:
        return redirect(url_for(".resume"))
    return render_template("questionnaire/done.html", page=summary_pages.done(current))


@bp.get("/a/saved")
def saved() -> ResponseReturnValue:
    """After "Save and continue later": how to come back."""
    return render_template("questionnaire/saved.html", page=message_pages.saved())


@bp.post("/a/language")
def language() -> ResponseReturnValue:
    """Switch the page language, keeping the answers on a question page (language_switch)."""
    return language_switch.switch()


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
    page_id = (request.view_args or {}).get("page_id")
    current = flow.current_respondent()
    if current is None:
        return pages.section_without_session(section_id, notice="session")
    try:
        shown = pages.section_after_csrf_error(current, section_id, page_id)
    except flow.SectionNotCovered:
        return message_pages.not_covered()
    except NotFound as unknown:
        return unknown
    return redirect(shown.url) if isinstance(shown, flow.GoTo) else shown
