"""What a respondent sees and may do while a consultant has requested changes: the comments,
only the reopened questions, and submitting again (client flow integration, 0007)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import Answer, Status
from assessment.services import review
from assessment.services.change_requests import request_changes
from tests.dashboard.review_support import REVIEW_CONFIG, Answered, submitted_assessment
from tests.factories import make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def words(response: Any) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def changes_requested(session: Session) -> Answered:
    consultant = make_user(session)
    answered = submitted_assessment(session, owner=consultant)
    review.start_review(session, answered.assessment, consultant)
    request_changes(session, answered.assessment, consultant,
                           {"stock_accuracy": "The audit said 97 %. Which is right?"})
    session.commit()
    return answered


def value(session: Session, question_id: str) -> Any:
    session.expire_all()
    row = session.scalar(sa.select(Answer).where(Answer.question_id == question_id))
    return row.value if row else None


def test_the_link_opens_the_review_page_with_the_comment(
    client: FlaskClient, db_session: Session
) -> None:
    answered = changes_requested(db_session)
    assert client.get(f"/i/{answered.tokens['operations']}").headers["Location"] == "/a/"
    assert client.get("/a/").headers["Location"] == "/a/review"
    page = client.get("/a/review")
    text = words(page)
    assert "Your consultant asked you to look again at some answers" in text
    assert "Your consultant’s comment: The audit said 97 %. Which is right?" in text
    html = page.get_data(as_text=True)
    assert ('href="/a/s/operations?return=review&amp;question=stock_accuracy#stock_accuracy"'
            in html)
    assert "#erp_connected" not in html  # its answer stays locked


def test_only_the_reopened_question_can_be_changed(client: FlaskClient, db_session: Session
                                                   ) -> None:
    answered = changes_requested(db_session)
    client.get(f"/i/{answered.tokens['operations']}")
    section = client.get("/a/s/operations")
    html = section.get_data(as_text=True)
    assert "Your consultant’s comment on “How accurate is your stock?”" in words(section)
    assert 'name="stock_accuracy"' in html and 'name="erp_connected"' not in html

    response = client.post("/a/s/operations", data={
        "stock_accuracy": "97", "v-stock_accuracy": "1", "erp_connected": "no",
        "v-erp_connected": "1"})
    assert response.headers["Location"] == "/a/review"
    assert (value(db_session, "stock_accuracy"), value(db_session, "erp_connected")) == (97, "yes")
    assert client.get("/a/s/profile").headers["Location"] == "/a/review"  # nothing reopened


def test_submitting_again_sends_it_back_for_review(client: FlaskClient, db_session: Session
                                                   ) -> None:
    answered = changes_requested(db_session)
    client.get(f"/i/{answered.tokens['operations']}")
    client.post("/a/s/operations", data={"stock_accuracy": "97", "v-stock_accuracy": "1"})
    assert client.post("/a/submit").headers["Location"] == "/a/done"
    db_session.refresh(answered.assessment)
    assert answered.assessment.status == Status.SUBMITTED
    rules = [f["rule"] for f in answered.assessment.result["result"]["findings"]]
    assert "OPS-1" not in rules


def test_a_respondent_without_comments_stays_locked(client: FlaskClient, db_session: Session
                                                    ) -> None:
    answered = changes_requested(db_session)
    client.get(f"/i/{answered.tokens['service']}")
    assert client.get("/a/").headers["Location"] == "/a/done"
    client.post("/a/s/service", data={"response_hours": "2", "v-response_hours": "1"})
    assert value(db_session, "response_hours") == 30
