"""Importing a complete set of answers into an assessment (the API; a workshop's answers).

The set is checked by the engine as ``assessment score`` checks an answers file, and must
be complete (every required question on its route answered): every problem is named with
its question, and nothing is stored unless all are valid. A valid
set replaces the stored answers (questions it leaves out are cleared, their rows kept so
versions only grow), submits the assessment and scores it. Only an assessment that is
still being answered takes an import: a submitted one is under review.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.engine import Result, check_answers, route
from assessment.models.answer import Answer
from assessment.models.assessment import Assessment, Status
from assessment.models.types import utcnow
from assessment.services import answers, assessments, audit, bank, completion
from assessment.services.errors import N_, ConflictError, DomainError
from assessment.services.stored_answers import same_value

IMPORTABLE = (Status.INVITED.value, Status.IN_PROGRESS.value)
MAX_ANSWERS = 500


class AnswersInvalid(DomainError):
    """Some answers are not valid; ``problems`` lists (question id, message) for each."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(N_("%(count)d answer(s) are not valid; nothing was stored.",
                            count=len(problems)), "answers")
        self.problems = problems


def import_answers(session: Session, assessment: Assessment, values: Mapping[str, Any], *,
                   actor: str) -> Result:
    """Check, store, submit and score; AnswersInvalid or ConflictError otherwise.

    Flushes only.
    """
    assessments.lock(session, assessment)
    if assessment.status not in IMPORTABLE:
        raise ConflictError(N_(
            "Answers can be imported only while the assessment is being answered; it is "
            "%(status)s.", status=assessment.status.replace("_", " ")))
    if len(values) > MAX_ANSWERS:
        raise AnswersInvalid([("answers", f"at most {MAX_ANSWERS} answers, not {len(values)}")])
    questionnaire = bank.questionnaire_for(assessment)
    problems = [(e.question_id or "answers", e.message)
                for e in check_answers(questionnaire, dict(values))]
    if not problems:  # complete: every required question on the answers' route answered
        problems = [(question_id, "required, but not answered")
                    for question_id in route(questionnaire, dict(values)).missing_required]
    if problems:
        raise AnswersInvalid(problems)
    now = utcnow()
    stored = {a.question_id: a for a in session.scalars(
        sa.select(Answer).where(Answer.assessment_id == assessment.id))}
    for question_id in sorted(set(stored) | set(values)):
        value = values.get(question_id)
        row = stored.get(question_id)
        if row is None or not same_value(row.value, value) or row.invitation_id is not None:
            answers.write(session, row, assessment.id, question_id, value, now, None)
    session.flush()
    audit.record(session, "answers.imported", assessment=assessment, actor=actor,
                 details={"answers": len(values)})
    result = completion.submit(session, assessment, questionnaire, actor=actor,
                               details={"imported": True})
    assessments.refresh_summary(assessment, questionnaire,
                                {k: v for k, v in values.items() if v is not None})
    session.flush()
    return result
