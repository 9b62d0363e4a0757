"""Plain message pages (invalid link, session ended, not covered, expired form, saved)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from flask import Response, make_response, render_template, url_for
from flask_babel import get_locale

from assessment.blueprints.questionnaire import context as ctx
from assessment.blueprints.questionnaire import respondent
from assessment.blueprints.questionnaire.i18n import gettext


def render(template: str, status: int = 200, **values: Any) -> Response:
    """A rendered template as a response with ``status``."""
    return make_response(render_template(template, **values), status)


def saved() -> ctx.MessagePage:
    """After "Save and continue later" (the session has been ended): until when the link
    works, shown once, right after saving."""
    until = respondent.take_saved_until()
    expires = "" if until is None else ctx.display_date(
        datetime.fromtimestamp(until, UTC), str(get_locale()))
    return ctx.MessagePage(title=gettext("Continue later"), paragraphs=(), expires=expires)


def message(title: str, paragraphs: Sequence[str], status: int, *,
            link_url: str | None = None, link_text: str | None = None) -> Response:
    """A plain message page."""
    page = ctx.MessagePage(title, paragraphs, link_url, link_text)
    return render("questionnaire/message.html", status, page=page)


def invalid_link(reason: str) -> Response:
    """The page for an unknown, expired or revoked invitation link."""
    advice = gettext("Ask the consultant who invited you for a new link.")
    if reason == "expired":
        return message(gettext("This link has expired"), [
            gettext("Invitation links are valid for a limited time, and this one has ended."),
            gettext("Answers you saved with it are kept."), advice], 410)
    if reason == "revoked":
        return message(gettext("This link is no longer active"), [
            gettext("The link has been withdrawn, for example because a new one was sent."),
            advice], 410)
    return message(gettext("This link is not valid"), [
        gettext("Check that you opened or copied the whole link from your invitation."),
        advice], 404)


def session_ended() -> Response:
    """No respondent in this browser: explain how to come back."""
    return message(gettext("Open your invitation link to continue"), [
        gettext("Your session has ended, or this browser has not been used with your "
                "invitation yet. Sessions end after a period without activity, for your "
                "security."),
        gettext("Open the link from your invitation again: your saved answers are kept and "
                "you will continue where you left off."),
    ], 401)


def not_covered() -> Response:
    """A section outside the invitation's areas."""
    return message(gettext("This part is not included in your invitation"), [
        gettext("Your invitation covers other parts of the assessment. Someone else in your "
                "organisation has been asked to answer this part."),
    ], 403, link_url=url_for("questionnaire.resume"),
        link_text=gettext("Go back to your questions"))


def expired_form() -> Response:
    """A form other than a section page came back with an expired or missing token."""
    return message(gettext("This page had expired"), [
        gettext("For your security, pages expire after a while. Nothing was changed."),
    ], 400, link_url=url_for("questionnaire.resume"), link_text=gettext("Continue"))
