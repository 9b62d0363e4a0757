"""Disagreements: a respondent's different view of an answer they may not change, and the
consultant's decision on it.

A colleague's submitted answer, or the lead respondent's profile answer, is read-only for
the others (``stored_answers.read_only_reason``). A respondent who sees it differently
records a disagreement (their value and why); the standing answer stays the stored one.
The consultant keeps it, or adopts the other value, which then becomes the stored answer
with a new version. Only flushes; typed errors; audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from assessment.engine import check_answers
from assessment.models.answer import Answer
from assessment.models.assessment import Assessment, Status
from assessment.models.disagreement import Disagreement
from assessment.models.invitation import Invitation
from assessment.models.types import utcnow
from assessment.services import answers, assessments, audit, bank, scoring, stored_answers
from assessment.services.answer_errors import AnswerValidationError
from assessment.services.audit import Staff
from assessment.services.errors import N_, ConflictError, DomainError, NotFoundError

__all__ = [
    "ADOPT", "KEEP", "DisagreementError", "DisagreementView", "OwnView", "check_reason",
    "open_for", "open_of_respondent", "record", "resolve", "standing_answer",
]

MAX_REASON_LENGTH = 2000
MAX_NOTE_LENGTH = 2000
KEEP, ADOPT = "keep", "adopt"


class DisagreementError(DomainError):
    """A disagreement cannot be recorded or resolved as asked; ``field`` names the input."""


@dataclass(frozen=True)
class DisagreementView:
    """An open disagreement as plain data: both values, both people, the reason, when."""

    id: int
    question_id: str
    standing_value: Any
    standing_by: str | None
    other_value: Any
    other_by: str | None
    reason: str
    created_at: datetime


# --- a respondent records one ----------------------------------------------------------------


def record(session: Session, invitation: Invitation, question_id: str, value: Any,
           reason: str) -> Disagreement:
    """Record ``invitation``'s different ``value`` for an answer it may not change.

    The standing answer is kept. A second disagreement of the same respondent on the same
    question replaces the first while it is open. Raises NotFoundError (unknown question
    or outside the invitation's areas), DisagreementError (not read-only, same value,
    no reason), AnswerValidationError (the value is invalid), LockedError or
    invitations.InvitationError. Flushes only.
    """
    assessment = invitation.assessment
    questionnaire = bank.questionnaire_for(assessment)
    stored = answers.open_for_saving(session, invitation)  # the write lock; LockedError
    standing = _standing_answer(questionnaire, invitation, stored, question_id)
    text = check_reason(reason)
    value = _checked_value(questionnaire, stored, question_id, value)
    if stored_answers.same_value(standing.value, value):
        raise DisagreementError(N_("Your answer is the same as the answer given. Choose the "
                                   "answer you see differently."), field="value")
    found = _open_of(session, invitation, question_id)
    if found is None:
        found = Disagreement(assessment_id=assessment.id, question_id=question_id,
                             other_invitation_id=invitation.id)
        assessment.open_disagreements = (assessment.open_disagreements or 0) + 1
    found.standing_value, found.standing_invitation_id = standing.value, standing.invitation_id
    found.other_value, found.reason, found.created_at = value, text, utcnow()
    session.add(found)
    session.flush()
    audit.record(session, "disagreement.recorded", assessment=assessment,
                 actor=audit.invitation_actor(invitation),
                 details={"disagreement_id": found.id, "question": question_id,
                          "standing_invitation_id": standing.invitation_id})
    return found


def standing_answer(session: Session, invitation: Invitation,
                    question_id: str) -> stored_answers.StoredAnswer:
    """The read-only answer ``invitation`` may disagree with (the disagree page shows it).

    Raises NotFoundError or DisagreementError like ``record``.
    """
    questionnaire = bank.questionnaire_for(invitation.assessment)
    stored = stored_answers.load(session, invitation.assessment)
    return _standing_answer(questionnaire, invitation, stored, question_id)


def _standing_answer(questionnaire: Any, invitation: Invitation, stored: Any,
                     question_id: str) -> stored_answers.StoredAnswer:
    if question_id not in questionnaire.questions or not invitation.covers(
            questionnaire.area_of(question_id)):
        raise NotFoundError(N_("The questionnaire has no question %(question)s for you.",
                               question=repr(question_id)))
    answer = stored.get(question_id)
    if answer is None or not stored_answers.read_only_reason(
            answer, invitation, questionnaire.area_of(question_id)):
        raise DisagreementError(N_("You can change this answer yourself on its page: there "
                                   "is nothing to disagree with."))
    result: stored_answers.StoredAnswer = answer
    return result


def check_reason(reason: str | None) -> str:
    """The reason, trimmed; raises DisagreementError (field 'reason') when blank or too long."""
    text = (reason or "").strip()
    if not text:
        raise DisagreementError(N_("Say why you see this differently."), field="reason")
    if len(text) > MAX_REASON_LENGTH:
        raise DisagreementError(N_("Your reason has %(length)d characters; at most %(max)d.",
                                   length=len(text), max=MAX_REASON_LENGTH), field="reason")
    return text


def _checked_value(questionnaire: Any, stored: Any, question_id: str, value: Any) -> Any:
    question = questionnaire.questions[question_id]
    if value is None or value == [] or question.is_blank(value):
        raise DisagreementError(N_("Give the answer you think is right."), field="value")
    merged = {**stored.values(), question_id: value}
    errors = [e for e in check_answers(questionnaire, merged) if e.question_id == question_id]
    if errors:
        raise AnswerValidationError(errors)
    return value


def _open_of(session: Session, invitation: Invitation, question_id: str) -> Disagreement | None:
    return session.scalar(sa.select(Disagreement).where(
        Disagreement.other_invitation_id == invitation.id,
        Disagreement.question_id == question_id, Disagreement.resolved_at.is_(None)))


@dataclass(frozen=True)
class OwnView:
    """What a respondent put forward in an open disagreement: their value and reason."""

    value: Any
    reason: str


def open_of_respondent(session: Session, invitation: Invitation) -> dict[str, OwnView]:
    """Question id → what ``invitation`` put forward in its open disagreements."""
    rows = session.execute(
        sa.select(Disagreement.question_id, Disagreement.other_value, Disagreement.reason)
        .where(Disagreement.other_invitation_id == invitation.id,
               Disagreement.resolved_at.is_(None)))
    return {question_id: OwnView(value, reason) for question_id, value, reason in rows}


# --- the consultant reads and resolves them ---------------------------------------------------


def open_for(session: Session, assessment: Assessment) -> list[DisagreementView]:
    """The assessment's open disagreements, oldest first, with both respondents' names.

    No query when the assessment's count says there are none.
    """
    if not assessment.open_disagreements:
        return []
    standing, other = aliased(Invitation), aliased(Invitation)
    rows = session.execute(
        sa.select(Disagreement, standing, other)
        .outerjoin(standing, standing.id == Disagreement.standing_invitation_id)
        .outerjoin(other, other.id == Disagreement.other_invitation_id)
        .where(Disagreement.assessment_id == assessment.id, Disagreement.resolved_at.is_(None))
        .order_by(Disagreement.created_at, Disagreement.id)
    ).all()
    return [
        DisagreementView(
            id=d.id, question_id=d.question_id,
            standing_value=d.standing_value,
            standing_by=s.respondent_label if s is not None else None,
            other_value=d.other_value,
            other_by=o.respondent_label if o is not None else None,
            reason=d.reason, created_at=d.created_at,
        )
        for d, s, o in rows
    ]


def resolve(session: Session, assessment: Assessment, disagreement_id: int, *, choice: str,
            note: str, user: Staff) -> Disagreement:
    """Decide an open disagreement: KEEP the standing value or ADOPT the other one.

    Adopting stores the other value as the answer (a new version, given by the respondent
    who disagreed) and re-scores an assessment already scored. Raises NotFoundError,
    DisagreementError (bad choice or note) or ConflictError (already resolved, or the
    assessment is approved). Flushes only; the caller checked access.
    """
    if choice not in (KEEP, ADOPT):
        raise DisagreementError(N_("Choose which answer to keep."), field="choice")
    text = " ".join((note or "").split()) if len(note or "") <= MAX_NOTE_LENGTH else None
    if text is None:
        raise DisagreementError(N_("The note has too many characters; at most %(max)d.",
                                   max=MAX_NOTE_LENGTH), field="note")
    assessments.lock(session, assessment)
    found = session.get(Disagreement, disagreement_id, populate_existing=True)
    if found is None or found.assessment_id != assessment.id:
        raise NotFoundError(N_("This assessment has no disagreement %(id)s.", id=disagreement_id))
    if not found.is_open:
        raise ConflictError(N_("This disagreement has already been resolved."))
    if choice == ADOPT and assessment.status == Status.APPROVED:
        raise ConflictError(N_("The assessment is approved: reopen its review before changing "
                               "an answer."))
    assessment.open_disagreements = max((assessment.open_disagreements or 0) - 1, 0)
    found.resolved_at, found.resolved_by_id, found.resolved_by = utcnow(), user.id, user.email
    found.resolution, found.resolution_note = choice, text or None
    found.chosen_value = found.other_value if choice == ADOPT else found.standing_value
    version = _adopt(session, assessment, found) if choice == ADOPT else None
    audit.record(session, "disagreement.resolved", assessment=assessment,
                 actor=f"user:{user.id}",
                 details={"disagreement_id": found.id, "question": found.question_id,
                          "choice": choice, "note": text or None, "answer_version": version})
    session.flush()
    return found


def _adopt(session: Session, assessment: Assessment, found: Disagreement) -> int:
    """Store the other value as the answer; returns its new version."""
    row = session.scalar(sa.select(Answer).where(
        Answer.assessment_id == assessment.id, Answer.question_id == found.question_id))
    now = utcnow()
    if row is None:
        row = Answer(assessment_id=assessment.id, question_id=found.question_id, version=0,
                     created_at=now)
        session.add(row)
    row.value, row.version = found.other_value, row.version + 1
    row.invitation_id, row.updated_at = found.other_invitation_id, now
    session.flush()
    questionnaire = bank.questionnaire_for(assessment)
    assessments.refresh_summary(assessment, questionnaire,
                                stored_answers.values(session, assessment))
    if assessment.scored_at is not None:
        scoring.score(session, assessment, questionnaire=questionnaire,
                      actor=f"user:{found.resolved_by_id}")
    return row.version


def for_question(views: Sequence[DisagreementView], question_id: str) -> list[DisagreementView]:
    """The open disagreements on one question."""
    return [v for v in views if v.question_id == question_id]
