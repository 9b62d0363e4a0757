"""The respondents' own words: the free-text answers of each area, who wrote them, and which
a consultant left out of the client report.

A comment is the answer to a ``free_text`` question (each section's optional "anything to
add" question); its author is the respondent whose invitation last saved it (name and role
as on the invitation). Hiding one keeps it stored and visible on the dashboard; only the
client report leaves it out. Hiding and showing are audited; both flush only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, joinedload

from assessment.engine import Questionnaire
from assessment.models.answer import Answer
from assessment.models.assessment import Assessment
from assessment.models.hidden_comment import HiddenComment
from assessment.models.types import utcnow
from assessment.services import audit
from assessment.services.audit import Staff
from assessment.services.errors import N_, DomainError

FREE_TEXT = "free_text"


class CommentError(DomainError):
    """A comment cannot be hidden or shown; the message says why."""


@dataclass(frozen=True)
class Comment:
    """One free-text answer: its question, area, text, author and whether it is hidden."""

    question_id: str
    area: str
    question: str
    text: str
    author: str | None
    role: str | None
    hidden: bool


def comment_questions(questionnaire: Questionnaire) -> dict[str, str]:
    """Question id -> area id of every free-text question of a scored area."""
    found = {}
    for section in questionnaire.sections:
        if section.area == "profile":
            continue
        for question in section.questions:
            if question.type == FREE_TEXT:
                found[question.id] = section.area
    return found


def hidden_ids(session: Session, assessment_id: int) -> frozenset[str]:
    """The question ids whose comment is hidden from the client report."""
    rows = session.scalars(
        select(HiddenComment.question_id).where(HiddenComment.assessment_id == assessment_id)
    )
    return frozenset(rows)


def for_assessment(
    session: Session, assessment: Assessment, questionnaire: Questionnaire, language: str
) -> dict[str, list[Comment]]:
    """The comments of the assessment by area id, in questionnaire order (hidden ones too)."""
    questions = comment_questions(questionnaire)
    if not questions:
        return {}
    rows = session.scalars(
        select(Answer)
        .options(joinedload(Answer.invitation))
        .where(Answer.assessment_id == assessment.id, Answer.question_id.in_(questions))
    ).all()
    by_question = {row.question_id: row for row in rows}
    if not by_question:
        return {}
    hidden = hidden_ids(session, assessment.id)
    found: dict[str, list[Comment]] = {}
    for question_id, area in questions.items():
        row = by_question.get(question_id)
        if row is None or not isinstance(row.value, str) or not row.value.strip():
            continue
        invitation = row.invitation
        question = questionnaire.questions[question_id]
        found.setdefault(area, []).append(
            Comment(
                question_id=question_id,
                area=area,
                question=questionnaire.text(question.text, language),
                text=row.value.strip(),
                author=invitation.respondent_name if invitation else None,
                role=invitation.respondent_role if invitation else None,
                hidden=question_id in hidden,
            )
        )
    return found


def set_hidden(
    session: Session,
    assessment: Assessment,
    questionnaire: Questionnaire,
    user: Staff,
    question_id: str,
    hidden: bool,
) -> bool:
    """Hide the comment answering ``question_id`` from the client report, or show it again.

    Returns whether anything changed (hiding a hidden comment changes nothing and is not
    audited). Raises CommentError for a question that takes no comment. Flushes only.
    """
    if question_id not in comment_questions(questionnaire):
        raise CommentError(
            N_("%(question)s is not a comment question of this questionnaire.",
               question=question_id[:64])
        )
    existing = session.scalar(
        select(HiddenComment).where(
            HiddenComment.assessment_id == assessment.id,
            HiddenComment.question_id == question_id,
        )
    )
    if hidden == (existing is not None):
        return False
    if hidden:
        session.add(
            HiddenComment(
                assessment_id=assessment.id,
                question_id=question_id,
                hidden_by_id=user.id,
                hidden_at=utcnow(),
            )
        )
    else:
        session.execute(
            delete(HiddenComment).where(
                HiddenComment.assessment_id == assessment.id,
                HiddenComment.question_id == question_id,
            )
        )
    session.flush()
    audit.record(
        session,
        "comment.hidden" if hidden else "comment.shown",
        assessment=assessment,
        actor=f"user:{user.id}",
        details={"question": question_id},
    )
    return True
