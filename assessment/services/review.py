"""The review of a submitted assessment as a state machine.

States (``Assessment.status``) and who moves them::

    submitted ──start──▶ in_review ──approve──▶ approved ──reopen──▶ in_review
                            │
                            └──request_changes──▶ changes_requested
    changes_requested ──(every addressed respondent submits again)──▶ submitted

Requesting changes is ``services.change_requests``; it moves the state through
``set_status`` here. Only ``approved`` releases the client report; the approval is
stored on the assessment (who, when) and cleared when it is withdrawn. Every transition
is written to the audit log.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.assessment import Assessment, Status
from assessment.models.review import ChangeRequest
from assessment.models.types import utcnow
from assessment.services import assessments, audit, releases
from assessment.services.audit import Staff
from assessment.services.errors import N_, DomainError

if TYPE_CHECKING:
    pass

MAX_MESSAGE_LENGTH = 4000



class ReviewAction(enum.StrEnum):
    """What a consultant can do to the review state."""

    START = "start"
    REQUEST_CHANGES = "request_changes"
    APPROVE = "approve"
    REOPEN = "reopen"


# action -> (the states it may start from, the state it leads to)
TRANSITIONS: dict[ReviewAction, tuple[frozenset[Status], Status]] = {
    ReviewAction.START: (frozenset({Status.SUBMITTED}), Status.IN_REVIEW),
    ReviewAction.REQUEST_CHANGES: (frozenset({Status.IN_REVIEW}), Status.CHANGES_REQUESTED),
    ReviewAction.APPROVE: (frozenset({Status.IN_REVIEW}), Status.APPROVED),
    ReviewAction.REOPEN: (frozenset({Status.APPROVED}), Status.IN_REVIEW),
}


class ReviewError(DomainError):
    """A review step was refused; the message says why, for the consultant."""


class TransitionError(ReviewError):
    """The assessment is not in a state that allows ``action`` (someone else moved it)."""

    kind = "conflict"

    def __init__(self, action: ReviewAction, status: str) -> None:
        super().__init__(f"{action.value} is not possible while the assessment is {status}.")
        self.action = action
        self.status = status


# --- the state machine -----------------------------------------------------------------


def available_actions(assessment: Assessment) -> list[ReviewAction]:
    """The review actions the assessment's current state allows, in TRANSITIONS order."""
    return [action for action, (sources, _to) in TRANSITIONS.items()
            if assessment.status in sources]


def start_review(session: Session, assessment: Assessment, user: Staff) -> None:
    """Take a submitted (or resubmitted) assessment into review. Flushes only."""
    _transition(session, assessment, ReviewAction.START, user)
    open_requests = session.scalars(sa.select(ChangeRequest).where(
        ChangeRequest.assessment_id == assessment.id, ChangeRequest.closed_at.is_(None)))
    for request in open_requests:
        request.closed_at = utcnow()
        request.outcome = "resubmitted"
    session.flush()


def approve(session: Session, assessment: Assessment, user: Staff) -> None:
    """Approve the reviewed result: this releases the client report. Flushes only."""
    if not assessment.result:
        raise ReviewError(N_("The assessment has not been scored, so it cannot be approved."))
    _transition(session, assessment, ReviewAction.APPROVE, user)
    releases.clear(session, assessment.id)  # this approval's reports replace the old ones
    assessment.approved_at = utcnow()
    assessment.approved_by_id = user.id
    assessment.approved_by = user.email
    session.flush()


def reopen(session: Session, assessment: Assessment, user: Staff, reason: str,
           keep_release: bool = False) -> None:
    """Withdraw an approval; a reason is required. The released report is withdrawn too,
    unless ``keep_release`` (a re-score: sales keep it until the new result is approved)."""
    cleaned = (reason or "").strip()
    if len(cleaned) > MAX_MESSAGE_LENGTH:
        raise ReviewError(N_("%(what)s has %(length)d characters; at most %(limit)d are allowed.",
                             what=N_("The reason"), length=len(cleaned), limit=MAX_MESSAGE_LENGTH))
    if not cleaned:
        raise ReviewError(N_("Say why the approval is withdrawn."))
    _transition(session, assessment, ReviewAction.REOPEN, user,
                {"reason": cleaned, **({"release_kept": True} if keep_release else {})})
    if not keep_release:
        releases.clear(session, assessment.id)
    assessment.approved_at = assessment.approved_by_id = assessment.approved_by = None
    session.flush()


def _transition(
    session: Session, assessment: Assessment, action: ReviewAction, user: Staff,
    details: Mapping[str, Any] | None = None,
) -> None:
    assessments.lock(session, assessment)
    check_may(assessment, action)
    set_status(session, assessment, action, user, details)


def check_may(assessment: Assessment, action: ReviewAction) -> None:
    sources, _target = TRANSITIONS[action]
    if assessment.status not in sources:
        raise TransitionError(action, assessment.status)


def set_status(
    session: Session, assessment: Assessment, action: ReviewAction, user: Staff,
    details: Mapping[str, Any] | None,
) -> None:
    before = assessment.status
    target = TRANSITIONS[action][1]
    assessment.status = target.value
    audit.record(
        session, f"review.{action.value}", assessment=assessment, actor=audit.actor_label(user),
        details={"from": before, "to": target.value, **(details or {})},
    )
    session.flush()
