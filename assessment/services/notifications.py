"""Who is told what by e-mail, and the record of every message.

Kinds of message: ``invitation`` and ``reminder`` (to a respondent, in the invitation's
language), ``changes_requested`` (to each respondent with an e-mail address whose answers
were reopened, in the invitation's language), ``submitted`` and ``changes_answered`` (to the
assessment's assignee, else its owner), ``approved`` (to every active sales user) and
``rescored`` (an approved assessment was re-scored: to its owner and assignee, unless they
did it; sales keep the approved report until the new result is approved). Staff
messages are written in the assessment's language: users have no language of their own
stored, and the assessment's is the one the consultant works in with the client.

Staff can turn off the kinds in ``OPTIONAL_KINDS`` (``MailOptOut``). A message is recorded
(``MailMessage``) when it is queued, and its outcome once the job has tried to send it; the
body and any token are never stored. No Flask here: the job module renders and sends.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.assessment import Assessment
from assessment.models.invitation import Invitation
from assessment.models.mail import InvitationAddress, MailMessage, MailOptOut, MailOutcome
from assessment.models.review import ChangeRequest, ReviewComment
from assessment.models.share import AssessmentShare, ShareKind
from assessment.models.types import utcnow
from assessment.models.user import Role, User

INVITATION = "invitation"
REMINDER = "reminder"
SUBMITTED = "submitted"
CHANGES_ANSWERED = "changes_answered"
CHANGES_REQUESTED = "changes_requested"
APPROVED = "approved"
RESCORED = "rescored"
KINDS = (INVITATION, REMINDER, SUBMITTED, CHANGES_ANSWERED, CHANGES_REQUESTED, APPROVED,
         RESCORED)
OPTIONAL_KINDS = (SUBMITTED, CHANGES_ANSWERED, APPROVED, RESCORED)
MAX_ERROR_LENGTH = 500


def record(session: Session, kind: str, recipient: str, language: str, *,
           assessment_id: int | None = None, invitation_id: int | None = None,
           user_id: int | None = None) -> MailMessage:
    """Record a message about to be queued. Flushes only."""
    message = MailMessage(kind=kind, recipient=recipient, language=language,
                          assessment_id=assessment_id, invitation_id=invitation_id,
                          user_id=user_id, created_at=utcnow(),
                          outcome=MailOutcome.QUEUED.value, attempts=0)
    session.add(message)
    session.flush()
    return message


def mark(session: Session, message: MailMessage, outcome: MailOutcome,
         error: str | None = None) -> None:
    """Note a try's outcome (the error's text, shortened, never the body). Flushes only."""
    message.attempts = (message.attempts or 0) + 1
    message.outcome = outcome.value
    message.error = error[:MAX_ERROR_LENGTH] if error else None
    if outcome in (MailOutcome.SENT, MailOutcome.WRITTEN):
        message.sent_at = utcnow()
    session.flush()


def failures(session: Session, assessment_id: int) -> Sequence[MailMessage]:
    """The assessment's messages that could not be sent, newest first (one query)."""
    return session.scalars(sa.select(MailMessage).where(
        MailMessage.assessment_id == assessment_id,
        MailMessage.outcome == MailOutcome.FAILED.value,
    ).order_by(MailMessage.created_at.desc(), MailMessage.id.desc()).limit(20)).all()


# --- recipients ----------------------------------------------------------------------


def address_of(session: Session, invitation_id: int) -> InvitationAddress | None:
    """The e-mail address the invitation was sent to, if any."""
    return session.get(InvitationAddress, invitation_id)


def responsible(session: Session, assessment: Assessment) -> User | None:
    """Who is told of submissions: the assignee, else the owner (active accounts only)."""
    user_id = assessment.assignee_id or _owner_id(session, assessment)
    user = session.get(User, user_id) if user_id else None
    return user if user is not None and user.active else None


def owners(session: Session, assessment: Assessment) -> list[User]:
    """The owner and the assignee (once each, active accounts only)."""
    ids = dict.fromkeys(i for i in (_owner_id(session, assessment), assessment.assignee_id)
                        if i is not None)
    users = [session.get(User, user_id) for user_id in ids]
    return [user for user in users if user is not None and user.active]


def _owner_id(session: Session, assessment: Assessment) -> int | None:
    return session.scalar(sa.select(AssessmentShare.user_id).where(
        AssessmentShare.assessment_id == assessment.id,
        AssessmentShare.kind == ShareKind.OWNER.value))


def wants(session: Session, user: User, kind: str) -> bool:
    """False when the user turned this kind of message off."""
    return session.scalar(sa.select(MailOptOut.id).where(
        MailOptOut.user_id == user.id, MailOptOut.kind == kind)) is None


def sales_users(session: Session) -> Sequence[User]:
    """Active sales users who want to hear of approvals."""
    opted_out = sa.select(MailOptOut.user_id).where(MailOptOut.kind == APPROVED)
    return session.scalars(sa.select(User).where(
        User.role == Role.SALES.value, User.active.is_(True),
        User.id.not_in(opted_out)).order_by(User.id)).all()


def answered_changes(session: Session, invitation: Invitation) -> bool:
    """True when the respondent's submission answers a change request still open."""
    return session.scalar(sa.select(ReviewComment.id).join(
        ChangeRequest, ChangeRequest.id == ReviewComment.change_request_id).where(
        ReviewComment.invitation_id == invitation.id,
        ChangeRequest.closed_at.is_(None)).limit(1)) is not None


def addressed_by_request(session: Session, change_request_id: int) -> Sequence[Invitation]:
    """The invitations whose answers a change request reopened."""
    ids = sa.select(ReviewComment.invitation_id).where(
        ReviewComment.change_request_id == change_request_id)
    return session.scalars(sa.select(Invitation).where(Invitation.id.in_(ids))
                           .order_by(Invitation.id)).all()


# --- preferences ---------------------------------------------------------------------


def turned_off(session: Session, user: User) -> set[str]:
    """The kinds of message the user does not want."""
    return set(session.scalars(sa.select(MailOptOut.kind).where(MailOptOut.user_id == user.id)))


def set_wanted(session: Session, user: User, wanted: Iterable[str]) -> None:
    """Keep the optional kinds in ``wanted`` on, turn the others off. Flushes only."""
    chosen = set(wanted)
    current = turned_off(session, user)
    for kind in OPTIONAL_KINDS:
        if kind in chosen and kind in current:
            session.execute(sa.delete(MailOptOut).where(MailOptOut.user_id == user.id,
                                                        MailOptOut.kind == kind))
        elif kind not in chosen and kind not in current:
            session.add(MailOptOut(user_id=user.id, kind=kind))
    session.flush()
