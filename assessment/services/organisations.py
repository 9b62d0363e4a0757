"""Client organisations: find by name (among those the user may see) or create.

Names are not unique. An admin sees every organisation; anyone else sees those with at
least one assessment they may list (a consultant: one they own or that is shared with
them). A consultant who names a client they cannot see gets a new organisation of that
name, so nobody learns of, or blocks, a client they cannot see (issue 14).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.assessment import Assessment
from assessment.models.organisation import Organisation
from assessment.services import access, audit
from assessment.services.errors import N_, DomainError, NotFoundError

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


def visible_clause(user: access.Principal | None) -> sa.ColumnElement[bool]:
    """A WHERE clause on ``Organisation`` selecting those the user may see: those with an
    assessment they may list, and those they created."""
    if access.is_admin(user):
        return sa.true()
    listed = Organisation.id.in_(
        sa.select(Assessment.organisation_id).where(access.listable_clause(user)))
    return sa.or_(listed, Organisation.created_by_id == user.id) if user is not None else listed


def named(session: Session, name: str, *,
          visible_to: access.Principal | None = None) -> Sequence[Organisation]:
    """The organisations of this name (whitespace-normalised, case-insensitive), oldest
    first; with ``visible_to``, only those that user may see."""
    cleaned = clean_name(name)
    query = sa.select(Organisation).where(sa.func.lower(Organisation.name) == cleaned.lower())
    if visible_to is not None:
        query = query.where(visible_clause(visible_to))
    return session.scalars(query.order_by(Organisation.id)).all()


def find(session: Session, name: str) -> Organisation | None:
    """The oldest organisation with this name, if any (for system tasks: demo, examples)."""
    found = named(session, name)
    return found[0] if found else None


def visible(session: Session, organisation_id: int, user: access.Principal) -> Organisation:
    """The organisation if the user may see it; NotFoundError otherwise (never revealed)."""
    found = session.scalar(sa.select(Organisation).where(
        Organisation.id == organisation_id, visible_clause(user)))
    if found is None:
        raise NotFoundError(N_("No organisation has id %(id)s.", id=organisation_id))
    return found


def get(session: Session, organisation_id: int) -> Organisation:
    """The organisation with this id, or NotFoundError."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFoundError(N_("No organisation has id %(id)s.", id=organisation_id))
    return organisation


def get_or_create(session: Session, name: str, *, actor: str = audit.SYSTEM_ACTOR) -> Organisation:
    """The oldest organisation with this name, created (and audited) if there is none."""
    return find(session, name) or create(session, name, actor=actor)


def get_or_create_visible(session: Session, name: str, user: access.Principal, *,
                          actor: str) -> Organisation:
    """The oldest organisation of this name the user may see, else a new one. Flushes only."""
    found = named(session, name, visible_to=user)
    return found[0] if found else create(session, name, actor=actor)


class AmbiguousNameError(OrganisationError):
    """Several organisations share the name; ``ids`` lists them, oldest first."""

    def __init__(self, name: str, ids: Sequence[int]) -> None:
        super().__init__(N_(
            "%(count)d organisations are named %(name)s: ids %(ids)s.",
            count=len(ids), name=repr(name), ids=", ".join(str(i) for i in ids),
        ), "organisation")
        self.ids = list(ids)


def get_or_create_unique(session: Session, name: str, *,
                         actor: str = audit.SYSTEM_ACTOR) -> Organisation:
    """The only organisation of this name, or a new one; AmbiguousNameError when several
    share the name (the caller then asks for an id). Flushes only."""
    found = named(session, name)
    if len(found) > 1:
        raise AmbiguousNameError(clean_name(name), [o.id for o in found])
    return found[0] if found else create(session, name, actor=actor)


def create(session: Session, name: str, *, actor: str = audit.SYSTEM_ACTOR,
           created_by: int | None = None) -> Organisation:
    """A new organisation of this name, audited, even when others share the name; the user
    ``created_by`` sees it from then on."""
    organisation = Organisation(name=clean_name(name), created_by_id=created_by)
    session.add(organisation)
    session.flush()
    audit.record(
        session,
        "organisation.created",
        actor=actor,
        details={"organisation_id": organisation.id, "name": organisation.name},
    )
    return organisation
