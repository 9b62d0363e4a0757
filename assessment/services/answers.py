"""Answers: load them, save one section of them with conflict detection, submit a respondent.

Concurrency: every write path first takes the assessment's row lock
(``assessments.lock``), then re-reads what it compares. Two tabs or two respondents
saving at once are therefore serialised, and a version check never races.

Transactions: these functions only flush; the caller's unit of work commits (a web
request, a CLI command). A refusal is a typed ``DomainError``.

Conflicts: every stored answer has a ``version``. A form carries the version each field
was rendered with (``base_versions``). When the stored version has moved on *and* the
stored value differs from the submitted one, the stored answer is kept and a
``Conflict`` is returned for the page to show; re-submitting with the newer version as
the base is how a respondent chooses their own value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import set_committed_value

from assessment.engine import AnswerError, check_answers, route
from assessment.models.answer import Answer
from assessment.models.assessment import Status
from assessment.models.invitation import Invitation
from assessment.models.types import utcnow
from assessment.services import (
    assessments,
    audit,
    bank,
    change_requests,
    completion,
    invitations,
    stored_answers,
)
from assessment.services.answer_errors import (
    AnswerValidationError,
    IncompleteError,
    LockedError,
    OutsideAreasError,
    ReadOnlyAnswerError,
    UnknownSectionError,
)
from assessment.services.errors import N_
from assessment.services.stored_answers import AnswerSet, StoredAnswer, same_value, stored_answer

__all__ = [
    "AnswerValidationError", "Conflict", "IncompleteError", "LockedError", "OutsideAreasError",
    "ReadOnlyAnswerError", "SaveOutcome", "SubmitOutcome", "UnknownSectionError",
    "missing_required", "open_for_saving", "save_section", "submit",
]

if TYPE_CHECKING:
    from assessment.engine import Questionnaire


# --- what the services hand out ---------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """A submitted value not saved because someone else changed the answer meanwhile.

    Re-posting with ``their_version`` as the base saves it. (A colleague's submitted
    answer is never a conflict: it is read-only, see ``ReadOnlyAnswerError``.)
    """

    question_id: str
    their_value: Any
    your_value: Any
    their_version: int
    answered_by: str | None
    answered_at: datetime


@dataclass(frozen=True)
class SaveOutcome:
    """What ``save_section`` did: saved, unchanged and conflicting question ids."""

    saved: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    versions: Mapping[str, int] = field(default_factory=dict)
    values: Mapping[str, Any] = field(default_factory=dict)  # every answer after the save

    @property
    def ok(self) -> bool:
        """True when nothing conflicted."""
        return not self.conflicts


@dataclass(frozen=True)
class LockedAnswers(AnswerSet):
    """The answers read under the write lock, with their rows for the save that follows."""

    rows: Mapping[str, Answer] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class SubmitOutcome:
    """What ``submit`` did: the respondent is locked; ``complete`` if the assessment is."""

    complete: bool
    status: str


# --- saving ---------------------------------------------------------------------------


def open_for_saving(session: Session, invitation: Invitation) -> LockedAnswers:
    """Take the assessment's write lock, then re-read this respondent and every answer.

    The one read of a save: the page's route and the version checks both use it. Raises
    LockedError or invitations.InvitationError when the respondent may no longer write.
    Flushes only.
    """
    assessments.lock(session, invitation.assessment)
    stored = _load_with(session, invitation)
    _check_writable(invitation)
    return stored


def save_section(
    session: Session,
    invitation: Invitation,
    section_id: str,
    submitted: Mapping[str, Any],
    base_versions: Mapping[str, int],
    *,
    stored: AnswerSet | None = None,
) -> SaveOutcome:
    """Validate and save one page of answers; returns what was saved and any conflicts.

    ``stored`` is what ``open_for_saving`` returned in this transaction (else it is
    called here). A value of None clears the answer. Raises (storing nothing)
    AnswerValidationError, OutsideAreasError, UnknownSectionError, LockedError or
    invitations.InvitationError. Flushes only: the caller's unit of work commits.
    """
    questionnaire = bank.questionnaire_for(invitation.assessment)
    _check_section(questionnaire, invitation, section_id, submitted)
    submitted = _blanks_as_none(questionnaire, submitted)
    if stored is None:
        stored = open_for_saving(session, invitation)
    # Changes requested: only the reopened answers may change.
    change_requests.check_writable(invitation, submitted, stored)
    _check_not_read_only(questionnaire, invitation, stored, submitted)
    _validate(questionnaire, stored.values(), submitted)
    outcome = _apply(session, invitation, stored, submitted, base_versions)
    _after_save(session, invitation, questionnaire, section_id, outcome)
    return outcome


# Built once per process: making the two aliases (and the statement) on every save cost
# more CPU than running the query. ``invitation_id`` is the only parameter.
_ME, _GIVEN_BY = aliased(Invitation), aliased(Invitation)
_LOAD_WITH = (
    sa.select(_ME.submitted_at, _ME.revoked_at, _ME.expires_at, Answer,
              _GIVEN_BY.respondent_name, _GIVEN_BY.respondent_role, _GIVEN_BY.submitted_at,
              _GIVEN_BY.lead)
    .select_from(_ME)
    .outerjoin(Answer, Answer.assessment_id == _ME.assessment_id)
    .outerjoin(_GIVEN_BY, _GIVEN_BY.id == Answer.invitation_id)
    .where(_ME.id == sa.bindparam("invitation_id"))
    .execution_options(populate_existing=True)
)


def _load_with(session: Session, invitation: Invitation) -> LockedAnswers:
    """Every answer of the invitation's assessment, re-reading the invitation's state with it."""
    rows = session.execute(_LOAD_WITH, {"invitation_id": invitation.id}).all()
    for column, value in zip(("submitted_at", "revoked_at", "expires_at"), rows[0], strict=False):
        set_committed_value(invitation, column, value)
    found = [(a, name, role, at, lead) for *_state, a, name, role, at, lead in rows
             if a is not None]
    return LockedAnswers({a.question_id: stored_answer(a, name, role, at, lead)
                          for a, name, role, at, lead in found},
                         rows={a.question_id: a for a, *_ in found})


def _check_section(
    questionnaire: Questionnaire, invitation: Invitation, section_id: str,
    submitted: Mapping[str, Any],
) -> None:
    section = next((s for s in questionnaire.sections if s.id == section_id), None)
    if section is None:
        raise UnknownSectionError(N_("The questionnaire has no section %(section)s.",
                                     section=repr(section_id)))
    if not invitation.covers(section.area):
        raise OutsideAreasError([], section_id)
    known = questionnaire.questions
    outside = [
        q for q in submitted if q in known and not invitation.covers(questionnaire.area_of(q))
    ]
    if outside:
        raise OutsideAreasError(outside)
    in_section = {q.id for q in section.questions}
    errors = [
        AnswerError(q, "unknown_question", f"There is no question {q!r} in this questionnaire.")
        if q not in known
        else AnswerError(q, "not_in_section", f"Question {q!r} is not in section {section_id!r}.")
        for q in submitted
        if q not in in_section
    ]
    if errors:
        raise AnswerValidationError(errors)


def _blanks_as_none(questionnaire: Questionnaire, submitted: Mapping[str, Any]) -> dict[str, Any]:
    """Blank values (empty text, nothing selected) clear the answer, like None."""
    return {
        q: None if v is None or v == [] or questionnaire.questions[q].is_blank(v) else v
        for q, v in submitted.items()
    }


def _check_writable(invitation: Invitation) -> None:
    invitations.check_usable(invitation)
    if invitation.submitted_at is not None:
        raise LockedError(N_("These answers have been submitted and can no longer be changed."))
    if not invitation.assessment.is_open:
        raise LockedError(N_("The assessment is %(status)s; answers are closed.",
                             status=invitation.assessment.status))


def _check_not_read_only(questionnaire: Questionnaire, invitation: Invitation,
                         stored: AnswerSet, submitted: Mapping[str, Any]) -> None:
    """A colleague's submitted answer (or the lead's profile answer) is never overwritten:
    the page does not post it, so a different value here is refused, naming who gave it."""
    read_only = stored_answers.read_only(questionnaire, invitation, stored, submitted)
    changed = [q for q in read_only
               if not same_value(stored.value(q), submitted[q])]
    if changed:
        raise ReadOnlyAnswerError([
            AnswerError(q, "read_only",
                        f"Question {q!r} was answered by {stored.answers[q].answered_by} and "
                        "cannot be changed here; record a disagreement instead.")
            for q in changed])


def _validate(
    questionnaire: Questionnaire, stored: Mapping[str, Any], submitted: Mapping[str, Any]
) -> None:
    """Check the submitted values in the context of the other stored answers."""
    given = {q: v for q, v in submitted.items() if v is not None}
    merged = {q: v for q, v in stored.items() if q not in submitted} | given
    errors = [e for e in check_answers(questionnaire, merged) if e.question_id in given]
    if errors:
        raise AnswerValidationError(errors)


def _apply(
    session: Session,
    invitation: Invitation,
    stored: AnswerSet,
    submitted: Mapping[str, Any],
    base_versions: Mapping[str, int],
) -> SaveOutcome:
    now = utcnow()
    saved: list[str] = []
    unchanged: list[str] = []
    conflicts: list[Conflict] = []
    for question_id, value in submitted.items():
        current = stored.get(question_id)
        if same_value(current.value if current else None, value):
            unchanged.append(question_id)
        elif current is not None and current.version != base_versions.get(question_id, 0):
            conflicts.append(_conflict(current, value))
        else:
            write(session, _row(session, stored, current), invitation.assessment_id, question_id,
                  value, now, invitation.id)
            saved.append(question_id)
    versions = {q: stored.version(q) + (q in saved) for q in submitted}
    now_values = _values_after(stored, submitted, saved)
    return SaveOutcome(tuple(saved), tuple(unchanged), tuple(conflicts), versions, now_values)


def _row(session: Session, stored: AnswerSet, current: StoredAnswer | None) -> Answer | None:
    """The row of a stored answer: kept from the read under the lock, else by its id."""
    if current is None:
        return None
    if isinstance(stored, LockedAnswers) and current.question_id in stored.rows:
        return stored.rows[current.question_id]
    return session.get(Answer, current.answer_id)


def _values_after(
    stored: AnswerSet, submitted: Mapping[str, Any], saved: Sequence[str]
) -> dict[str, Any]:
    """The assessment's answers once this save is applied (no need to read them again)."""
    current = stored.values()
    for question_id in saved:
        if submitted[question_id] is None:
            current.pop(question_id, None)
        else:
            current[question_id] = submitted[question_id]
    return current


def write(
    session: Session, row: Answer | None, assessment_id: int, question_id: str, value: Any,
    now: datetime, invitation_id: int | None,
) -> None:
    """Store one answer (a new row, or the next version of ``row``) as given by the
    invitation (None: imported, nobody's). Flushes nothing."""
    if row is None:
        row = Answer(
            assessment_id=assessment_id, question_id=question_id, version=0, created_at=now,
        )
        session.add(row)
    row.value = value
    row.version += 1
    row.invitation_id = invitation_id
    row.updated_at = now


def _conflict(current: StoredAnswer, yours: Any) -> Conflict:
    return Conflict(
        question_id=current.question_id,
        their_value=current.value,
        your_value=yours,
        their_version=current.version,
        answered_by=current.answered_by,
        answered_at=current.updated_at,
    )


def _after_save(
    session: Session,
    invitation: Invitation,
    questionnaire: Questionnaire,
    section_id: str,
    outcome: SaveOutcome,
) -> None:
    assessment = invitation.assessment
    if outcome.saved and assessment.status == Status.INVITED:
        assessment.status = Status.IN_PROGRESS.value
    assessments.refresh_summary(assessment, questionnaire, outcome.values)
    if outcome.saved or outcome.conflicts:
        audit.record(
            session,
            "answers.saved" if outcome.saved else "answers.conflict",
            assessment=assessment,
            actor=audit.invitation_actor(invitation),
            details={
                "section": section_id,
                "saved": {q: outcome.versions.get(q) for q in outcome.saved},
                "conflicts": [c.question_id for c in outcome.conflicts],
            },
        )
    # Nothing here flushes: the unit of work writes the answers, the assessment, the audit
    # event and the invitation (a caller may still move the respondent on) in one flush.
    invitation.last_section_id = section_id


# --- submitting -----------------------------------------------------------------------


def missing_required(
    questionnaire: Questionnaire, invitation: Invitation, stored: Mapping[str, Any]
) -> list[str]:
    """Required questions on this respondent's route that are still unanswered."""
    return list(route(questionnaire, dict(stored), areas=invitation.areas).missing_required)


def submit(session: Session, invitation: Invitation) -> SubmitOutcome:
    """Lock the respondent's answers; complete and score the assessment when all are in.

    Raises IncompleteError (listing the unanswered required questions on the
    respondent's route), LockedError or invitations.InvitationError. Flushes only.
    """
    assessment = invitation.assessment
    questionnaire = bank.questionnaire_for(assessment)
    stored = open_for_saving(session, invitation)
    missing = missing_required(questionnaire, invitation, stored.values())
    if missing:
        raise IncompleteError(missing)
    invitation.submitted_at = utcnow()
    audit.record(
        session,
        "respondent.submitted",
        assessment=assessment,
        actor=audit.invitation_actor(invitation),
        details={"invitation_id": invitation.id, "areas": invitation.areas},
    )
    complete = completion.complete_if_ready(
        session, assessment, actor=audit.invitation_actor(invitation))
    session.flush()
    return SubmitOutcome(complete=complete, status=assessment.status)
