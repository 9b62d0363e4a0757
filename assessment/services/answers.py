"""Answers: load them, save one section of them with conflict detection, submit a respondent.

Concurrency: every write path first takes the assessment's row lock
(``assessments.lock``), then re-reads what it compares. Two tabs or two respondents
saving at once are therefore serialised, and a version check never races.

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
from sqlalchemy.orm import Session

from assessment.engine import AnswerError, check_answers, route
from assessment.models.answer import Answer
from assessment.models.assessment import Status
from assessment.models.invitation import Invitation
from assessment.models.types import utcnow
from assessment.services import assessments, audit, bank, completion, invitations, review
from assessment.services.stored_answers import AnswerSet, StoredAnswer, load, same_value

if TYPE_CHECKING:
    from assessment.engine import Questionnaire


# --- what the services hand out ---------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """A submitted value not saved because someone else changed the answer meanwhile.

    ``locked`` is True when that someone has submitted: their answer cannot be
    overridden at all (re-posting with ``their_version`` conflicts again).
    """

    question_id: str
    their_value: Any
    your_value: Any
    their_version: int
    answered_by: str | None
    answered_at: datetime
    locked: bool = False


@dataclass(frozen=True)
class SaveOutcome:
    """What ``save_section`` did: saved, unchanged and conflicting question ids."""

    saved: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    versions: Mapping[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when nothing conflicted."""
        return not self.conflicts


@dataclass(frozen=True)
class SubmitOutcome:
    """What ``submit`` did: the respondent is locked; ``complete`` if the assessment is."""

    complete: bool
    status: str


# --- errors --------------------------------------------------------------------------


class AnswerValidationError(ValueError):
    """Some submitted values are invalid; nothing was stored. ``errors`` has one per problem."""

    def __init__(self, errors: Sequence[AnswerError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = list(errors)

    def by_question(self) -> dict[str, list[AnswerError]]:
        """The errors grouped by question id, for messages next to each field."""
        grouped: dict[str, list[AnswerError]] = {}
        for error in self.errors:
            grouped.setdefault(error.question_id, []).append(error)
        return grouped


class OutsideAreasError(PermissionError):
    """The invitation does not cover the area of these questions or this section."""

    def __init__(self, question_ids: Sequence[str], section_id: str | None = None) -> None:
        what = f"section {section_id}" if section_id else ", ".join(question_ids)
        super().__init__(f"This invitation does not cover {what}.")
        self.question_ids = list(question_ids)
        self.section_id = section_id


class UnknownSectionError(LookupError):
    """The section id is not in the assessment's questionnaire."""


class LockedError(PermissionError):
    """The respondent has submitted, or the assessment is closed: answers are read-only."""


class IncompleteError(ValueError):
    """Required questions on the respondent's route are unanswered; ``missing`` lists them."""

    def __init__(self, missing: Sequence[str]) -> None:
        super().__init__("Unanswered required questions: " + ", ".join(missing))
        self.missing = list(missing)


# --- saving ---------------------------------------------------------------------------


def save_section(
    session: Session,
    invitation: Invitation,
    section_id: str,
    submitted: Mapping[str, Any],
    base_versions: Mapping[str, int],
) -> SaveOutcome:
    """Validate and save one page of answers; returns what was saved and any conflicts.

    A value of None clears the answer. Raises (storing nothing) AnswerValidationError,
    OutsideAreasError, UnknownSectionError, LockedError or invitations.InvitationError.
    Commits.
    """
    questionnaire = bank.questionnaire_for(invitation.assessment)
    _check_section(questionnaire, invitation, section_id, submitted)
    submitted = _blanks_as_none(questionnaire, submitted)
    try:
        assessments.lock(session, invitation.assessment)
        _check_writable(session, invitation)
        stored = load(session, invitation.assessment)
        review.check_writable(invitation, submitted, stored)  # changes requested: only reopened
        _validate(questionnaire, stored.values(), submitted)
        outcome = _apply(session, invitation, stored, submitted, base_versions)
        values_now = _values_after(stored, submitted, outcome)
        _after_save(session, invitation, questionnaire, section_id, values_now, outcome)
    except BaseException:
        session.rollback()
        raise
    session.commit()
    return outcome


def _check_section(
    questionnaire: Questionnaire, invitation: Invitation, section_id: str,
    submitted: Mapping[str, Any],
) -> None:
    section = next((s for s in questionnaire.sections if s.id == section_id), None)
    if section is None:
        raise UnknownSectionError(f"The questionnaire has no section {section_id!r}.")
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


def _check_writable(session: Session, invitation: Invitation) -> None:
    session.refresh(invitation)
    invitations.check_usable(invitation)
    if invitation.submitted_at is not None:
        raise LockedError("These answers have been submitted and can no longer be changed.")
    if not invitation.assessment.is_open:
        raise LockedError(f"The assessment is {invitation.assessment.status}; answers are closed.")


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
    rows = _rows(session, invitation.assessment_id, list(submitted))
    now = utcnow()
    saved: list[str] = []
    unchanged: list[str] = []
    conflicts: list[Conflict] = []
    for question_id, value in submitted.items():
        current = stored.get(question_id)
        if same_value(current.value if current else None, value):
            unchanged.append(question_id)
        elif current is not None and (
            current.locked or current.version != base_versions.get(question_id, 0)
        ):
            conflicts.append(_conflict(current, value))
        else:
            _write(session, rows.get(question_id), invitation, question_id, value, now)
            saved.append(question_id)
    session.flush()
    versions = {q: stored.version(q) + (q in saved) for q in submitted}
    return SaveOutcome(tuple(saved), tuple(unchanged), tuple(conflicts), versions)


def _rows(session: Session, assessment_id: int, question_ids: list[str]) -> dict[str, Answer]:
    found = session.scalars(
        sa.select(Answer)
        .where(Answer.assessment_id == assessment_id, Answer.question_id.in_(question_ids))
        .execution_options(populate_existing=True)
    )
    return {row.question_id: row for row in found}


def _values_after(
    stored: AnswerSet, submitted: Mapping[str, Any], outcome: SaveOutcome
) -> dict[str, Any]:
    """The assessment's answers once this save is applied (no need to read them again)."""
    current = stored.values()
    for question_id in outcome.saved:
        if submitted[question_id] is None:
            current.pop(question_id, None)
        else:
            current[question_id] = submitted[question_id]
    return current


def _write(
    session: Session, row: Answer | None, invitation: Invitation, question_id: str,
    value: Any, now: datetime,
) -> None:
    if row is None:
        row = Answer(
            assessment_id=invitation.assessment_id, question_id=question_id, version=0,
            created_at=now,
        )
        session.add(row)
    row.value = value
    row.version += 1
    row.invitation_id = invitation.id
    row.updated_at = now


def _conflict(current: StoredAnswer, yours: Any) -> Conflict:
    return Conflict(
        question_id=current.question_id,
        their_value=current.value,
        your_value=yours,
        their_version=current.version,
        answered_by=current.answered_by,
        answered_at=current.updated_at,
        locked=current.locked,
    )


def _after_save(
    session: Session,
    invitation: Invitation,
    questionnaire: Questionnaire,
    section_id: str,
    values_now: Mapping[str, Any],
    outcome: SaveOutcome,
) -> None:
    assessment = invitation.assessment
    invitation.last_section_id = section_id
    if outcome.saved and assessment.status == Status.INVITED:
        assessment.status = Status.IN_PROGRESS.value
    assessments.refresh_summary(session, assessment, questionnaire, values_now)
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


# --- submitting -----------------------------------------------------------------------


def missing_required(
    questionnaire: Questionnaire, invitation: Invitation, stored: Mapping[str, Any]
) -> list[str]:
    """Required questions on this respondent's route that are still unanswered."""
    return list(route(questionnaire, dict(stored), areas=invitation.areas).missing_required)


def submit(session: Session, invitation: Invitation) -> SubmitOutcome:
    """Lock the respondent's answers; complete and score the assessment when all are in.

    Raises IncompleteError (listing the unanswered required questions on the
    respondent's route), LockedError or invitations.InvitationError. Commits.
    """
    assessment = invitation.assessment
    questionnaire = bank.questionnaire_for(assessment)
    try:
        assessments.lock(session, assessment)
        _check_writable(session, invitation)
        missing = missing_required(questionnaire, invitation, load(session, assessment).values())
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
    except BaseException:
        session.rollback()
        raise
    session.commit()
    return SubmitOutcome(complete=complete, status=assessment.status)
