"""``/api/v1/organisations``: list (those the caller may see), create, read."""

from __future__ import annotations

import math
from typing import Any

import sqlalchemy as sa
from flask import request

from assessment.blueprints.api import auth, documents, schemas
from assessment.blueprints.api.blueprint import bp
from assessment.blueprints.api.spec import api, responses
from assessment.extensions import db
from assessment.models.organisation import Organisation
from assessment.services import access, audit, organisations
from assessment.services.errors import N_, ForbiddenError

PAGE_SIZE = 50
TAGS = ("Organisations",)


@bp.get("/organisations")
@api.validate(query=schemas.PageQuery, resp=responses({"HTTP_200": schemas.OrganisationPage},
                                                      422), tags=TAGS)
def organisations_list() -> Any:  # a model or Response
    """List organisations

    The organisations the caller may see (an admin: all), by name, 50 a page.
    """
    query: schemas.PageQuery = request.context.query  # type: ignore[attr-defined]
    session = db.session()
    where = organisations.visible_clause(auth.user())
    total = session.scalar(sa.select(sa.func.count()).select_from(Organisation).where(where)) or 0
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(query.page, pages)
    found = session.scalars(sa.select(Organisation).where(where)
                            .order_by(Organisation.name, Organisation.id)
                            .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return schemas.OrganisationPage(items=[documents.organisation(o) for o in found],
                                    total=total, page=page, pages=pages)


@bp.post("/organisations")
@api.validate(json=schemas.OrganisationIn,
              resp=responses({"HTTP_201": schemas.Organisation}, 403, 415, 422), tags=TAGS)
def organisation_create() -> Any:  # a model or Response
    """Create an organisation

    A new client organisation (names need not be unique); the caller sees it from then on.
    Sales accounts cannot create organisations.
    """
    body: schemas.OrganisationIn = auth.body()
    user = auth.user()
    if not access.may_open_listed(user):
        raise ForbiddenError(N_("Sales accounts cannot create organisations."))
    created = organisations.create(db.session(), body.name, actor=audit.actor_label(user),
                                   created_by=user.id)
    return documents.organisation(created), 201


@bp.get("/organisations/<id:organisation_id>")
@api.validate(resp=responses({"HTTP_200": schemas.Organisation}, 404), tags=TAGS)
def organisation_read(organisation_id: int) -> Any:  # a model or Response
    """Read an organisation"""
    return documents.organisation(organisations.visible(db.session(), organisation_id,
                                                        auth.user()))
