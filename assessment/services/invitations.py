"""Invitations: create a respondent's link, resolve its token, revoke it.

A token is ``secrets.token_urlsafe(32)``: 256 bits from the OS's CSPRNG. Only its SHA-256
is stored. A fast unsalted hash is enough here (unlike passwords): with 2^256 possible
tokens no table or brute force can invert it, and a stolen table of hashes opens nothing.
See doc/architecture/0003-data-and-invitations.md.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.assessment import Assessment
from assessment.models.invitation import Invitation
from assessment.models.types import utcnow
from assessment.services import audit, bank, completion
from assessment.services.errors import N_, DomainError, NotFoundError

TOKEN_BYTES = 32
DEFAULT_TTL_DAYS = 30
MAX_TTL_DAYS = 365

Reason = Literal["unknown", "expired", "revoked"]


class InvitationError(NotFoundError):
    """A token that cannot be used: ``reason`` is 'unknown', 'expired' or 'revoked'."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(N_("invitation %(reason)s", reason=reason))
        self.reason: Reason = reason


class InvitationSetupError(DomainError, ValueError):
    """An invitation cannot be created as asked (unknown area, language, bad expiry)."""


class LeadTakenError(InvitationSetupError):
    """The assessment already has a lead respondent (``field`` 'lead'; ``respondent``: who)."""

    def __init__(self, respondent: str) -> None:
        super().__init__(N_("This assessment already has a lead respondent: %(respondent)s. "
                            "Only one respondent can be the lead.", respondent=respondent),
                         field="lead")
        self.respondent = respondent


def hash_token(raw_token: str) -> str:
    """The stored form of a token: its SHA-256, hex."""
    return hashlib.sha256(raw_token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A fresh URL-safe token with 256 bits of randomness."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def invitation_url(base_url: str, raw_token: str) -> str:
    """The link a respondent opens: ``BASE_URL/i/<token>``."""
    return f"{base_url.rstrip('/')}/i/{raw_token}"


def create(
    session: Session,
    assessment: Assessment,
    *,
    areas: Iterable[str] | None = None,
    language: str | None = None,
    respondent_name: str | None = None,
    respondent_role: str | None = None,
    ttl_days: int = DEFAULT_TTL_DAYS,
    actor: str = audit.SYSTEM_ACTOR,
    lead: bool = False,
) -> tuple[Invitation, str]:
    """Create an invitation and return it with its raw token (shown once). Flushes only.

    ``ttl_days``: how long the link works; entry points pass their configured
    INVITATION_TTL_DAYS. ``lead``: this respondent owns the profile (at most one per
    assessment; LeadTakenError otherwise).
    """
    if not assessment.is_open:
        raise InvitationSetupError(N_(
            "Assessment %(id)s is %(status)s: it takes no new respondents.",
            id=assessment.id, status=assessment.status))
    if lead:
        _check_no_lead(session, assessment)
    questionnaire = bank.questionnaire_for(assessment)
    invitation = Invitation(
        assessment=assessment,
        areas=_check_areas(bank.area_ids(questionnaire), areas),
        language=_check_language(questionnaire.languages, language or assessment.language),
        respondent_name=_clean_text(respondent_name),
        respondent_role=_clean_text(respondent_role),
        expires_at=utcnow() + timedelta(days=_ttl(ttl_days)),
        lead=lead,
    )
    raw_token = new_token()
    invitation.token_hash = hash_token(raw_token)
    session.add(invitation)
    session.flush()
    audit.record(
        session,
        "invitation.created",
        assessment=assessment,
        actor=actor,
        details={
            "invitation_id": invitation.id,
            "areas": invitation.areas,
            "language": invitation.language,
            "respondent": invitation.respondent_label,
            "expires_at": invitation.expires_at.isoformat(),
            "lead": invitation.lead,
        },
    )
    return invitation, raw_token


def resolve(session: Session, raw_token: str, *, now: datetime | None = None) -> Invitation:
    """The invitation of a raw token, or InvitationError('unknown'|'expired'|'revoked')."""
    invitation = session.scalar(
        sa.select(Invitation).where(Invitation.token_hash == hash_token(raw_token))
    )
    if invitation is None:
        raise InvitationError("unknown")
    check_usable(invitation, now=now)
    return invitation


def check_usable(invitation: Invitation, *, now: datetime | None = None) -> None:
    """Raise InvitationError if the invitation has been revoked or has expired."""
    if invitation.revoked_at is not None:
        raise InvitationError("revoked")
    if invitation.expires_at <= (now or utcnow()):
        raise InvitationError("expired")


def get_active(session: Session, invitation_id: int) -> Invitation:
    """The invitation kept in a respondent's session, re-checked on every request."""
    invitation = session.get(Invitation, invitation_id)
    if invitation is None:
        raise InvitationError("unknown")
    check_usable(invitation)
    return invitation


def exchange(session: Session, raw_token: str) -> Invitation:
    """Resolve a token on first visit and note the visit (the client flow's ``/i/<token>``).

    Flushes only. Raises InvitationError like ``resolve``.
    """
    invitation = resolve(session, raw_token)
    now = utcnow()
    first_visit = invitation.first_used_at is None
    invitation.first_used_at = invitation.first_used_at or now
    invitation.last_used_at = now
    if first_visit:
        audit.record(
            session,
            "invitation.opened",
            assessment=invitation.assessment,
            actor=audit.invitation_actor(invitation),
            details={"invitation_id": invitation.id},
        )
    session.flush()
    return invitation


def end_session(session: Session, invitation: Invitation) -> None:
    """End every browser session of the invitation (its link still starts a new one): a
    cookie carrying the old session version is refused from now on. Flushes only."""
    invitation.session_version = (invitation.session_version or 0) + 1
    session.flush()


def set_language(session: Session, invitation: Invitation, language: str) -> None:
    """Remember the language the respondent chose: their link reopens in it. Raises
    InvitationSetupError for a language the questionnaire does not offer. Flushes only."""
    offered = bank.questionnaire_for(invitation.assessment).languages
    if invitation.language != _check_language(offered, language):
        invitation.language = language
        session.flush()


def revoke(session: Session, invitation: Invitation, *, actor: str = audit.SYSTEM_ACTOR) -> None:
    """Make the invitation's link unusable from now on; its answers are kept. Flushes only.

    Revoking the last outstanding invitation may complete the assessment.
    """
    if invitation.revoked_at is not None:
        return
    invitation.revoked_at = utcnow()
    audit.record(
        session,
        "invitation.revoked",
        assessment=invitation.assessment,
        actor=actor,
        details={"invitation_id": invitation.id, "respondent": invitation.respondent_label},
    )
    completion.complete_if_ready(session, invitation.assessment, actor=actor)
    session.flush()


def for_assessment(session: Session, assessment: Assessment) -> Sequence[Invitation]:
    """Every invitation of the assessment, oldest first."""
    return session.scalars(
        sa.select(Invitation)
        .where(Invitation.assessment_id == assessment.id)
        .order_by(Invitation.id)
    ).all()


def lead_of(session: Session, assessment: Assessment) -> Invitation | None:
    """The assessment's lead respondent (not revoked), if one was invited."""
    return session.scalar(
        sa.select(Invitation)
        .where(Invitation.assessment_id == assessment.id, Invitation.lead.is_(True),
               Invitation.revoked_at.is_(None))
    )


def respondent_count(session: Session, assessment: Assessment) -> int:
    """How many respondents (invitations not revoked) the assessment has: one means alone."""
    return int(session.scalar(
        sa.select(sa.func.count()).select_from(Invitation)
        .where(Invitation.assessment_id == assessment.id, Invitation.revoked_at.is_(None))
    ) or 0)


def _check_no_lead(session: Session, assessment: Assessment) -> None:
    current = lead_of(session, assessment)
    if current is not None:
        raise LeadTakenError(current.respondent_label)


def _check_areas(known: list[str], areas: Iterable[str] | None) -> list[str] | None:
    if areas is None:
        return None
    chosen = [a.strip() for a in areas if a.strip()]
    if not chosen:
        raise InvitationSetupError(
            N_("No areas given; leave areas out to invite for every area."))
    unknown = [a for a in chosen if a not in known]
    if unknown:
        raise InvitationSetupError(N_(
            "Unknown area(s) %(unknown)s; the questionnaire has %(known)s.",
            unknown=", ".join(unknown), known=", ".join(known)))
    if set(chosen) == set(known):
        return None
    return [a for a in known if a in chosen]


def _check_language(languages: Sequence[str], language: str) -> str:
    if language not in languages:
        raise InvitationSetupError(N_(
            "Unknown language %(language)s; the questionnaire offers %(offered)s.",
            language=repr(language), offered=", ".join(languages)))
    return language


def _ttl(ttl_days: int) -> int:
    if not 1 <= ttl_days <= MAX_TTL_DAYS:
        raise InvitationSetupError(N_("Expiry of %(days)s days; use 1 to %(max)s days.",
                                      days=ttl_days, max=MAX_TTL_DAYS))
    return ttl_days


def _clean_text(text: str | None) -> str | None:
    cleaned = " ".join((text or "").split())[:200]
    return cleaned or None
