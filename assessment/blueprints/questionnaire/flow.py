"""The client flow's use cases: who is answering, which page comes next, saving a page.

Views call these; they call the services (``invitations``, ``answers``) and the engine's
``route``; ``paging`` knows the pages of a route. Nothing here renders or redirects: a use
case returns the page's data, or a ``GoTo`` saying where the respondent should be
instead, and the view answers. Only POSTs write; the unit of work commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import current_app, flash, g, url_for
from sqlalchemy.orm import Session, joinedload
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound

from assessment.blueprints.questionnaire import paging, respondent, shared_answers
from assessment.blueprints.questionnaire.forms import (
    BuildContext,
    SectionForm,
    posted_resolutions,
    posted_versions,
)
from assessment.blueprints.questionnaire.i18n import gettext
from assessment.blueprints.questionnaire.paging import REVIEW, PageStop, section_url
from assessment.blueprints.questionnaire.security import FormContext
from assessment.engine import AnswerError, Question, Questionnaire, Route, SectionView, route
from assessment.extensions import db
from assessment.models.assessment import Assessment
from assessment.models.invitation import Invitation
from assessment.services import answers, bank, change_requests, invitations, stored_answers
from assessment.services.answers import AnswerValidationError, IncompleteError, SaveOutcome
from assessment.services.stored_answers import AnswerSet

MORE_QUESTIONS = "more-questions"  # flashed as "more-questions:<id>,<id>" (those revealed)
__all__ = ["REVIEW", "section_url"]


@dataclass
class Respondent:
    """The invitation answering in this request, its pinned questionnaire and page language."""

    invitation: Invitation
    questionnaire: Questionnaire
    language: str

    @property
    def locked(self) -> bool:
        """True once this respondent has submitted, or the assessment is closed."""
        return self.invitation.submitted_at is not None or not self.invitation.assessment.is_open

    @cached_property
    def reopened(self) -> frozenset[str]:
        """While changes are requested: the questions reopened for this respondent (0007)."""
        return change_requests.reopened_questions(self.invitation)

    @property
    def areas(self) -> list[str] | None:
        """The areas this invitation covers (None: all)."""
        return self.invitation.areas

    def translate(self, mapping: Mapping[str, str] | None) -> str:
        """A definition text in the page language."""
        return self.questionnaire.text(mapping, self.language)

    def build_context(self, *, enforce_required: bool = True) -> BuildContext:
        """What the field builders need for this respondent."""
        return BuildContext(self.language, self.translate, enforce_required)


@dataclass
class SectionStep:
    """A page as it stands: its questions that apply now (``view``), the route, the answers."""

    view: SectionView
    route: Route
    answers: AnswerSet
    respondent: Respondent
    stop: PageStop

    @property
    def section_id(self) -> str:
        """The section's id."""
        return self.view.section.id

    @property
    def page_id(self) -> str:
        """The page's id."""
        return self.stop.page.id

    @property
    def position(self) -> int:
        """1-based place of the section on the respondent's route."""
        return self.stop.section_number


@dataclass(frozen=True)
class GoTo:
    """Not this page: where the respondent should be instead (the view redirects)."""

    url: str


@dataclass
class SaveResult:
    """What happened to a posted section: saved (and where next), or the page to show again."""

    step: SectionStep
    form: SectionForm | None = None
    saved: bool = False
    later: bool = False
    next_url: str = ""
    versions: Mapping[str, int] = field(default_factory=dict)
    conflicts: Sequence[str] = ()
    status: int = 200
    notice: str | None = None
    keep_changes: bool = False  # a 409 after the answers that did not conflict were stored


def _db() -> Session:
    """The request's database session (the scoped session's current one)."""
    return db.session()


class SectionNotCovered(Exception):
    """The section belongs to an area this invitation does not cover."""


def exchange(token: str) -> tuple[int, int, str]:
    """Resolve an invitation link (raises InvitationError); its id, session version, language."""
    invitation = invitations.exchange(_db(), token)
    return invitation.id, invitation.session_version, invitation.language


def sign_out(current: Respondent) -> None:
    """End the respondent's session on the server too: copies of the cookie stop working."""
    invitations.end_session(_db(), current.invitation)
    respondent.sign_out(int(current.invitation.expires_at.timestamp()))


# One query for the invitation, its assessment and organisation (every page shows them),
# built once per process (building its loader options per request cost CPU).
_SIGNED_IN = sa.select(Invitation).where(Invitation.id == sa.bindparam("invitation_id")).options(
    joinedload(Invitation.assessment).joinedload(Assessment.organisation))


def current_respondent() -> Respondent | None:
    """This browser's respondent; None without a session, after idling, or signed out."""
    if "respondent" in g:
        found: Respondent | None = g.respondent
        return found
    signed_in = respondent.current_session()
    g.respondent = None
    if signed_in is None:
        return None
    invitation_id, version = signed_in
    invitation = _db().execute(_SIGNED_IN, {"invitation_id": invitation_id}).scalar()
    try:
        if invitation is None or invitation.session_version != version:
            raise invitations.InvitationError("unknown")
        invitations.check_usable(invitation)
    except invitations.InvitationError:
        respondent.sign_out()
        return None
    questionnaire = bank.questionnaire_for(invitation.assessment)
    chosen = respondent.language()
    language = chosen if chosen in questionnaire.languages else invitation.language
    g.language = language
    g.respondent = Respondent(invitation, questionnaire, language)
    return g.respondent  # type: ignore[no-any-return]


def respondent_route(current: Respondent, stored: AnswerSet) -> Route:
    """The respondent's path: their areas (and the profile), given everyone's answers."""
    return route(current.questionnaire, stored.values(), areas=current.areas)


def place_url(current: Respondent, place: str) -> str:
    """The URL of a remembered place: a page, a section or REVIEW."""
    return paging.place_url(current.questionnaire, place)


def first_section_url(current: Respondent) -> str:
    """The first page of the respondent's route."""
    stored = stored_answers.load(_db(), current.invitation.assessment)
    first = paging.stops(respondent_route(current, stored))
    return first[0].url if first else url_for("questionnaire.review")


def open_section(current: Respondent, section_id: str, stored: AnswerSet | None = None,
                 page_id: str | None = None) -> SectionStep | GoTo:
    """The page as it applies now (the section's first on the route without ``page_id``),
    or where to go instead when it is hidden.

    Raises NotFound for an unknown section or page and SectionNotCovered outside the
    invitation's areas. ``stored``: the answers already read in this request (else read).
    """
    if stored is None:
        stored = stored_answers.load(_db(), current.invitation.assessment)
    path = respondent_route(current, stored)
    stop = paging.find(path, section_id, page_id)
    if stop is None:
        return _not_on_route(current, path, section_id, page_id)
    view = SectionView(stop.section, list(stop.questions))
    if current.reopened:
        reopened = _only_reopened(current, view, path)
        if reopened is None:
            return GoTo(url_for("questionnaire.review"))
        view = reopened
    return SectionStep(view, path, stored, current, stop)


def _only_reopened(current: Respondent, view: SectionView, path: Route) -> SectionView | None:
    """Changes requested: the section offers just the questions reopened for this respondent,
    and any still unanswered (a fix may reveal a follow-up question; 0007). None: no such."""
    open_ids = current.reopened | set(path.unanswered)
    questions = [q for q in view.questions if q.id in open_ids]
    return SectionView(view.section, questions) if questions else None


def _not_on_route(current: Respondent, path: Route, section_id: str,
                  page_id: str | None) -> GoTo:
    section = next((s for s in current.questionnaire.sections if s.id == section_id), None)
    if section is None or (page_id is not None and all(p.id != page_id for p in section.pages)):
        raise NotFound()
    if not current.invitation.covers(section.area):
        raise SectionNotCovered(section_id)
    # Hidden by the answers given so far (branching): go to the next page that applies.
    following = paging.after(current.questionnaire, path, section_id, page_id)
    return GoTo(following.url if following else url_for("questionnaire.review"))


def save_section(current: Respondent, section_id: str, formdata: MultiDict[str, str],
                 page_id: str | None = None) -> SaveResult | GoTo:
    """Validate the posted page and save it; conflicts and errors come back for display.

    One read of the answers, under the assessment's write lock: the page's route, the
    form's checks, the save and the next page all use it. Coming from the review page
    for one question (``return=review``, ``question=<id>``), only that question must be
    answered; the page's other answers are saved as they are.
    """
    try:  # answers.LockedError (submitted meanwhile) goes to not_stored's handler
        stored = answers.open_for_saving(_db(), current.invitation)
    except invitations.InvitationError:
        return GoTo(url_for("questionnaire.resume"))
    context = FormContext.loads(formdata.get("form_context"))
    page_id = page_id or paging.posted_page(current.questionnaire, section_id, context)
    step = open_section(current, section_id, stored, page_id)
    if isinstance(step, GoTo):
        return step
    later = formdata.get("action") == "later"
    if context is not None and (context.invitation_id != current.invitation.id
                                or context.section_id != section_id):
        form = SectionForm(step.view.questions, current.build_context(), formdata=formdata)
        return SaveResult(step, form, versions=step.answers.versions(), status=409,
                          notice="other-session")
    questions = rendered_questions(step, context)
    # Read-only answers (a colleague's submitted one, the lead's profile) are not posted.
    questions = shared_answers.form_questions(
        questions, shared_answers.read_only(current, step.answers, questions), formdata)
    only = only_question(step, formdata)
    form = SectionForm(questions, current.build_context(enforce_required=not later),
                       formdata=formdata, required_only=only)
    conflicts = context.conflicts if context else ()
    versions = posted_versions(formdata, [q.id for q in questions])
    resolutions = posted_resolutions(formdata, conflicts)
    if not form.validate() or set(conflicts) - set(resolutions):
        return SaveResult(step, form, versions=versions, conflicts=conflicts, status=400)
    submitted = {qid: value for qid, value in form.answers().items()
                 if resolutions.get(qid) != "theirs"}
    to_review = formdata.get("return") == REVIEW or bool(current.reopened)
    result = _store(step, form, submitted, versions, later=later, to_review=to_review)
    if isinstance(result, SaveResult) and to_review and result.next_url == step.stop.url:
        # The same page again (a question appeared): still a change from the review page.
        result.next_url += "?" + urlencode({"return": REVIEW, **({"question": min(only)}
                                                                  if only else {})})
    return result


def rendered_questions(step: SectionStep, context: FormContext | None) -> list[Question]:
    """The questions the posted form showed (signed), else those that apply now."""
    if context is None:
        return list(step.view.questions)
    on_page = set(step.stop.page.question_ids)
    in_page = {q.id: q for q in step.view.section.questions if q.id in on_page}
    return [in_page[qid] for qid in context.question_ids if qid in in_page]


def only_question(step: SectionStep, formdata: Mapping[str, str]) -> set[str] | None:
    """The one question a change from the review page is for (None: the whole page)."""
    if formdata.get("return") != REVIEW:
        return None
    wanted = formdata.get("question", "")
    return {wanted} if wanted in step.stop.page.question_ids else None


def _store(step: SectionStep, form: SectionForm, submitted: dict[str, Any],
           versions: dict[str, int], *, later: bool, to_review: bool) -> SaveResult | GoTo:
    current = step.respondent
    try:
        outcome = answers.save_section(_db(), current.invitation, step.section_id,
                                       submitted, versions, stored=step.answers)
    except AnswerValidationError as error:
        for question_id, problems in error.by_question().items():
            if question_id in submitted:
                form.add_error(question_id, service_message(current, question_id, problems[0]))
        return SaveResult(step, form, versions=versions, status=400)
    except answers.OutsideAreasError:
        raise SectionNotCovered(step.section_id) from None
    except change_requests.ReopenedOnlyError:
        return GoTo(url_for("questionnaire.review"))
    path = route(current.questionnaire, outcome.values, areas=current.areas)
    if outcome.conflicts:
        return _conflicted(step, form, versions, outcome, path)
    shown = {q.id for q in form.questions}
    place = _place_after(step, path, shown, later=later, to_review=to_review)
    current.invitation.last_section_id = place
    return SaveResult(step, form, saved=True, later=later, next_url=place_url(current, place))


def _conflicted(step: SectionStep, form: SectionForm, versions: dict[str, int],
                outcome: SaveOutcome, path: Route) -> SaveResult:
    """The page again (409): the other answers are saved, the conflicting ones await a choice."""
    stop = paging.find(path, step.section_id, step.page_id) or step.stop
    fresh = SectionStep(SectionView(stop.section, list(stop.questions)), path, step.answers,
                        step.respondent, stop)
    merged = {**versions, **outcome.versions}
    merged.update({c.question_id: c.their_version for c in outcome.conflicts})
    return SaveResult(fresh, form, versions=merged, status=409, keep_changes=True,
                      conflicts=[c.question_id for c in outcome.conflicts])


def service_message(current: Respondent, question_id: str, problem: AnswerError) -> str:
    """A translated message for a value the engine refused after the form accepted it."""
    question = current.questionnaire.questions[question_id]
    text = current.translate(question.text)
    if problem.code == "constraint" and question.constraint_message:
        return f"“{text}”: {current.translate(question.constraint_message)}"
    if problem.code == "read_only":
        return gettext("“%(question)s” has been answered by someone else and can no longer be "
                       "changed here, so nothing on this page was saved. To record a different "
                       "view, use “I see this differently”.", question=text)
    return gettext("“%(question)s”: this answer cannot be accepted. Check it and try again.",
                   question=text)


def _place_after(step: SectionStep, path: Route, shown: set[str], *, later: bool,
                 to_review: bool) -> str:
    """Where to go after a save: the same page when questions appeared on it or for
    "later", back to the check-your-answers page after a change made from there, else
    the next page on the route."""
    stop = paging.find(path, step.section_id, step.page_id)
    unanswered = set(path.unanswered)
    revealed = [q.id for q in (stop.questions if stop else ())
                if q.id not in shown and q.id in unanswered]
    if stop is not None and (later or revealed):
        if revealed and not later:
            flash(f"{MORE_QUESTIONS}:{','.join(revealed)}", "questionnaire")
        return stop.place
    if to_review:
        return REVIEW
    following = paging.after(step.respondent.questionnaire, path, step.section_id, step.page_id)
    return following.place if following else REVIEW


def review_data(current: Respondent) -> tuple[Route, AnswerSet]:
    """The route and answers the check-your-answers page lists."""
    stored = stored_answers.load(_db(), current.invitation.assessment)
    return respondent_route(current, stored), stored


def submit(current: Respondent) -> list[str]:
    """Submit the respondent's answers; the unanswered required question ids if it cannot."""
    try:
        answers.submit(_db(), current.invitation)
    except IncompleteError as error:
        return error.missing
    except (answers.LockedError, invitations.InvitationError):
        return []
    return []


def choose_language(code: str) -> bool:
    """Switch this browser's page language; False for a language not offered."""
    current = current_respondent()
    offered = current.questionnaire.languages if current else _configured_languages()
    if code not in offered:
        return False
    respondent.set_language(code)
    return True


def _configured_languages() -> Sequence[str]:
    return list(current_app.config["LANGUAGES"])
