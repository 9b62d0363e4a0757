"""Stored answers, read side: every answer of an assessment with who gave it and when.

The write side (saving a page, submitting a respondent) is ``services.answers``; other
services read answers through this module only, so nothing depends on the write side.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.answer import Answer
from assessment.models.assessment import Assessment
from assessment.models.invitation import Invitation

if TYPE_CHECKING:
    from assessment.engine import Questionnaire


@dataclass(frozen=True)
class StoredAnswer:
    """One stored answer with who gave it and when; ``value`` None means cleared.

    ``locked``: the respondent who gave it has submitted, so nobody else may change it;
    ``by_lead``: the lead respondent gave it (see ``read_only_reason``).
    """

    question_id: str
    value: Any
    version: int
    invitation_id: int | None
    answered_by: str | None
    updated_at: datetime
    locked: bool = False
    answer_id: int | None = None
    by_lead: bool = False


@dataclass(frozen=True)
class AnswerSet:
    """An assessment's stored answers, by question id."""

    answers: Mapping[str, StoredAnswer]

    def values(self) -> dict[str, Any]:
        """Question id → value, for the engine (cleared answers left out)."""
        return {qid: a.value for qid, a in self.answers.items() if a.value is not None}

    def versions(self) -> dict[str, int]:
        """Question id → version, for the hidden version fields of a form."""
        return {qid: a.version for qid, a in self.answers.items()}

    def get(self, question_id: str) -> StoredAnswer | None:
        """The stored answer to a question, if there is one."""
        return self.answers.get(question_id)

    def value(self, question_id: str, default: Any = None) -> Any:
        """The stored value of a question, or ``default``."""
        stored = self.answers.get(question_id)
        return default if stored is None or stored.value is None else stored.value

    def version(self, question_id: str) -> int:
        """The stored version of a question; 0 when it was never answered."""
        stored = self.answers.get(question_id)
        return 0 if stored is None else stored.version


# --- reading -----------------------------------------------------------------------------


def load(session: Session, assessment: Assessment) -> AnswerSet:
    """Every stored answer of the assessment with who gave it and when (one query).

    Read as plain columns (a Core row per answer): nothing here is changed, so building
    and tracking ORM objects would only cost CPU on every page.
    """
    rows = session.execute(_LOAD, {"assessment_id": assessment.id})
    return AnswerSet({row.question_id: stored_answer(row, row.respondent_name,  # type: ignore[arg-type]
                                                     row.respondent_role, row.submitted_at,
                                                     row.lead)
                      for row in rows})


# Who gave an answer, read as columns: loading the Invitation rows themselves (with
# populate_existing) would reset their relationships and cost a query each later.
GIVEN_BY = (Invitation.respondent_name, Invitation.respondent_role, Invitation.submitted_at,
            Invitation.lead)
# Built once per process; ``assessment_id`` is its one parameter.
_LOAD = (
    sa.select(Answer.id, Answer.question_id, Answer.value, Answer.version,
              Answer.invitation_id, Answer.updated_at, *GIVEN_BY)
    .outerjoin(Invitation, Invitation.id == Answer.invitation_id)
    .where(Answer.assessment_id == sa.bindparam("assessment_id"))
)


def stored_answer(answer: Answer, name: str | None, role: str | None,
                  submitted_at: datetime | None, lead: bool | None = False) -> StoredAnswer:
    """A loaded answer row and the GIVEN_BY columns of its invitation, as a StoredAnswer."""
    given_by = None
    if answer.invitation_id is not None:
        given_by = Invitation(id=answer.invitation_id, respondent_name=name,
                              respondent_role=role).respondent_label
    return StoredAnswer(
        question_id=answer.question_id,
        value=answer.value,
        version=answer.version,
        invitation_id=answer.invitation_id,
        answered_by=given_by,
        updated_at=answer.updated_at,
        locked=submitted_at is not None,
        answer_id=answer.id,
        by_lead=bool(lead),
    )


# --- who may change what ------------------------------------------------------------------

SUBMITTED = "submitted"  # given by a colleague who has submitted
LEAD = "lead"  # a profile answer given by the lead respondent, seen by another respondent


def read_only_reason(answer: StoredAnswer | None, invitation: Invitation,
                     area: str) -> str | None:
    """Why ``invitation`` may not change this answer (SUBMITTED or LEAD), or None.

    A colleague's answer is read-only once they have submitted; a profile answer given
    by the lead respondent is read-only for everyone else (before the lead answers,
    others may fill it in). The respondent records a disagreement instead.
    """
    if answer is None or answer.value is None or answer.invitation_id in (None, invitation.id):
        return None
    if answer.locked:
        return SUBMITTED
    if area == "profile" and answer.by_lead and not invitation.lead:
        return LEAD
    return None


def read_only(questionnaire: Questionnaire, invitation: Invitation, answers: AnswerSet,
              question_ids: Iterable[str] | None = None) -> dict[str, str]:
    """Question id → why it is read-only for ``invitation``, for the given questions (or all)."""
    ids = answers.answers if question_ids is None else question_ids
    found = {}
    for question_id in ids:
        if question_id not in questionnaire.questions:
            continue
        reason = read_only_reason(answers.get(question_id), invitation,
                                  questionnaire.area_of(question_id))
        if reason:
            found[question_id] = reason
    return found


def values(session: Session, assessment: Assessment) -> dict[str, Any]:
    """Question id → stored value (cleared answers left out)."""
    return load(session, assessment).values()


def same_value(a: Any, b: Any) -> bool:
    """Whether two answer values mean the same (choice lists compare as sets)."""
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)
