"""The review state machine: transitions, the audit trail, requesting changes that reopen
just the commented questions for the respondent who can fix them, and resubmission."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models import Answer, AuditEvent, Invitation, Status
from assessment.models.review import ChangeRequest, ReviewComment
from assessment.models.types import utcnow
from assessment.services import answers, change_requests, review, reviewed, stored_answers
from assessment.services.change_requests import ReopenedOnlyError, request_changes
from assessment.services.review import ReviewAction, ReviewError, TransitionError
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.factories import make_assessment, make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def actions(session: Session, assessment_id: int) -> list[tuple[str, dict[str, Any]]]:
    rows = session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.assessment_id == assessment_id, AuditEvent.action.like("review.%"))
        .order_by(AuditEvent.id)
    )
    return [(row.action, row.details) for row in rows]


def test_the_happy_path_is_recorded_transition_by_transition(db_session: Session) -> None:
    consultant = make_user(db_session)
    answered = submitted_assessment(db_session, owner=consultant)
    assessment = answered.assessment
    assert assessment.status == Status.SUBMITTED
    assert review.available_actions(assessment) == [ReviewAction.START]

    review.start_review(db_session, assessment, consultant)
    assert review.available_actions(assessment) == [
        ReviewAction.REQUEST_CHANGES,
        ReviewAction.APPROVE,
    ]
    review.approve(db_session, assessment, consultant)
    db_session.commit()

    assert assessment.status == Status.APPROVED
    assert actions(db_session, assessment.id) == [
        ("review.start", {"from": "submitted", "to": "in_review"}),
        ("review.approve", {"from": "in_review", "to": "approved"}),
    ]
    approval = reviewed.stored_approval(assessment)
    assert approval is not None and approval.by == consultant.email


@pytest.mark.parametrize("status", ["invited", "in_progress", "changes_requested", "approved"])
def test_review_cannot_start_from_other_states(db_session: Session, status: str) -> None:
    consultant = make_user(db_session)
    assessment = make_assessment(db_session, status=status)
    with pytest.raises(TransitionError) as raised:
        review.start_review(db_session, assessment, consultant)
    assert raised.value.status == status
    db_session.rollback()
    assert actions(db_session, assessment.id) == []


def test_approval_needs_review_and_a_score(db_session: Session) -> None:
    consultant = make_user(db_session)
    answered = submitted_assessment(db_session, owner=consultant)
    with pytest.raises(TransitionError):
        review.approve(db_session, answered.assessment, consultant)  # still "submitted"
    unscored = make_assessment(db_session, status="in_review")
    with pytest.raises(ReviewError, match="not been scored"):
        review.approve(db_session, unscored, consultant)


def test_withdrawing_an_approval_needs_a_reason(db_session: Session) -> None:
    consultant = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=consultant).assessment
    review.start_review(db_session, assessment, consultant)
    review.approve(db_session, assessment, consultant)
    with pytest.raises(ReviewError, match="why"):
        review.reopen(db_session, assessment, consultant, "   ")
    review.reopen(db_session, assessment, consultant, "The client sent new figures.")
    db_session.commit()
    assert assessment.status == Status.IN_REVIEW
    assert actions(db_session, assessment.id)[-1] == (
        "review.reopen",
        {"from": "approved", "to": "in_review", "reason": "The client sent new figures."},
    )
    assert reviewed.stored_approval(assessment) is None


def in_review(session: Session) -> tuple[Any, Any]:
    consultant = make_user(session)
    answered = submitted_assessment(session, owner=consultant)
    review.start_review(session, answered.assessment, consultant)
    session.commit()
    return consultant, answered


def test_requesting_changes_reopens_only_the_respondent_who_answered(db_session: Session) -> None:
    consultant, answered = in_review(db_session)
    assessment = answered.assessment
    ops, service = answered.by_area["operations"], answered.by_area["service"]

    request = request_changes(
        db_session,
        assessment,
        consultant,
        {"stock_accuracy": "  Is 80 % right? Last year's audit said 97 %. ", "sponsor": ""},
        message="Two small things.",
    )
    db_session.commit()

    assert assessment.status == Status.CHANGES_REQUESTED
    assert ops.submitted_at is None  # unlocked to fix its answer
    assert service.submitted_at is not None and answered.by_area["leadership"].submitted_at
    comments = db_session.scalars(sa.select(ReviewComment)).all()
    assert [
        (c.question_id, c.invitation_id, c.body, c.answer_value, c.answer_version) for c in comments
    ] == [("stock_accuracy", ops.id, "Is 80 % right? Last year's audit said 97 %.", 80, 1)]
    assert request.message == "Two small things." and request.requested_by == consultant.email
    assert change_requests.reopened_questions(ops) == {"stock_accuracy"}
    assert change_requests.reopened_questions(service) == frozenset()
    assert [c.body for c in change_requests.open_comments_for(ops)] == [comments[0].body]
    assert actions(db_session, assessment.id)[-1] == (
        "review.request_changes",
        {
            "from": "in_review",
            "to": "changes_requested",
            "change_request_id": request.id,
            "questions": ["stock_accuracy"],
        },
    )
    reopened = db_session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "invitation.reopened")
    )
    assert reopened is not None and reopened.details["questions"] == ["stock_accuracy"]


def test_a_request_needs_a_comment_and_known_questions(db_session: Session) -> None:
    consultant, answered = in_review(db_session)
    with pytest.raises(ReviewError, match="at least one question"):
        request_changes(db_session, answered.assessment, consultant, {"sponsor": "  "})
    with pytest.raises(ReviewError, match="no question nope"):
        request_changes(db_session, answered.assessment, consultant, {"nope": "Why?"})
    with pytest.raises(ReviewError, match="2001 characters"):
        request_changes(db_session, answered.assessment, consultant, {"sponsor": "x" * 2001})
    db_session.rollback()
    assert answered.assessment.status == Status.IN_REVIEW
    assert db_session.scalar(sa.select(sa.func.count()).select_from(ChangeRequest)) == 0


def test_a_revoked_respondent_hands_the_question_to_another_for_that_area(
    db_session: Session,
) -> None:
    consultant, answered = in_review(db_session)
    ops = answered.by_area["operations"]
    ops.revoked_at = utcnow()
    colleague = Invitation(
        assessment_id=answered.assessment.id,
        token_hash="f" * 64,
        areas=["operations"],
        language="en",
        respondent_name="Ops deputy",
        expires_at=utcnow() + timedelta(days=9),
        submitted_at=utcnow(),
    )
    db_session.add(colleague)
    db_session.commit()

    request_changes(db_session, answered.assessment, consultant, {"erp_connected": "?"})
    db_session.commit()
    assert change_requests.reopened_questions(colleague) == {"erp_connected"}
    assert colleague.submitted_at is None and ops.submitted_at is not None


def test_a_question_nobody_can_answer_any_more_is_refused(db_session: Session) -> None:
    consultant, answered = in_review(db_session)
    answered.by_area["service"].revoked_at = utcnow()
    db_session.commit()
    with pytest.raises(ReviewError, match="No respondent can answer “Which channels"):
        request_changes(db_session, answered.assessment, consultant, {"channels": "?"})
    db_session.rollback()
    assert answered.assessment.status == Status.IN_REVIEW


def test_the_respondent_may_change_only_what_was_reopened(db_session: Session) -> None:
    consultant, answered = in_review(db_session)
    ops = answered.by_area["operations"]
    request_changes(
        db_session, answered.assessment, consultant, {"stock_accuracy": "Check this."}
    )
    db_session.commit()

    with pytest.raises(ReopenedOnlyError) as raised:
        answers.save_section(
            db_session, ops, "operations", {"stock_accuracy": 97, "erp_connected": "no"}, {}
        )
    assert raised.value.question_ids == ["erp_connected"]
    assert stored_answers.values(db_session, answered.assessment)["stock_accuracy"] == 80
    # Posting the untouched answer back with the reopened one is fine.
    outcome = answers.save_section(
        db_session,
        ops,
        "operations",
        {"stock_accuracy": 97, "erp_connected": "yes"},
        {"stock_accuracy": 1, "erp_connected": 1},
    )
    assert outcome.saved == ("stock_accuracy",)


def test_a_question_nobody_answered_may_be_answered_while_changes_are_requested(
    db_session: Session,
) -> None:
    """A fix can reveal a follow-up question; it must be answerable to submit again."""
    consultant, answered = in_review(db_session)
    ops = answered.by_area["operations"]
    request_changes(
        db_session, answered.assessment, consultant, {"stock_accuracy": "Check this."}
    )
    db_session.commit()
    gone = db_session.scalar(sa.select(Answer).where(Answer.question_id == "erp_connected"))
    assert gone is not None
    gone.value = None  # as if the question had never been answered
    db_session.commit()
    outcome = answers.save_section(
        db_session, ops, "operations", {"erp_connected": "no"}, {"erp_connected": gone.version}
    )
    assert outcome.saved == ("erp_connected",)


def test_resubmission_completes_rescoring_and_review_takes_it_back(db_session: Session) -> None:
    consultant, answered = in_review(db_session)
    assessment, ops = answered.assessment, answered.by_area["operations"]
    assert "OPS-1" in [f["rule"] for f in assessment.result["result"]["findings"]]
    request_changes(db_session, assessment, consultant, {"stock_accuracy": "Check."})
    db_session.commit()
    answers.save_section(
        db_session, ops, "operations", {"stock_accuracy": 97}, {"stock_accuracy": 1}
    )
    answers.submit(db_session, ops)
    db_session.refresh(assessment)

    assert assessment.status == Status.SUBMITTED
    assert "OPS-1" not in [f["rule"] for f in assessment.result["result"]["findings"]]
    assert change_requests.open_comments_for(ops) == []
    [round_] = change_requests.history(db_session, assessment)
    [outcome] = round_.comments
    assert round_.open and outcome.changed and (outcome.before, outcome.after) == (80, 97)
    assert outcome.resubmitted_at is not None and outcome.respondent == "Operations lead"

    review.start_review(db_session, assessment, consultant)
    db_session.commit()
    [closed] = change_requests.history(db_session, assessment)
    assert not closed.open and closed.closed_at is not None
    assert assessment.status == Status.IN_REVIEW


def test_an_expired_link_is_extended_so_the_respondent_can_fix_it(db_session: Session) -> None:
    consultant, answered = in_review(db_session)
    ops = answered.by_area["operations"]
    ops.expires_at = utcnow() - timedelta(days=3)
    db_session.commit()
    request_changes(db_session, answered.assessment, consultant, {"erp_connected": "?"})
    db_session.commit()
    assert ops.expires_at > utcnow() + timedelta(days=change_requests.MIN_DAYS_TO_FIX)
    event = db_session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "invitation.reopened")
    )
    assert event is not None and "expires_at" in event.details


def test_only_one_request_at_a_time(db_session: Session) -> None:
    consultant, answered = in_review(db_session)
    request_changes(db_session, answered.assessment, consultant, {"sponsor": "Sure?"})
    db_session.commit()
    with pytest.raises(TransitionError):
        request_changes(db_session, answered.assessment, consultant, {"budget": "And?"})
