"""The review from the dashboard: the buttons of the state machine, the request-changes form
(typed comments kept on a problem), withdrawing an approval, and what the consultant sees."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import Status
from assessment.services import answers, change_requests, review
from assessment.services.change_requests import request_changes
from tests.dashboard.conftest import sign_in
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.factories import make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def words(response: Any) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def test_start_then_approve(client: FlaskClient, db_session: Session) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    sign_in(client, me)
    base = f"/dashboard/assessments/{assessment.id}"
    response = client.post(f"{base}/review/start")
    assert (response.status_code, response.headers["Location"]) == (303, base)
    assert "The review has started." in words(client.get(base))
    client.post(f"{base}/review/approve", data={"confirm": "yes"})
    db_session.refresh(assessment)
    assert assessment.status == Status.APPROVED
    assert "Approved: the client report is released." in words(client.get(base))


def test_approve_first_says_what_it_releases(client: FlaskClient, db_session: Session) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    review.start_review(db_session, assessment, me)
    db_session.commit()
    sign_in(client, me)
    base = f"/dashboard/assessments/{assessment.id}"
    asked = client.post(f"{base}/review/approve")
    assert asked.status_code == 200
    page = words(asked)
    assert "Approve and release the report?" in page
    assert assessment.organisation.name in page
    assert re.search(r"Findings in the report High: \d+ Medium: \d+ Low: \d+", page)
    assert "Full report: English" in page and "Executive summary: English" in page
    html = asked.get_data(as_text=True)
    assert 'name="confirm" value="yes"' in html and 'name="csrf_token"' in html
    assert f'href="{base}">Cancel</a>' in html  # cancelling changes nothing
    db_session.refresh(assessment)
    assert assessment.status == Status.IN_REVIEW, "nothing is released before the confirmation"
    done = client.post(f"{base}/review/approve", data={"confirm": "yes"})
    assert (done.status_code, done.headers["Location"]) == (303, base)
    db_session.refresh(assessment)
    assert assessment.status == Status.APPROVED


def test_approve_in_dutch_asks_in_dutch(client: FlaskClient, db_session: Session) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    review.start_review(db_session, assessment, me)
    db_session.commit()
    sign_in(client, me)
    page = words(client.post(f"/dashboard/assessments/{assessment.id}/review/approve",
                             headers={"Accept-Language": "nl"}))
    assert "Goedkeuren en het rapport vrijgeven?" in page
    assert "Goedkeuren en vrijgeven" in page


def test_a_step_the_state_does_not_allow_is_refused_with_the_state(
    client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    sign_in(client, me)
    base = f"/dashboard/assessments/{assessment.id}"
    client.post(f"{base}/review/approve")
    assert "This is not possible while the assessment is “Submitted”." in words(client.get(base))
    db_session.refresh(assessment)
    assert assessment.status == Status.SUBMITTED


def test_requesting_changes_from_the_form(client: FlaskClient, db_session: Session) -> None:
    me = make_user(db_session)
    answered = submitted_assessment(db_session, owner=me)
    assessment = answered.assessment
    review.start_review(db_session, assessment, me)
    db_session.commit()
    sign_in(client, me)
    url = f"/dashboard/assessments/{assessment.id}/review/changes"
    first = client.get(url).get_data(as_text=True)
    # Step 1: a checkbox per question with its answer, areas folded; no comment box yet.
    assert 'name="question" value="stock_accuracy"' in first
    assert "comment-stock_accuracy" not in first and "<textarea" not in first
    assert first.count("<details") >= 2
    assert first.count('<details class="dash-fold dash-pick-area" open') == 1  # the first area
    assert "80% <span class=\"secondary-text\">— Operations lead" in first
    # Step 2: one comment box per question ticked.
    second = client.post(url, data={"question": ["stock_accuracy", "sponsor"], "step": "comment"})
    assert second.status_code == 200
    html = second.get_data(as_text=True)
    assert html.count("<textarea") == 3  # two comments and the message
    assert 'name="comment-stock_accuracy"' in html and 'name="comment-sponsor"' in html
    assert 'type="hidden" name="question" value="sponsor"' in html
    # Back to step 1 keeps the ticks.
    back = client.post(url, data={"question": ["stock_accuracy", "sponsor"], "step": "choose"})
    assert 'value="sponsor" aria-describedby="answer-of-sponsor" checked' in back.get_data(True)
    # A ticked question without a comment is named.
    empty = client.post(url, data={"question": ["stock_accuracy", "sponsor"], "step": "send",
                                   "comment-stock_accuracy": "The audit said 97 %.",
                                   "comment-sponsor": " ", "message": "One check."})
    assert empty.status_code == 422
    page = empty.get_data(as_text=True)
    assert 'href="#comment-sponsor">' in page and 'id="comment-sponsor-error"' in page
    assert "The audit said 97 %.</textarea>" in page and "One check.</textarea>" in page
    db_session.refresh(assessment)
    assert assessment.status == Status.IN_REVIEW

    response = client.post(url, data={"question": ["stock_accuracy"], "step": "send",
                                      "comment-stock_accuracy": "The audit said 97 %.",
                                      "message": "One check."})
    assert response.status_code == 303
    db_session.refresh(assessment)
    assert assessment.status == Status.CHANGES_REQUESTED
    assert change_requests.reopened_questions(answered.by_area["operations"]) == {"stock_accuracy"}
    detail = words(client.get(f"/dashboard/assessments/{assessment.id}"))
    assert "Changes requested: the respondents can now correct those answers." in detail
    assert "How accurate is your stock? The audit said 97 %. Operations lead 80% 80%" in detail


def test_a_request_without_questions_or_comments_keeps_what_was_typed(
    client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    review.start_review(db_session, assessment, me)
    db_session.commit()
    sign_in(client, me)
    url = f"/dashboard/assessments/{assessment.id}/review/changes"
    none = client.post(url, data={"step": "comment"})
    assert none.status_code == 422
    assert 'href="#questions">Choose at least one question to comment on.' in none.get_data(True)
    response = client.post(url, data={"comment-sponsor": "   ", "message": "Please look again."})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Choose at least one question to comment on." in html
    assert 'name="message" value="Please look again."' in html  # kept for step 2
    too_long = client.post(url, data={"comment-budget": "y" * 2001})
    assert too_long.status_code == 422
    assert "y" * 2000 in too_long.get_data(as_text=True)
    db_session.refresh(assessment)
    assert assessment.status == Status.IN_REVIEW


def test_the_respondents_fix_shows_up_for_the_consultant(
    client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session)
    answered = submitted_assessment(db_session, owner=me)
    assessment, ops = answered.assessment, answered.by_area["operations"]
    review.start_review(db_session, assessment, me)
    request_changes(db_session, assessment, me, {"stock_accuracy": "Check."})
    db_session.commit()
    answers.save_section(db_session, ops, "operations", {"stock_accuracy": 97},
                         {"stock_accuracy": 1})
    answers.submit(db_session, ops)
    db_session.commit()
    sign_in(client, me)
    detail = words(client.get(f"/dashboard/assessments/{assessment.id}"))
    assert "Every part is in and scored." in detail
    assert re.search(r"Check\. Operations lead submitted again .+ 80% 97% changed", detail)


def test_withdrawing_an_approval_needs_a_reason(client: FlaskClient, db_session: Session) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    review.start_review(db_session, assessment, me)
    review.approve(db_session, assessment, me)
    db_session.commit()
    sign_in(client, me)
    url = f"/dashboard/assessments/{assessment.id}/review/reopen"
    empty = client.post(url, data={"reason": " "})
    assert empty.status_code == 422 and "Say why the approval is withdrawn." in words(empty)
    assert client.post(url, data={"reason": "New figures arrived."}).status_code == 303
    db_session.refresh(assessment)
    assert assessment.status == Status.IN_REVIEW


def test_sales_cannot_review(client: FlaskClient, db_session: Session) -> None:
    me, sales = make_user(db_session), make_user(db_session, role="sales")
    assessment = submitted_assessment(db_session, owner=me).assessment
    sign_in(client, sales)
    assert client.post(f"/dashboard/assessments/{assessment.id}/review/start").status_code == 403
    db_session.refresh(assessment)
    assert assessment.status == Status.SUBMITTED
