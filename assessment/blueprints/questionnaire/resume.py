"""Where an invitation link takes a respondent back to: the page they were on, or the first
page with a question still unanswered (``flow`` and ``paging`` know the route)."""

from __future__ import annotations

from flask import url_for

from assessment.blueprints.questionnaire import paging
from assessment.blueprints.questionnaire.flow import (
    REVIEW,
    Respondent,
    place_url,
    respondent_route,
)
from assessment.engine import Route
from assessment.extensions import db
from assessment.services import stored_answers
from assessment.services.stored_answers import AnswerSet


def resume_target(current: Respondent) -> str | None:
    """Where the same link takes the respondent back to; None before they have started."""
    if current.locked:
        return url_for("questionnaire.done")
    if current.reopened:  # a consultant asked for changes: the review page lists them
        return url_for("questionnaire.review")
    stored = stored_answers.load(db.session(), current.invitation.assessment)
    path = respondent_route(current, stored)
    last = current.invitation.last_section_id
    if last == REVIEW:
        return place_url(current, last)
    if last and paging.find(path, *paging.split_place(last)):
        return place_url(current, last)
    if last is None and not _answered_by(stored, current.invitation.id):
        return None
    return _first_unfinished(path)


def _answered_by(stored: AnswerSet, invitation_id: int) -> bool:
    return any(a.invitation_id == invitation_id for a in stored.answers.values())


def _first_unfinished(path: Route) -> str:
    stop = paging.first_unfinished(path)
    return stop.url if stop else url_for("questionnaire.review")
