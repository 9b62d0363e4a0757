"""Requesting changes: comments per question, reopened for the respondents who can fix them.

Requesting changes writes a comment per question and reopens, for the respondent who
can fix each one, just those questions: their invitation is unlocked
(``submitted_at`` cleared) and ``check_writable`` lets them change nothing else. When
they submit again, the answers service completes and re-scores the assessment as usual
(status ``submitted``), and the consultant takes it back into review (``services.review``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, object_session

from assessment.models.assessment import Assessment, Status
from assessment.models.invitation import Invitation
from assessment.models.review import ChangeRequest, ReviewComment
from assessment.models.types import utcnow
from assessment.services import assessments, audit, bank, invitations, review, stored_answers
from assessment.services.audit import Staff
from assessment.services.errors import N_, Text
from assessment.services.invitations import DEFAULT_TTL_DAYS
from assessment.services.stored_answers import AnswerSet, same_value

if TYPE_CHECKING:
    from assessment.engine import Questionnaire


MAX_COMMENT_LENGTH = 2000
MAX_MESSAGE_LENGTH = review.MAX_MESSAGE_LENGTH
# A reopened link that would expire sooner than this is extended: the respondent needs time.
MIN_DAYS_TO_FIX = 7


class ReopenedOnlyError(PermissionError):
    """A respondent tried to change answers the change request did not reopen."""

    def __init__(self, question_ids: Sequence[str]) -> None:
        super().__init__(
            "Only the questions the consultant commented on can be changed now: "
            + ", ".join(question_ids)
            + " cannot."
        )
        self.question_ids = list(question_ids)


@dataclass(frozen=True)
class OpenComment:
    """A comment a respondent sees next to a reopened question."""

    question_id: str
    body: str
    created_at: datetime


@dataclass(frozen=True)
class CommentOutcome:
    """A comment with what became of the answer (for the consultant)."""

    question_id: str
    body: str
    respondent: str | None
    before: Any
    before_version: int
    after: Any
    after_version: int
    resubmitted_at: datetime | None

    @property
    def changed(self) -> bool:
        """True when the respondent changed the answer after the comment."""
        return self.after_version != self.before_version


@dataclass(frozen=True)
class ChangeRound:
    """One change request with its comments, newest rounds first in ``history``."""

    id: int
    requested_by: str
    requested_at: datetime
    message: str | None
    closed_at: datetime | None
    open: bool
    comments: tuple[CommentOutcome, ...]



def request_changes(
    session: Session, assessment: Assessment, user: Staff, comments: Mapping[str, str],
    message: str = "", *, language: str = "en", ttl_days: int = DEFAULT_TTL_DAYS,
) -> ChangeRequest:
    """Comment on questions and reopen just those for the respondents who can fix them.

    ``comments`` maps question ids to comment text (blank ones are ignored; at least one is
    needed). Raises ReviewError naming the problem (question texts in ``language``);
    nothing is stored then. A reopened link lasts at least ``ttl_days``. Flushes only.
    """
    questionnaire = bank.questionnaire_for(assessment)
    cleaned = _clean_comments(questionnaire, comments, language)
    assessments.lock(session, assessment)
    review.check_may(assessment, review.ReviewAction.REQUEST_CHANGES)
    stored = stored_answers.load(session, assessment)
    people = list(invitations.for_assessment(session, assessment))
    addressed = {q: _addressee(questionnaire, q, stored, people, language) for q in cleaned}
    request = ChangeRequest(
        assessment_id=assessment.id, requested_by_id=user.id, requested_by=user.email,
        requested_at=utcnow(), message=_clean(message, MAX_MESSAGE_LENGTH, N_("The message")),
    )
    session.add(request)
    session.flush()
    for question_id, body in cleaned.items():
        _add_comment(session, request, question_id, body, addressed[question_id], stored)
    for invitation in {inv.id: inv for inv in addressed.values()}.values():
        mine = sorted(q for q, inv in addressed.items() if inv.id == invitation.id)
        _reopen_invitation(session, assessment, invitation, mine, user, ttl_days)
    review.set_status(session, assessment, review.ReviewAction.REQUEST_CHANGES, user,
                {"change_request_id": request.id, "questions": sorted(cleaned)})
    return request


# --- requesting changes ----------------------------------------------------------------


def _clean(text: str | None, limit: int, what: Text) -> str | None:
    """The text stripped (None when blank); ReviewError naming ``what`` when too long."""
    cleaned = (text or "").strip()
    if len(cleaned) > limit:
        raise review.ReviewError(N_(
            "%(what)s has %(length)d characters; at most %(limit)d are allowed.",
            what=what, length=len(cleaned), limit=limit))
    return cleaned or None


def question_label(questionnaire: Questionnaire, question_id: str, language: str) -> str:
    """The question's text in ``language``."""
    return questionnaire.text(questionnaire.questions[question_id].text, language)


def _clean_comments(questionnaire: Questionnaire, comments: Mapping[str, str], language: str
                    ) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for question_id, text in comments.items():
        if question_id not in questionnaire.questions:
            raise review.ReviewError(N_("There is no question %(id)s in this questionnaire.",
                                id=question_id))
        label = question_label(questionnaire, question_id, language)
        body = _clean(text, MAX_COMMENT_LENGTH, N_("The comment on “%(question)s”", question=label))
        if body:
            cleaned[question_id] = body
    if not cleaned:
        raise review.ReviewError(N_("Write a comment on at least one question to request changes."))
    return cleaned


def _addressee(
    questionnaire: Questionnaire, question_id: str, stored: AnswerSet,
    people: Sequence[Invitation], language: str,
) -> Invitation:
    """Who can fix the answer: whoever gave it, else the newest respondent for its area."""
    live = [inv for inv in people if inv.revoked_at is None]
    answer = stored.get(question_id)
    giver = next((inv for inv in live if answer and inv.id == answer.invitation_id), None)
    if giver is not None:
        return giver
    area = questionnaire.area_of(question_id)
    covering = [inv for inv in live if inv.covers(area)]
    if not covering:
        text = question_label(questionnaire, question_id, language)
        raise review.ReviewError(N_(
            "No respondent can answer “%(question)s”: every invitation for its area was "
            "revoked. Approve without it, or start a follow-up assessment.",
            question=text,
        ))
    return max(covering, key=lambda inv: (inv.submitted_at is not None, inv.id))


def _add_comment(
    session: Session, request: ChangeRequest, question_id: str, body: str,
    invitation: Invitation, stored: AnswerSet,
) -> None:
    answer = stored.get(question_id)
    session.add(ReviewComment(
        change_request_id=request.id, assessment_id=request.assessment_id,
        question_id=question_id, invitation_id=invitation.id, body=body,
        answer_value=answer.value if answer else None,
        answer_version=answer.version if answer else 0, created_at=request.requested_at,
    ))


def _reopen_invitation(
    session: Session, assessment: Assessment, invitation: Invitation,
    question_ids: list[str], user: Staff, ttl_days: int,
) -> None:
    """Unlock the respondent's submission (for these questions) and keep their link alive."""
    invitation.submitted_at = None
    details: dict[str, Any] = {"invitation_id": invitation.id, "questions": question_ids}
    soonest = utcnow() + timedelta(days=MIN_DAYS_TO_FIX)
    if invitation.expires_at < soonest:
        invitation.expires_at = utcnow() + timedelta(days=ttl_days)
        details["expires_at"] = invitation.expires_at.isoformat()
    audit.record(session, "invitation.reopened", assessment=assessment,
                 actor=audit.actor_label(user),
                 details=details)


# --- what respondents see and may change --------------------------------------------


def _open_requests(session: Session, assessment: Assessment) -> list[ChangeRequest]:
    return list(session.scalars(
        sa.select(ChangeRequest)
        .where(ChangeRequest.assessment_id == assessment.id, ChangeRequest.closed_at.is_(None))
        .order_by(ChangeRequest.id)
    ))


def open_comments_for(invitation: Invitation) -> list[OpenComment]:
    """The comments this respondent should act on now (none unless changes are requested)."""
    session = object_session(invitation)
    if session is None or invitation.submitted_at is not None:
        return []
    if invitation.assessment.status != Status.CHANGES_REQUESTED:
        return []
    rows = session.scalars(
        sa.select(ReviewComment)
        .join(ChangeRequest, ChangeRequest.id == ReviewComment.change_request_id)
        .where(ReviewComment.invitation_id == invitation.id, ChangeRequest.closed_at.is_(None))
        .order_by(ReviewComment.id)
    )
    return [OpenComment(c.question_id, c.body, c.created_at) for c in rows]


def reopened_questions(invitation: Invitation) -> frozenset[str]:
    """The question ids this respondent may change now because a consultant asked."""
    return frozenset(comment.question_id for comment in open_comments_for(invitation))


def check_writable(
    invitation: Invitation, submitted: Mapping[str, Any], stored: AnswerSet
) -> None:
    """While changes are requested, refuse changes to answers not reopened for this respondent.

    A question reopened for them may change; so may one nobody has answered (a fix can
    reveal a follow-up question, which must be answerable to submit again). Values equal
    to the stored ones pass (a section form posts them back unchanged). Raises
    ReopenedOnlyError listing the refused question ids; a no-op in other states.
    """
    if invitation.assessment.status != Status.CHANGES_REQUESTED:
        return
    allowed = reopened_questions(invitation)
    refused = sorted(
        q for q, value in submitted.items()
        if q not in allowed and stored.value(q) is not None
        and not same_value(stored.value(q), value)
    )
    if refused:
        raise ReopenedOnlyError(refused)


# --- what the consultant sees ------------------------------------------------------------


def history(session: Session, assessment: Assessment, stored: AnswerSet | None = None
            ) -> list[ChangeRound]:
    """Every change request, newest first, with what became of each commented answer.

    ``stored``: the assessment's answers when the caller has read them already.
    """
    requests = list(session.scalars(
        sa.select(ChangeRequest).where(ChangeRequest.assessment_id == assessment.id)
        .order_by(ChangeRequest.id.desc())
    ))
    if not requests:
        return []
    stored = stored or stored_answers.load(session, assessment)
    people = {inv.id: inv for inv in invitations.for_assessment(session, assessment)}
    comments = session.scalars(
        sa.select(ReviewComment).where(ReviewComment.assessment_id == assessment.id)
        .order_by(ReviewComment.id)
    )
    by_request: dict[int, list[CommentOutcome]] = {}
    for comment in comments:
        by_request.setdefault(comment.change_request_id, []).append(
            _outcome(comment, stored, people.get(comment.invitation_id or 0)))
    return [
        ChangeRound(r.id, r.requested_by, r.requested_at, r.message, r.closed_at,
                    r.closed_at is None, tuple(by_request.get(r.id, ())))
        for r in requests
    ]


def _outcome(comment: ReviewComment, stored: AnswerSet, invitation: Invitation | None
             ) -> CommentOutcome:
    now = stored.get(comment.question_id)
    resubmitted = None
    if invitation is not None and invitation.submitted_at and (
            invitation.submitted_at >= comment.created_at):
        resubmitted = invitation.submitted_at
    return CommentOutcome(
        question_id=comment.question_id, body=comment.body,
        respondent=invitation.respondent_label if invitation else None,
        before=comment.answer_value, before_version=comment.answer_version,
        after=now.value if now else None, after_version=now.version if now else 0,
        resubmitted_at=resubmitted,
    )
