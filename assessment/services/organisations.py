"""Client organisations: find by name or create."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.organisation import Organisation
from assessment.services import audit
from assessment.services.errors import N_, DomainError

MAX_NAME_LENGTH = 200


class OrganisationError(DomainError):
    """An organisation name that cannot be used, with the reason."""


def clean_name(name: str) -> str:
    """The name with surrounding and repeated whitespace removed; refuses empty or long names."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise OrganisationError(N_("The organisation name is empty."), "organisation")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise OrganisationError(N_(
            "The organisation name is %(length)d characters; at most %(max)d.",
            length=len(cleaned), max=MAX_NAME_LENGTH,
        ), "organisation")
    return cleaned


def find(session: Session, name: str) -> Organisation | None:
    """The organisation with this name (whitespace-normalised, case-insensitive), if any."""
    cleaned = clean_name(name)
    return session.scalar(
        sa.select(Organisation).where(sa.func.lower(Organisation.name) == cleaned.lower())
    )


def get_or_create(session: Session, name: str, *, actor: str = audit.SYSTEM_ACTOR) -> Organisation:
    """The organisation with this name, created (and audited) if it does not exist yet."""
    existing = find(session, name)
    if existing is not None:
        return existing
    organisation = Organisation(name=clean_name(name))
    session.add(organisation)
    session.flush()
    audit.record(
        session,
        "organisation.created",
        actor=actor,
        details={"organisation_id": organisation.id, "name": organisation.name},
    )
    return organisation
