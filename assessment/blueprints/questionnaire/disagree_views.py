"""``/a/q/<question_id>/disagree``: a respondent records a different view of an answer they
may not change (a colleague's submitted answer, or the lead's profile answer).

GET shows the answer given, the question's own widget for the respondent's value and a
required reason; POST stores a disagreement (``services.disagreements``) and goes back to
the page of the question. The answer given is never overwritten here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import redirect, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup
from werkzeug.exceptions import NotFound

from assessment.blueprints.questionnaire import context as ctx
from assessment.blueprints.questionnaire import flow, pages, paging, shared_answers
from assessment.blueprints.questionnaire.blueprint import bp
from assessment.blueprints.questionnaire.forms import SectionForm
from assessment.blueprints.questionnaire.guard import respondent_view
from assessment.blueprints.questionnaire.i18n import gettext
from assessment.blueprints.questionnaire.message_pages import render
from assessment.engine import QuestionBase, Section
from assessment.extensions import db
from assessment.services import disagreements, invitations
from assessment.services.answer_errors import AnswerValidationError, LockedError
from assessment.services.disagreements import MAX_REASON_LENGTH, DisagreementError
from assessment.services.stored_answers import StoredAnswer
from assessment.web.messages import say

REASON = "reason"


@dataclass(frozen=True)
class DisagreePage:
    """What ``questionnaire/disagree.html`` shows."""

    caption: str
    question: str
    standing: str
    given_by: str
    action: str
    back_url: str
    field_html: Markup
    reason: str
    reason_error: str | None
    reason_limit: int
    errors: tuple[ctx.ErrorLink, ...]
    ui: ctx.UiText

    @property
    def fields_html(self) -> tuple[Markup, ...]:
        """A question page's fields: the footer then carries the live counter's words."""
        return (self.field_html,)


@bp.route("/a/q/<question_id>/disagree", methods=["GET", "POST"])
@respondent_view()
def disagree(current: flow.Respondent, question_id: str) -> ResponseReturnValue:
    """Record a different view of an answer given by someone else (GET: the form)."""
    question = current.questionnaire.questions.get(question_id)
    if question is None or not current.invitation.covers(
            current.questionnaire.area_of(question_id)):
        raise NotFound()
    try:
        standing = disagreements.standing_answer(db.session(), current.invitation, question_id)
    except DisagreementError:  # not read-only (any more): the respondent answers it directly
        return redirect(_question_url(current, question))
    mine = disagreements.open_of_respondent(db.session(), current.invitation).get(question_id)
    if request.method == "GET":  # "Change your view": what they put forward before
        form = SectionForm([question], current.build_context(),
                           stored={question_id: mine.value} if mine is not None else None)
        return _page(current, question, standing, form,
                     mine_reason=mine.reason if mine is not None else "", status=200)
    return _record(current, question, standing)


def _record(current: flow.Respondent, question: QuestionBase,
            standing: StoredAnswer) -> ResponseReturnValue:
    form = SectionForm([question], current.build_context(), formdata=request.form)
    reason = request.form.get(REASON, "")
    reason_error = _reason_error(reason)
    if not form.validate() or reason_error:
        return _page(current, question, standing, form, reason, reason_error=reason_error)
    try:
        disagreements.record(db.session(), current.invitation, question.id,
                             form.answer(question), reason)
    except DisagreementError as error:
        if error.field == REASON:
            return _page(current, question, standing, form, reason, reason_error=say(error))
        form.add_error(question.id, say(error))
        return _page(current, question, standing, form, reason)
    except AnswerValidationError as error:
        form.add_error(question.id, flow.service_message(current, question.id, error.errors[0]))
        return _page(current, question, standing, form, reason)
    except LockedError:
        return redirect(url_for("questionnaire.done"))
    except invitations.InvitationError:
        return redirect(url_for("questionnaire.resume"))
    return redirect(_question_url(current, question))


def _reason_error(reason: str) -> str | None:
    """The reason's problem in the page language, found with the answer's (both at once)."""
    try:
        disagreements.check_reason(reason)
    except DisagreementError as error:
        return say(error)
    return None


def _page(current: flow.Respondent, question: QuestionBase, standing: StoredAnswer,
          form: SectionForm, mine_reason: str, *, reason_error: str | None = None,
          status: int = 400) -> ResponseReturnValue:
    (field,) = ctx.field_views(form, current.translate, versions={})
    field = replace(field, version=None, question=gettext("Your answer"))
    ui = ctx.ui_text()
    errors = ctx.error_links([field])
    if reason_error:
        errors.append(ctx.ErrorLink(href=f"#{REASON}", text=reason_error))
    section = _section_of(current, question)
    page = DisagreePage(
        caption=current.translate(section.title) if section is not None else "",
        question=current.translate(question.text),
        standing=shared_answers.words(current, question, standing.value),
        given_by=gettext("Answered by %(name)s, %(date)s",
                         name=standing.answered_by or gettext("someone else"),
                         date=ctx.display_date(standing.updated_at, current.language)),
        action=url_for("questionnaire.disagree", question_id=question.id),
        back_url=_question_url(current, question),
        field_html=pages.question_html(field, ui, current.language),
        reason=mine_reason,
        reason_error=reason_error,
        reason_limit=MAX_REASON_LENGTH,
        errors=tuple(errors),
        ui=ui,
    )
    return render("questionnaire/disagree.html", status, page=page)


def _section_of(current: flow.Respondent, question: QuestionBase) -> Section | None:
    return next((s for s in current.questionnaire.sections
                 if any(q.id == question.id for q in s.questions)), None)


def _question_url(current: flow.Respondent, question: QuestionBase) -> str:
    """The page that holds the question."""
    section = _section_of(current, question)
    if section is None:
        return url_for("questionnaire.resume")
    return paging.page_url(section, section.page_of(question.id).id)
