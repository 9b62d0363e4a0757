"""The respondents' comments: listed per area with author and role, hidden from and shown in
the client report again, audited, and refused for a question that takes no comment."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.engine import Questionnaire, load_bank
from assessment.models.answer import Answer
from assessment.models.audit import AuditEvent
from assessment.services import comments
from assessment.services.comments import CommentError
from tests.factories import make_assessment, make_invitation, make_user

NOTE = "Two warehouses (Utrecht, Antwerp); one label printer per packing line."


@pytest.fixture(scope="module")
def bank() -> Questionnaire:
    return load_bank().get("commerce-readiness")


def test_comments_are_listed_hidden_and_shown_again(db_session: Session, bank: Questionnaire
                                                    ) -> None:
    consultant = make_user(db_session)
    assessment = make_assessment(db_session)
    invitation, _ = make_invitation(db_session, assessment, respondent_name="Chris Peeters",
                                    respondent_role="Operations manager")
    db_session.add_all([
        Answer(assessment_id=assessment.id, question_id="wh_notes", value=f"  {NOTE} ",
               invitation_id=invitation.id),
        Answer(assessment_id=assessment.id, question_id="cs_notes", value="   "),
        Answer(assessment_id=assessment.id, question_id="wh_shift_hours", value=16),
    ])
    db_session.commit()

    found = comments.for_assessment(db_session, assessment, bank, "nl")
    assert list(found) == ["warehouse_capacity"]  # a blank comment is no comment
    [comment] = found["warehouse_capacity"]
    assert (comment.text, comment.author, comment.role, comment.hidden) == (
        NOTE, "Chris Peeters", "Operations manager", False)
    assert comment.question == bank.text(bank.questions["wh_notes"].text, "nl")

    assert comments.set_hidden(db_session, assessment, bank, consultant, "wh_notes", True)
    assert not comments.set_hidden(db_session, assessment, bank, consultant, "wh_notes", True)
    db_session.commit()
    assert comments.hidden_ids(db_session, assessment.id) == {"wh_notes"}
    assert comments.for_assessment(db_session, assessment, bank, "en")[
        "warehouse_capacity"][0].hidden

    assert comments.set_hidden(db_session, assessment, bank, consultant, "wh_notes", False)
    db_session.commit()
    assert comments.hidden_ids(db_session, assessment.id) == frozenset()
    events = db_session.scalars(
        select(AuditEvent.action).where(AuditEvent.assessment_id == assessment.id,
                                        AuditEvent.action.like("comment.%"))
        .order_by(AuditEvent.id)
    ).all()
    assert events == ["comment.hidden", "comment.shown"]


@pytest.mark.parametrize("question_id", ["wh_shift_hours", "nope", "pr_org_size"])
def test_only_a_comment_question_can_be_hidden(db_session: Session, bank: Questionnaire,
                                               question_id: str) -> None:
    assessment = make_assessment(db_session)
    with pytest.raises(CommentError):
        comments.set_hidden(db_session, assessment, bank, make_user(db_session), question_id,
                            True)
    assert comments.hidden_ids(db_session, assessment.id) == frozenset()
