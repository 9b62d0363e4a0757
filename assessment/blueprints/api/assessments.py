"""``/api/v1/assessments``: list with the dashboard's filters, create, read the reviewed result."""

from __future__ import annotations

from typing import Any

from flask import request
from werkzeug.datastructures import MultiDict

from assessment.blueprints.api import auth, documents, schemas
from assessment.blueprints.api.blueprint import bp
from assessment.blueprints.api.spec import api, responses
from assessment.extensions import db
from assessment.models.user import Role, User
from assessment.services import (
    access,
    bank,
    list_query,
    listing,
    milestones,
    organisations,
    shares,
)
from assessment.services.errors import N_, DomainError, ForbiddenError

TAGS = ("Assessments",)


@bp.get("/assessments")
@api.validate(query=schemas.AssessmentQuery,
              resp=responses({"HTTP_200": schemas.AssessmentPage}, 422), tags=TAGS)
def assessments_list() -> Any:  # a model or Response
    """List assessments

    The dashboard's list: search, several statuses at once, band, area at risk, sort and
    pages. Sales accounts see the approved assessments.
    """
    user = auth.user()
    args = MultiDict(request.args)
    if user.role == Role.SALES:  # sales read the approved ones (and only those)
        asked = args.getlist("status")
        args.setlist("status", [s for s in asked if s == "approved"] if asked else ["approved"])
        if asked and not args.getlist("status"):
            return schemas.AssessmentPage(items=[], total=0, page=1, pages=1,
                                          per_page=int(args.get("per_page", 25)))
    query = list_query.parse_query(args, bank.area_ids(bank.latest()))
    page = listing.list_page(db.session(), user, query)
    return schemas.AssessmentPage(items=[documents.summary(row) for row in page.rows],
                                  total=page.total, page=page.query.page, pages=page.pages,
                                  per_page=page.query.per_page)


@bp.post("/assessments")
@api.validate(json=schemas.AssessmentIn,
              resp=responses({"HTTP_201": schemas.Assessment}, 403, 404, 409, 415, 422),
              tags=TAGS)
def assessment_create() -> Any:  # a model or Response
    """Create an assessment

    A new assessment of an organisation the caller may see, on the newest questionnaire; a
    consultant owns what they create, an admin may name the owning consultant. An
    organisation with an assessment still being answered gets no second one (409).
    """
    body: schemas.AssessmentIn = auth.body()
    user = auth.user()
    if not access.may_open_listed(user):
        raise ForbiddenError(N_("Sales accounts cannot start assessments."))
    session = db.session()
    organisation = organisations.visible(session, body.organisation_id, user)
    owner = _owner(user, body.owner_email)
    created = milestones.start_assessment(
        session, user, organisation_name=organisation.name, language=body.language,
        owner=owner, organisation=organisation)
    return documents.assessment(session, created), 201


def _owner(user: User, email: str | None) -> User | None:
    if not email:
        return None
    if user.role != Role.ADMIN:
        raise ForbiddenError(N_("Only an administrator names another owner."))
    try:
        return shares.consultant_by_email(db.session(), email)
    except DomainError as error:
        raise DomainError(error.text, "owner_email") from None


@bp.get("/assessments/<id:assessment_id>")
@api.validate(resp=responses({"HTTP_200": schemas.Assessment}, 403, 404), tags=TAGS)
def assessment_read(assessment_id: int) -> Any:  # a model or Response
    """Read an assessment and its reviewed result

    Status, versions, and once scored: overall and per-area scores, bands, levels and
    confidence, the findings as the consultant reviewed them (severity changes, added and
    dismissed findings), and the respondents' open disagreements.
    """
    assessment, _allowed = auth.readable(assessment_id)
    return documents.assessment(db.session(), assessment)
