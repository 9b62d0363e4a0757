"""The invitations page and the new-assessment form: choices, rows, the one-time link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from assessment.blueprints.dashboard.assessment_forms import InvitationForm, NewAssessmentForm
from assessment.blueprints.dashboard.contexts.labels import status_label, when
from assessment.blueprints.dashboard.contexts.review_labels import language_name, page_language
from assessment.models.assessment import Assessment, Status
from assessment.models.invitation import Invitation
from assessment.models.types import utcnow
from assessment.models.user import Role, User
from assessment.services import access, bank, invitations, stored_answers

INVITE_STATUSES = frozenset({Status.INVITED, Status.IN_PROGRESS})
STATE_LABELS = {
    "revoked": _l("Revoked"),
    "expired": _l("Expired"),
    "submitted": _l("Submitted"),
    "reopened": _l("Reopened for changes"),
    "answering": _l("Answering"),
    "opened": _l("Opened"),
    "not_opened": _l("Not opened yet"),
}


def fill_new_assessment_form(session: Session, form: NewAssessmentForm, user: Any) -> None:
    """Languages of the newest questionnaire; for admins, the consultants who may own it."""
    questionnaire = bank.latest()
    form.language.choices = [(code, language_name(code)) for code in questionnaire.languages]
    if not form.language.data:
        form.language.data = questionnaire.languages[0]
    consultants = session.execute(
        sa.select(User.id, User.email)
        .where(User.role == Role.CONSULTANT.value, User.active)
        .order_by(User.email)
    )
    form.owner.choices = [(0, str(_l("No owner yet")))] + [
        (uid, email) for uid, email in consultants
    ]
    if not access.is_admin(user):
        del form.owner


def may_invite(assessment: Assessment) -> bool:
    """New respondents join only before the assessment is submitted."""
    return assessment.status in INVITE_STATUSES


def fill_invitation_form(form: InvitationForm, assessment: Assessment) -> None:
    """Area and language choices from the assessment's pinned questionnaire."""
    questionnaire = bank.pinned_or_none(assessment)
    language = page_language()
    if questionnaire is None:
        form.areas.choices, form.language.choices = [], []
        return
    form.areas.choices = [
        (a.id, questionnaire.text(a.title, language)) for a in questionnaire.areas
    ]
    form.language.choices = [(c, language_name(c)) for c in questionnaire.languages]
    if not form.language.data:
        form.language.data = assessment.language


@dataclass(frozen=True)
class InvitationRow:
    """One invitation with what its respondent has done."""

    id: int
    respondent: str
    areas: str
    language: str
    state: str
    state_label: str
    created: str
    expires: str
    opened: str
    answers: int
    last_answer: str
    submitted: str
    revoke_url: str | None
    lead: bool = False  # answers the profile questions for the organisation


def invitations_context(session: Session, user: Any, assessment: Assessment) -> dict[str, Any]:
    """Everything dashboard/invitations.html renders."""
    questionnaire = bank.pinned_or_none(assessment)
    titles = (
        {a.id: questionnaire.text(a.title, page_language()) for a in questionnaire.areas}
        if questionnaire
        else {}
    )
    may_change = access.may(session, user, access.Action.CHANGE, assessment)
    stored = stored_answers.load(session, assessment)
    rows = [
        _row(inv, titles, stored, assessment, may_change)
        for inv in invitations.for_assessment(session, assessment)
    ]
    return {
        "assessment_id": assessment.id,
        "organisation": assessment.organisation.name,
        "status_label": status_label(assessment.status),
        "rows": rows,
        "may_invite": may_change and may_invite(assessment) and questionnaire is not None,
        "action_url": url_for("dashboard.invitation_create", assessment_id=assessment.id),
        "back_url": url_for("dashboard.assessment_detail", assessment_id=assessment.id),
    }


def _row(
    invitation: Invitation,
    titles: dict[str, str],
    stored: stored_answers.AnswerSet,
    assessment: Assessment,
    may_change: bool,
) -> InvitationRow:
    given = [
        a
        for a in stored.answers.values()
        if a.invitation_id == invitation.id and a.value is not None
    ]
    state = _state(invitation, assessment)
    areas = (
        ", ".join(titles.get(a, a) for a in invitation.areas)
        if invitation.areas
        else str(_l("All areas"))
    )
    revocable = may_change and state not in ("revoked", "expired")
    return InvitationRow(
        id=invitation.id,
        respondent=invitation.respondent_label,
        areas=areas,
        language=language_name(invitation.language),
        state=state,
        state_label=str(STATE_LABELS[state]),
        created=when(invitation.created_at),
        expires=when(invitation.expires_at),
        opened=when(invitation.first_used_at),
        answers=len(given),
        last_answer=when(max((a.updated_at for a in given), default=None)),
        submitted=when(invitation.submitted_at),
        lead=invitation.lead,
        revoke_url=url_for(
            "dashboard.invitation_revoke", assessment_id=assessment.id, invitation_id=invitation.id
        )
        if revocable
        else None,
    )


def _state(invitation: Invitation, assessment: Assessment) -> str:
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.submitted_at is not None:
        return "submitted"
    if invitation.expires_at <= utcnow():
        return "expired"
    if assessment.status == Status.CHANGES_REQUESTED:
        return "reopened"
    if invitation.first_used_at is not None:
        return "answering" if invitation.last_section_id else "opened"
    return "not_opened"


def created_context(assessment: Assessment, invitation: Invitation, link: str) -> dict[str, Any]:
    """The page that shows a new link once."""
    return {
        "assessment_id": assessment.id,
        "organisation": assessment.organisation.name,
        "respondent": invitation.respondent_label,
        "link": link,
        "expires": when(invitation.expires_at),
        "back_url": url_for("dashboard.invitations_list", assessment_id=assessment.id),
    }
