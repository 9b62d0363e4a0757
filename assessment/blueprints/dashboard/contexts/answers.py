"""The answers of an assessment by area and section, and the change-request rounds, in words."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy.orm import Session

from assessment.blueprints.dashboard.contexts.findings import area_title
from assessment.blueprints.dashboard.contexts.labels import when
from assessment.blueprints.dashboard.contexts.review_labels import answer_text, page_language
from assessment.engine import Questionnaire, route
from assessment.models.assessment import Assessment
from assessment.services import change_requests
from assessment.services.stored_answers import AnswerSet


@dataclass(frozen=True)
class AnswerRow:
    """A question on the route with its answer, who gave it and when."""

    question_id: str
    question: str
    answer: str
    answered: bool
    by: str | None
    at: str


@dataclass(frozen=True)
class SectionAnswers:
    """A section's answers."""

    title: str
    rows: list[AnswerRow]


@dataclass(frozen=True)
class AreaAnswers:
    """The sections of one area (or the profile)."""

    id: str
    title: str
    sections: list[SectionAnswers]


def answers_by_area(
    stored: AnswerSet, questionnaire: Questionnaire | None, language: str
) -> list[AreaAnswers]:
    """The answers on the route, grouped by area then section, with who gave them and when."""
    if questionnaire is None:
        return []
    path = route(questionnaire, stored.values())
    grouped: dict[str, list[SectionAnswers]] = {}
    for view in path.sections:
        rows = []
        for question in view.questions:
            given = stored.get(question.id)
            value = given.value if given else None
            rows.append(
                AnswerRow(
                    question.id,
                    questionnaire.text(question.text, language),
                    answer_text(questionnaire, question, value),
                    value is not None,
                    given.answered_by if given and value is not None else None,
                    when(given.updated_at) if given and value is not None else "",
                )
            )
        title = questionnaire.text(view.section.title, language)
        grouped.setdefault(view.section.area, []).append(SectionAnswers(title, rows))
    return [
        AreaAnswers(area_id, _profile_or_area(questionnaire, area_id, language), sections)
        for area_id, sections in grouped.items()
    ]


def _profile_or_area(questionnaire: Questionnaire, area_id: str, language: str) -> str:
    if area_id == "profile":
        return str(gettext("Profile"))
    return area_title(questionnaire, area_id, language)


@dataclass(frozen=True)
class CommentRow:
    """A comment of a change request and what became of the answer."""

    question: str
    body: str
    respondent: str | None
    before: str
    after: str
    changed: bool
    resubmitted: str


@dataclass(frozen=True)
class RoundRow:
    """One change request."""

    requested_by: str
    requested_at: str
    message: str | None
    open: bool
    closed_at: str
    comments: list[CommentRow]


def change_rounds(
    session: Session, assessment: Assessment, questionnaire: Questionnaire | None,
    stored: AnswerSet,
) -> list[RoundRow]:
    """The change requests, newest first, with what became of each commented answer."""
    rows = []
    for round_ in change_requests.history(session, assessment, stored):
        rows.append(
            RoundRow(
                round_.requested_by,
                when(round_.requested_at),
                round_.message,
                round_.open,
                when(round_.closed_at),
                [_comment(questionnaire, c) for c in round_.comments],
            )
        )
    return rows


def _comment(questionnaire: Questionnaire | None, c: change_requests.CommentOutcome) -> CommentRow:
    question = questionnaire.questions.get(c.question_id) if questionnaire else None
    if questionnaire is None or question is None:
        text, before, after = c.question_id, str(c.before), str(c.after)
    else:
        text = questionnaire.text(question.text, page_language())
        before = answer_text(questionnaire, question, c.before)
        after = answer_text(questionnaire, question, c.after)
    return CommentRow(text, c.body, c.respondent, before, after, c.changed, when(c.resubmitted_at))
