"""A save that cannot be stored says why and shows what was typed (issue 10).

A tab left open after the respondent submitted (or after the assessment was closed, or
after the link was withdrawn or expired) may still post its page. Nothing is stored then,
but nothing is silently dropped either: the page says so and lists the answers as they
were typed, so the respondent can pass them on to their consultant.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from flask import Response, g, request, url_for

from assessment.blueprints.questionnaire import flow, message_pages, respondent
from assessment.blueprints.questionnaire.adapters import adapter_for
from assessment.blueprints.questionnaire.blueprint import bp
from assessment.blueprints.questionnaire.forms import SectionForm
from assessment.blueprints.questionnaire.i18n import gettext
from assessment.blueprints.questionnaire.message_pages import render
from assessment.blueprints.questionnaire.security import FormContext
from assessment.engine import QuestionBase
from assessment.extensions import db
from assessment.models.invitation import Invitation
from assessment.services import bank, invitations
from assessment.services.answer_errors import LockedError


@dataclass(frozen=True)
class TypedAnswer:
    """A question and the answer typed for it, in words."""

    question: str
    answer: str


@dataclass(frozen=True)
class NotStoredPage:
    """A message page that lists the answers a refused page carried."""

    title: str
    paragraphs: Sequence[str]
    link_url: str | None = None
    link_text: str | None = None
    typed: Sequence[TypedAnswer] = field(default_factory=tuple)


def already_submitted(current: flow.Respondent, formdata: Mapping[str, str]) -> Response:
    """A page posted after this respondent submitted, or after the assessment closed (409)."""
    if current.invitation.submitted_at is not None:
        title = gettext("Your answers had already been submitted")
        why = gettext("This page was sent after you submitted your answers, so nothing was "
                      "changed: the answers you submitted stay as they are.")
    else:
        title = gettext("This assessment has been closed")
        why = gettext("This page was sent after the assessment was closed, so nothing was "
                      "changed.")
    typed = typed_answers(current, formdata)
    paragraphs = [why]
    if typed:
        paragraphs.append(gettext(
            "What you typed on the page is shown below. If an answer needs to change, "
            "contact the consultant who invited you and give them this text."))
    page = NotStoredPage(title, paragraphs, url_for("questionnaire.answers_copy"),
                         gettext("See your submitted answers"), typed)
    return render("questionnaire/message.html", 409, page=page)


@bp.errorhandler(LockedError)
def locked_meanwhile(_error: LockedError) -> Response:
    """The respondent submitted (or the assessment closed) between the page's checks and
    its save, e.g. from another tab at the same moment: the same page as a stale tab."""
    current = flow.current_respondent()
    if current is None:
        return message_pages.session_ended()
    return already_submitted(current, request.form)


def without_session(formdata: Mapping[str, str]) -> Response | None:
    """A page posted without a session, from a respondent who can no longer save at all:
    submitted (in another browser), assessment closed, or link withdrawn or expired. The
    page says so and lists what was typed; None when a fresh session could still save it
    (the caller then explains how to sign in again)."""
    context = FormContext.loads(formdata.get("form_context"))
    invitation = db.session.get(Invitation, context.invitation_id) if context else None
    if invitation is None:
        return None
    questionnaire = bank.questionnaire_for(invitation.assessment)
    chosen = respondent.language()
    g.language = chosen if chosen in questionnaire.languages else invitation.language
    current = flow.Respondent(invitation, questionnaire, g.language)
    if current.locked:
        return already_submitted(current, formdata)
    try:
        invitations.check_usable(invitation)
    except invitations.InvitationError:
        return _link_ended(current, formdata)
    return None


def _link_ended(current: flow.Respondent, formdata: Mapping[str, str]) -> Response:
    typed = typed_answers(current, formdata)
    paragraphs = [gettext("Your invitation link has expired or been withdrawn, so the answers "
                          "on this page could not be saved.")]
    if typed:
        paragraphs.append(gettext(
            "What you typed on the page is shown below. Ask the consultant who invited you "
            "for a new link, then enter these answers again."))
    page = NotStoredPage(gettext("Your answers could not be saved"), paragraphs, typed=typed)
    return render("questionnaire/message.html", 410, page=page)


def typed_answers(current: flow.Respondent, formdata: Mapping[str, str]) -> list[TypedAnswer]:
    """The answers a posted page carried, in words where they can be read, else as typed."""
    context = FormContext.loads(formdata.get("form_context"))
    if context is None or context.invitation_id != current.invitation.id:
        return []
    questions = [current.questionnaire.questions[q] for q in context.question_ids
                 if q in current.questionnaire.questions]
    form = SectionForm(questions, current.build_context(enforce_required=False),
                       formdata=formdata)  # type: ignore[arg-type]
    form.validate()
    refused = form.errors()
    typed = []
    for question in questions:
        words = (_as_typed(formdata, question) if question.id in refused
                 else _in_words(current, question, form.answer(question)))
        if words:
            typed.append(TypedAnswer(current.translate(question.text), words))
    return typed


def _in_words(current: flow.Respondent, question: QuestionBase, value: object) -> str:
    if value is None:
        return ""
    return adapter_for(question).words(current.questionnaire, question, value,
                                       current.language, gettext)


def _as_typed(formdata: Mapping[str, str], question: QuestionBase) -> str:
    getlist = getattr(formdata, "getlist", None)
    values = getlist(question.id) if getlist else [formdata.get(question.id, "")]
    return ", ".join(v for v in values if v)
