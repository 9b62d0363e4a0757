"""The demo the README's run command shows: an organisation, a consultant, three links.

Beside it, ``demo_examples`` seeds a few example clients with scored assessments (once), so
the dashboard, the heat map and the PDF report have something to show from the start.

Idempotent: a second run reuses the organisation, its open assessment and the consultant
(whose password is printed only when it is created or reset). A link a respondent has
opened or submitted keeps working and is not replaced (only its hash is stored, so it is
listed without its URL); the unopened links of earlier runs are revoked and fresh ones
printed in their place.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.assessment import Assessment
from assessment.models.invitation import Invitation
from assessment.models.types import utcnow
from assessment.models.user import Role, User
from assessment.services import (
    assessments,
    bank,
    demo_examples,
    invitations,
    organisations,
    shares,
    users,
)

DEMO_ORGANISATION = "Demo Retail BV"
DEMO_EMAIL = "consultant@example.com"
DEMO_ACTOR = "demo"

# (respondent name, role, preferred area ids or None for every area)
DEMO_RESPONDENTS: tuple[tuple[str, str, tuple[str, ...] | None], ...] = (
    ("Sanne de Vries", "Managing director", None),
    ("Joost Bakker", "Warehouse lead", ("warehouse_capacity",)),
    ("Eva Jansen", "CTO", ("back_office_integration",)),
)


@dataclass(frozen=True)
class DemoLink:
    """One printed invitation link."""

    respondent: str
    areas: list[str] | None
    url: str | None  # None: an earlier link the respondent has opened, still working


@dataclass(frozen=True)
class DemoSeed:
    """What the demo printed: the login (password only when new) and the links."""

    organisation: str
    assessment_id: int
    email: str
    password: str | None
    links: list[DemoLink]
    base_url: str
    examples: int = 0  # example client assessments created by this run


def seed(
    session: Session,
    *,
    base_url: str,
    ttl_days: int = invitations.DEFAULT_TTL_DAYS,
    reset_password: bool = False,
    with_examples: bool = True,
) -> DemoSeed:
    """Create or reuse the demo organisation, assessment and consultant; issue links valid
    for ``ttl_days``.

    Flushes only: the ``demo`` command commits it all at the end.
    """
    organisation = organisations.get_or_create(session, DEMO_ORGANISATION, actor=DEMO_ACTOR)
    assessment = assessments.open_for(session, organisation)
    if assessment is None or not bank.is_available(assessment):
        # an earlier demo pinned to a version the bank has since dropped stays as it is
        assessment = assessments.start(session, organisation, actor=DEMO_ACTOR)
    consultant, password = _consultant(session, reset_password)
    if not shares.members(session, assessment.id):
        shares.grant(session, assessment, consultant, owner=True, actor=DEMO_ACTOR)
    earlier = _earlier_links(session, assessment)
    links = []
    for respondent in DEMO_RESPONDENTS:
        mine = [i for i in earlier if (i.respondent_name, i.respondent_role) == respondent[:2]]
        started = next((i for i in mine if i.first_used_at or i.submitted_at), None)
        for unopened in (i for i in mine if not (i.first_used_at or i.submitted_at)):
            invitations.revoke(session, unopened, actor=DEMO_ACTOR)
        if started is not None:
            links.append(DemoLink(started.respondent_label, started.areas, None))
        else:
            links.append(_link(session, assessment, respondent, base_url, ttl_days))
    examples = len(demo_examples.seed_examples(session, consultant)) if with_examples else 0
    return DemoSeed(
        organisation.name,
        assessment.id,
        consultant.email,
        password,
        links,
        base_url.rstrip("/"),
        examples,
    )


def _consultant(session: Session, reset_password: bool) -> tuple[User, str | None]:
    existing = users.find_by_email(session, DEMO_EMAIL)
    password = secrets.token_urlsafe(15)
    if existing is None:
        user = users.create_user(
            session,
            email=DEMO_EMAIL,
            password=password,
            role=Role.CONSULTANT.value,
            actor=DEMO_ACTOR,
        )
        return user, password
    if reset_password:
        users.set_password(session, existing, password, actor=DEMO_ACTOR)
        return existing, password
    return existing, None


def _earlier_links(session: Session, assessment: Assessment) -> list[Invitation]:
    """The assessment's links that still work (not revoked, not expired), oldest first."""
    return list(
        session.scalars(
            sa.select(Invitation)
            .where(
                Invitation.assessment_id == assessment.id,
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > utcnow(),
            )
            .order_by(Invitation.id)
        )
    )


def _link(
    session: Session,
    assessment: Assessment,
    respondent: tuple[str, str, tuple[str, ...] | None],
    base_url: str,
    ttl_days: int,
) -> DemoLink:
    name, role, wanted = respondent
    known = bank.area_ids(bank.questionnaire_for(assessment))
    areas = None if wanted is None else [a for a in wanted if a in known] or known[:1]
    invitation, token = invitations.create(
        session,
        assessment,
        areas=areas,
        respondent_name=name,
        respondent_role=role,
        ttl_days=ttl_days,
        actor=DEMO_ACTOR,
    )
    return DemoLink(
        invitation.respondent_label, invitation.areas, invitations.invitation_url(base_url, token)
    )
