"""Answers shared between respondents on a page: who gave each, and which are read-only.

A colleague's submitted answer, and (profile) an answer of the lead respondent, are
read-only for the others (``stored_answers.read_only_reason``): the page shows them as
text with their author and a link to record a different view, and does not post them.
Every answer another respondent gave says who gave it and when.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from flask import url_for

from assessment.blueprints.questionnaire import context as ctx
from assessment.blueprints.questionnaire.adapters import adapter_for
from assessment.blueprints.questionnaire.field_view import FieldView, GivenByView, ReadOnlyView
from assessment.blueprints.questionnaire.i18n import gettext
from assessment.engine import QuestionBase, Section
from assessment.extensions import db
from assessment.services import disagreements, invitations, stored_answers
from assessment.services.stored_answers import LEAD, AnswerSet, StoredAnswer

if TYPE_CHECKING:
    from assessment.blueprints.questionnaire.flow import Respondent


def read_only(current: Respondent, stored: AnswerSet,
              questions: Iterable[QuestionBase]) -> dict[str, str]:
    """Question id → why the respondent may not change it, for these questions."""
    return stored_answers.read_only(current.questionnaire, current.invitation, stored,
                                    [q.id for q in questions])


def form_questions(questions: Iterable[QuestionBase], read_only_ids: Collection[str],
                   formdata: Mapping[str, Any] | None = None) -> list[QuestionBase]:
    """The questions the page's form asks: not the read-only ones, unless one was posted
    anyway (a page opened before it became read-only, or a forged post: the service
    refuses a different value with a message naming who gave the answer)."""
    return [q for q in questions
            if q.id not in read_only_ids or (formdata is not None and q.id in formdata)]


def with_authors(current: Respondent, section: Section, page_questions: Sequence[QuestionBase],
                 stored: AnswerSet, fields: Sequence[FieldView]) -> list[FieldView]:
    """The page's fields in question order, read-only answers as text (with any error a
    refused post left on them), and who gave every answer another respondent gave.

    ``fields``: the form's; ``page_questions``: those that apply on the page (a read-only
    one the form left out is shown from them).
    """
    read_only_ids = read_only(current, stored, page_questions)
    on_page = {q.id for q in page_questions}
    by_id = {f.id: f for f in fields}
    mine = (disagreements.open_of_respondent(db.session(), current.invitation)
            if read_only_ids else {})
    shown = []
    for question in section.questions:
        field = by_id.get(question.id)
        answer = stored.get(question.id)
        if question.id in read_only_ids and question.id in on_page and answer is not None:
            field = _read_only_field(current, question, answer, read_only_ids[question.id],
                                     mine, field)
        if field is None:
            continue
        given_by = _given_by(current, answer)
        shown.append(replace(field, given_by=given_by) if given_by else field)
    return shown


def _given_by(current: Respondent, answer: StoredAnswer | None) -> GivenByView | None:
    if (answer is None or answer.value is None or answer.invitation_id is None
            or answer.invitation_id == current.invitation.id):
        return None
    return GivenByView(name=answer.answered_by or gettext("someone else"), role=None,
                       when=ctx.display_date(answer.updated_at, current.language))


def _read_only_field(current: Respondent, question: QuestionBase, answer: StoredAnswer,
                     reason: str, mine: Mapping[str, disagreements.OwnView],
                     field: FieldView | None) -> FieldView:
    name = answer.answered_by or gettext("someone else")
    why = (gettext("%(name)s is the lead respondent and gives the answers about your "
                   "organisation.", name=name) if reason == LEAD
           else gettext("%(name)s has submitted their answers, so this answer can no longer "
                        "be changed here.", name=name))
    frame = field or FieldView(
        id=question.id, name=question.id, question=current.translate(question.text),
        hint=None, required=bool(question.required))
    return replace(frame, version=None, conflict=None, read_only=ReadOnlyView(
        value=words(current, question, answer.value),
        reason=why,
        disagree_url=url_for("questionnaire.disagree", question_id=question.id),
        yours=words(current, question, mine[question.id].value) if question.id in mine else None,
    ))


def words(current: Respondent, question: QuestionBase, value: Any) -> str:
    """An answer in words in the page language (the app's one formatter)."""
    return adapter_for(question).words(current.questionnaire, question, value,
                                       current.language, gettext)


def lead_notices(current: Respondent, area: str, stored: AnswerSet,
                 questions: Iterable[QuestionBase]) -> list[ctx.Notice]:
    """On a profile page, for a respondent other than the lead: who owns these answers, and
    that the unanswered ones may still be filled in until the lead answers them."""
    if area != "profile" or current.invitation.lead:
        return []
    lead = invitations.lead_of(db.session(), current.invitation.assessment)
    if lead is None:
        return []
    open_ones = [q for q in questions if not _by_lead(stored.get(q.id))]
    body = gettext("Answers %(name)s has given are shown as they are; if you see one "
                   "differently, you can say so.", name=lead.respondent_label)
    if open_ones:
        body += " " + gettext("Until %(name)s has answered a question, you can answer it "
                              "yourself.", name=lead.respondent_label)
    return [ctx.Notice("info", gettext("%(name)s answers the questions about your organisation",
                                       name=lead.respondent_label), body)]


def _by_lead(answer: StoredAnswer | None) -> bool:
    return answer is not None and answer.value is not None and answer.by_lead
