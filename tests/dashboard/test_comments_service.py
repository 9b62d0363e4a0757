"""The respondents' comments: listed per area with author and role, hidden from and shown in
the client report again, audited, and refused for a question that takes no comment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.engine import Questionnaire, load_bank
from assessment.models.answer import Answer
from assessment.models.audit import AuditEvent
from assessment.services import comments
from assessment.services.comments import CommentError
from tests.dashboard.conftest import DASHBOARD_CONFIG, own, sign_in
from tests.factories import make_assessment, make_invitation, make_user

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"
NOTE = "Two warehouses (Utrecht, Antwerp); one label printer per packing line."


@pytest.fixture
def app_config() -> dict[str, Any]:
    """The real bank, whose areas each end with a free-text comment question."""
    return {**DASHBOARD_CONFIG, "QUESTIONS_DIR": QUESTIONS,
            "QUESTIONNAIRE_ID": "commerce-readiness"}


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


def test_the_detail_page_hides_and_shows_a_comment(client: FlaskClient, db_session: Session
                                                   ) -> None:
    me = make_user(db_session)
    assessment = make_assessment(db_session)
    own(db_session, assessment, me)
    invitation, _ = make_invitation(db_session, assessment, respondent_name="Chris Peeters")
    db_session.add(Answer(assessment_id=assessment.id, question_id="wh_notes", value=NOTE,
                          invitation_id=invitation.id))
    db_session.commit()
    sign_in(client, me)
    page = f"/dashboard/assessments/{assessment.id}"
    html = client.get(page).get_data(as_text=True)
    assert 'id="comment-wh_notes"' in html, html[html.find('id="comments"'):][:600]
    comment = html.split('id="comment-wh_notes"')[1].split("</div>")[0]
    assert NOTE in comment and "Chris Peeters" in comment
    assert "Hide from the client report" in comment
    url = f"{page}/comments/wh_notes/visibility"
    response = client.post(url, data={"hide": "1"})
    assert response.status_code == 303 and response.headers["Location"].endswith("#comments")
    assert comments.hidden_ids(db_session, assessment.id) == {"wh_notes"}
    html = client.get(page).get_data(as_text=True)
    assert "Hidden from the client report." in html and "Show in the client report" in html
    assert client.post(url, data={"hide": "maybe"}).status_code == 400
    client.post(url, data={"hide": "0"})
    assert comments.hidden_ids(db_session, assessment.id) == frozenset()
    refused = client.post(f"{page}/comments/wh_shift_hours/visibility", data={"hide": "1"},
                          follow_redirects=True)
    assert "is not a comment question" in refused.get_data(as_text=True)
