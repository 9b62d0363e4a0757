"""Question pages: flow state in, a rendered response (with the right status) out; the
notices and the header data every respondent page shares."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from flask import (
    Response,
    current_app,
    g,
    get_flashed_messages,
    request,
    url_for,
)
from flask_babel import ngettext
from markupsafe import Markup

from assessment.blueprints.questionnaire import context as ctx
from assessment.blueprints.questionnaire import flow, paging, respondent, shared_answers
from assessment.blueprints.questionnaire.adapters import adapter_for
from assessment.blueprints.questionnaire.field_view import ConflictView, FieldView
from assessment.blueprints.questionnaire.forms import (
    SectionForm,
    posted_resolutions,
    posted_versions,
)
from assessment.blueprints.questionnaire.i18n import gettext
from assessment.blueprints.questionnaire.message_pages import render, session_ended
from assessment.blueprints.questionnaire.progress import progress_view
from assessment.blueprints.questionnaire.security import FormContext
from assessment.engine import QuestionBase
from assessment.extensions import db
from assessment.models.invitation import Invitation
from assessment.services import bank, change_requests
from assessment.services.stored_answers import AnswerSet
from assessment.web.redirects import safe_next

LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands", "fr": "Français", "sv": "Svenska"}
__all__ = ["progress_view"]


def question_html(field: FieldView, ui: ctx.UiText, language: str, *,
                  env: Any = None, cache: bool | None = None) -> Markup:
    """One question's HTML from the ``question`` macro, memoised by its complete input.

    The macro is a pure function of the FieldView (definition texts, the respondent's
    input, error, version, conflict) and the page's words, so equal inputs give equal
    HTML: every unanswered question looks the same to every respondent of a language.
    Set QUESTION_HTML_CACHE = False to render every time (the benchmark does both).
    """
    env = env or current_app.jinja_env
    if cache is None:
        cache = bool(current_app.config.get("QUESTION_HTML_CACHE", True))
    if not cache:
        return _macro_question(env, field, ui)
    return _cached_question(env, field, ui, language)


def _macro_question(env: Any, field: FieldView, ui: ctx.UiText) -> Markup:
    macro = env.get_template("macros/forms.html").module.question
    html: Markup = macro(field, ui)  # autoescaped output: already Markup
    return html


@lru_cache(maxsize=4096)
def _cached_question(env: Any, field: FieldView, ui: ctx.UiText, language: str) -> Markup:
    # ``language`` is part of the key: the conflict panel's words are translated inside.
    return _macro_question(env, field, ui)


# --- section pages ----------------------------------------------------------------------


def section(current: flow.Respondent, step: flow.SectionStep,
            result: flow.SaveResult | None = None) -> Response:
    """A section page: stored answers on GET, the posted input after a refused save."""
    if result is not None and result.form is not None:
        form, versions = result.form, result.versions
    else:
        questions = step.view.questions
        form = SectionForm(questions, current.build_context(), stored=step.answers.values())
        versions = {q.id: step.answers.version(q.id) for q in questions}
    conflicts = list(result.conflicts) if result else []
    revealed = _revealed(form)
    notices = (_revealed_notice(current, form, revealed) + _notices(result, conflicts)
               + _review_comments(current, step)
               + shared_answers.lead_notices(current, step.view.section.area, step.answers,
                                             step.view.questions))
    page = _section_page(current, step, form, versions, conflicts, notices, revealed)
    return render("questionnaire/section.html", result.status if result else 200, page=page)


def _revealed(form: SectionForm) -> frozenset[str]:
    """The questions of this page that the last save revealed (flashed by ``flow``)."""
    marker = flow.MORE_QUESTIONS + ":"
    flashed = [str(m)[len(marker):] for m in get_flashed_messages(category_filter=["questionnaire"])
               if str(m).startswith(marker)]
    ids = {qid for message in flashed for qid in message.split(",")}
    return frozenset(q.id for q in form.questions if q.id in ids)


def _revealed_notice(current: flow.Respondent, form: SectionForm,
                     revealed: frozenset[str]) -> list[ctx.Notice]:
    """Names the questions that appeared (their place is marked and JavaScript focuses it)."""
    if not revealed:
        return []
    names = ", ".join(gettext("“%(question)s”", question=current.translate(q.text))
                      for q in form.questions if q.id in revealed)
    count = len(revealed)
    return [ctx.Notice(
        "info",
        ngettext("A new question on this page", "%(num)d new questions on this page", count),
        ngettext("Your answers were saved. Because of them, this question now applies: "
                 "%(questions)s. It is marked “New question” below.",
                 "Your answers were saved. Because of them, these questions now apply: "
                 "%(questions)s. They are marked “New question” below.", count,
                 questions=names))]


def _review_comments(current: flow.Respondent, step: flow.SectionStep) -> list[ctx.Notice]:
    """The consultant's comments on the questions of this page (changes requested, 0007)."""
    on_page = {q.id: q for q in step.view.questions}
    return [
        ctx.Notice("warning", gettext("Your consultant’s comment on “%(question)s”",
                                      question=current.translate(on_page[c.question_id].text)),
                   c.body)
        for c in change_requests.open_comments_for(current.invitation) if c.question_id in on_page
    ]


def _notices(result: flow.SaveResult | None, conflicts: Sequence[str]) -> list[ctx.Notice]:
    notices = [NOTICES[m]() for m in get_flashed_messages(category_filter=["questionnaire"])
               if m in NOTICES]
    if result is not None and result.notice in NOTICES:
        notices.append(NOTICES[result.notice]())
    if conflicts and result is not None and result.status == 409:
        notices.append(NOTICES["conflict"]())
    return notices


def _section_page(current: flow.Respondent, step: flow.SectionStep, form: SectionForm,
                  versions: Mapping[str, int], conflicts: Sequence[str],
                  notices: Sequence[ctx.Notice], revealed: frozenset[str]) -> ctx.SectionPage:
    conflict_views = _conflict_views(current, step.answers, form, conflicts)
    fields = shared_answers.with_authors(
        current, step.view.section, step.view.questions, step.answers,
        ctx.field_views(form, current.translate, versions=versions, conflicts=conflict_views))
    section, stop = step.view.section, step.stop
    shown = [q.id for q in form.questions]
    ui = ctx.ui_text()
    asked = request.form if request.method == "POST" else request.args
    return_to = flow.REVIEW if asked.get("return") == flow.REVIEW else None
    only = flow.only_question(step, asked) if return_to else None
    title, caption = _headings(current, step)
    on_page = set(stop.page.question_ids)
    return ctx.SectionPage(
        title=title,
        caption=caption,
        intro=current.translate(section.intro) if section.intro and stop.first_of_section else None,
        action=stop.url,
        back_url=url_for("questionnaire.review") if return_to else _previous_url(step),
        fields=fields,
        form_context=FormContext(current.invitation.id, section.id, tuple(shown),
                                 tuple(conflicts)).dumps(),
        progress=progress_view(current, step.route, step.answers, here=stop),
        errors=ctx.error_links(fields),
        notices=notices,
        reveals_later=any(q.show_if and q.id not in shown and q.id in on_page
                          for q in section.questions),
        return_to=return_to,
        ui=ui,
        fields_html=_questions_html(fields, ui, current.language),
        new_questions=revealed,
        only_question=next(iter(only)) if only else None,
        new_label=gettext("New question") if revealed else "",
    )


def _questions_html(fields: Sequence[FieldView], ui: ctx.UiText,
                    language: str) -> list[Markup]:
    env, cache = current_app.jinja_env, bool(current_app.config.get("QUESTION_HTML_CACHE", True))
    return [question_html(f, ui, language, env=env, cache=cache) for f in fields]


def _conflict_views(current: flow.Respondent, stored: AnswerSet, form: SectionForm,
                    conflicts: Sequence[str]) -> dict[str, ConflictView]:
    posted = (FormContext.loads(request.form.get("form_context"))
              if request.method == "POST" else None)
    shown_before = set(posted.conflicts) if posted else set()
    chosen = posted_resolutions(request.form, conflicts) if posted else {}
    on_page = {q.id for q in form.questions}
    views = {}
    for question_id in conflicts:
        if question_id not in on_page:
            continue
        question = current.questionnaire.questions[question_id]
        theirs = stored.get(question_id)
        unresolved = question_id in shown_before and question_id not in chosen
        views[question_id] = ConflictView(
            their_value=display(current, question, theirs.value if theirs else None),
            your_value=display(current, question, form.answer(question)),
            who=(theirs.answered_by if theirs and theirs.answered_by else gettext("someone else")),
            when=ctx.display_when(theirs.updated_at if theirs else None, current.language),
            choice=chosen.get(question_id),
            error=gettext("Choose which answer to keep for “%(question)s”",
                          question=current.translate(question.text)) if unresolved else None,
        )
    return views


def display(current: flow.Respondent, question: QuestionBase, value: Any) -> str:
    """An answer as the respondent reads it, in the page language (the app's one formatter)."""
    return adapter_for(question).words(current.questionnaire, question, value, current.language,
                                       gettext)


def _headings(current: flow.Respondent, step: flow.SectionStep) -> tuple[str, str]:
    """The page's h1 and the caption above it: the section's title under its area's name,
    or a titled page's title under its section's title."""
    section = step.view.section
    if step.stop.page.title:
        return current.translate(step.stop.page.title), current.translate(section.title)
    label = (gettext("About your organisation") if section.area == "profile"
             else current.translate(current.questionnaire.area(section.area).title))
    return current.translate(section.title), label


def _previous_url(step: flow.SectionStep) -> str | None:
    previous = paging.before(step.route, step.stop)
    return previous.url if previous else None


def section_after_csrf_error(current: flow.Respondent, section_id: str,
                             page_id: str | None = None) -> Response | flow.GoTo:
    """The posted page again, with what was typed and a fresh token; nothing saved yet."""
    context = FormContext.loads(request.form.get("form_context"))
    page_id = page_id or paging.posted_page(current.questionnaire, section_id, context)
    step = flow.open_section(current, section_id, page_id=page_id)
    if isinstance(step, flow.GoTo):
        return step
    questions = flow.rendered_questions(step, context)
    form = SectionForm(questions, current.build_context(), formdata=request.form)
    result = flow.SaveResult(step, form, versions=_posted(questions),
                             conflicts=context.conflicts if context else (), status=400,
                             notice="csrf")
    return section(current, step, result)


def section_without_session(section_id: str, notice: str) -> Response:
    """The session has gone while typing: show the typed input, explain how to save it."""
    context = FormContext.loads(request.form.get("form_context"))
    invitation = db.session.get(Invitation, context.invitation_id) if context else None
    if context is None or invitation is None or context.section_id != section_id:
        return session_ended()
    questionnaire = bank.questionnaire_for(invitation.assessment)
    chosen = respondent.language()
    language = chosen if chosen in questionnaire.languages else invitation.language
    g.language = language
    current = flow.Respondent(invitation, questionnaire, language)
    section_def = next((s for s in questionnaire.sections if s.id == section_id), None)
    if section_def is None:
        return session_ended()
    by_id = {q.id: q for q in section_def.questions}
    questions = [by_id[q] for q in context.question_ids if q in by_id]
    form = SectionForm(questions, current.build_context(), formdata=request.form)
    fields = ctx.field_views(form, current.translate, versions=_posted(questions))
    page = ctx.SectionPage(
        title=current.translate(section_def.title),
        caption=gettext("Not saved yet"),
        intro=None,
        action=paging.page_url(section_def, paging.posted_page(questionnaire, section_id, context)
                               or section_def.pages[0].id),
        back_url=None,
        fields=fields,
        form_context=FormContext(invitation.id, section_id, tuple(q.id for q in questions),
                                 context.conflicts).dumps(),
        progress=None,
        notices=[NOTICES[notice]()],
        ui=ctx.ui_text(),
        fields_html=_questions_html(fields, ctx.ui_text(), language),
    )
    return render("questionnaire/section.html", 401, page=page)


def _posted(questions: Sequence[QuestionBase]) -> dict[str, int]:
    return posted_versions(request.form, [q.id for q in questions])


NOTICES = {
    "csrf": lambda: ctx.Notice(
        "warning", gettext("Your answers have not been saved yet"),
        gettext("This page was open for a long time, so it had to be refreshed for your "
                "security. Your answers are shown below as you typed them: check them and "
                "press a save button again.")),
    "session": lambda: ctx.Notice(
        "warning", gettext("Your session has ended: your answers are not saved yet"),
        gettext("For your security, sessions end after a period without activity. Your "
                "answers are shown below as you typed them. Open the link from your invitation "
                "in a new tab or window, then come back to this page and press a save button "
                "again.")),
    "conflict": lambda: ctx.Notice(
        "warning", gettext("Some answers were changed by someone else"),
        gettext("While you were editing, someone else saved a different answer to the "
                "questions marked below. Your other answers on this page were saved. For each "
                "marked question, choose which answer to keep, then save again.")),
    "other-session": lambda: ctx.Notice(
        "warning", gettext("Not saved: this page was opened with another invitation link"),
        gettext("Since this page was opened, this browser has been used with a different "
                "invitation link. Nothing was saved. Check the answers below and save again "
                "if they are yours.")),
}


# --- other pages -------------------------------------------------------------------------


def local_next(target: str | None) -> str:
    """``target`` if it is a path on this site, else the resume page (no open redirects)."""
    return safe_next(target, url_for("questionnaire.resume"))


def chrome() -> ctx.Chrome:
    """The header's organisation name and language menu for the current request."""
    current: flow.Respondent | None = g.get("respondent")
    codes = (current.questionnaire.languages if current
             else current_app.config["LANGUAGES"])
    language = str(g.get("language") or respondent.language() or codes[0])
    if request.endpoint == "questionnaire.exchange":
        # No language menu on a link's own page: its URL holds the token, which must not
        # travel on as a ``next`` value; the page follows the browser's language.
        codes = []
    return ctx.Chrome(
        organisation=current.invitation.assessment.organisation.name if current else None,
        languages=[ctx.LanguageOption(code, LANGUAGE_NAMES.get(code, code), code == language)
                   for code in codes],
        language_action=url_for("questionnaire.language"),
        next=request.path,
    )
