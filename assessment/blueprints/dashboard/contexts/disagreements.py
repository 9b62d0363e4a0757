"""Open disagreements between respondents, in words, for the assessment detail page."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from sqlalchemy.orm import Session

from assessment.blueprints.dashboard.contexts.labels import when
from assessment.blueprints.dashboard.contexts.review_labels import answer_text, page_language
from assessment.engine import Questionnaire
from assessment.models.assessment import Assessment
from assessment.services import disagreements


@dataclass(frozen=True)
class DisagreementRow:
    """One open disagreement: the question, both values and people, the reason, when."""

    id: int
    question_id: str
    question: str
    standing: str
    standing_by: str
    other: str
    other_by: str
    reason: str
    at: str
    resolve_url: str | None  # None: the user may not change the assessment


def disagreement_rows(session: Session, assessment: Assessment,
                      questionnaire: Questionnaire | None, may_change: bool
                      ) -> list[DisagreementRow]:
    """The assessment's open disagreements, oldest first, ready for dashboard/detail.html."""
    language = page_language()
    rows = []
    for found in disagreements.open_for(session, assessment):
        question = questionnaire.questions.get(found.question_id) if questionnaire else None
        rows.append(DisagreementRow(
            id=found.id,
            question_id=found.question_id,
            question=(questionnaire.text(question.text, language)
                      if questionnaire and question else found.question_id),
            standing=_words(questionnaire, found.question_id, found.standing_value),
            standing_by=found.standing_by or "—",
            other=_words(questionnaire, found.question_id, found.other_value),
            other_by=found.other_by or "—",
            reason=found.reason,
            at=when(found.created_at),
            resolve_url=url_for("dashboard.disagreement_resolve", assessment_id=assessment.id,
                                disagreement_id=found.id) if may_change else None,
        ))
    return rows


def _words(questionnaire: Questionnaire | None, question_id: str, value: object) -> str:
    question = questionnaire.questions.get(question_id) if questionnaire else None
    if questionnaire is None or question is None:
        return str(value)
    return answer_text(questionnaire, question, value)
