"""``/api/v1/assessments/<id>/review/…``: the review steps a consultant may take, with the
dashboard's state machine (start, request changes, approve). A step the state machine does
not allow now is a 409 (``TransitionError`` is a conflict); other refusals 422."""

from __future__ import annotations

from typing import Any

from flask import current_app

from assessment.blueprints.api import auth, documents, schemas
from assessment.blueprints.api.blueprint import bp
from assessment.blueprints.api.spec import api, responses
from assessment.config import invitation_ttl_days
from assessment.extensions import db
from assessment.services import change_requests, review

TAGS = ("Review",)
STEP = responses({"HTTP_200": schemas.Assessment}, 403, 404, 409, 422)


@bp.post("/assessments/<id:assessment_id>/review/start")
@api.validate(resp=STEP, tags=TAGS)
def review_start(assessment_id: int) -> Any:  # a model or Response
    """Start the review

    Of a submitted (or resubmitted) assessment; open change requests are closed.
    """
    assessment = auth.changeable(assessment_id)
    review.start_review(db.session(), assessment, auth.user())
    return documents.assessment(db.session(), assessment)


@bp.post("/assessments/<id:assessment_id>/review/request-changes")
@api.validate(json=schemas.ChangesIn, resp=responses(
    {"HTTP_200": schemas.Assessment}, 403, 404, 409, 415, 422), tags=TAGS)
def review_request_changes(assessment_id: int) -> Any:  # a model or Response
    """Request changes

    Comment on questions (question id → comment); just those are reopened for the
    respondents who answered them, who are told by e-mail when they were invited by e-mail.
    """
    body: schemas.ChangesIn = auth.body()
    assessment = auth.changeable(assessment_id)
    change_requests.request_changes(
        db.session(), assessment, auth.user(), body.comments, language=assessment.language,
        ttl_days=invitation_ttl_days(current_app.config))
    return documents.assessment(db.session(), assessment)


@bp.post("/assessments/<id:assessment_id>/review/approve")
@api.validate(resp=STEP, tags=TAGS)
def review_approve(assessment_id: int) -> Any:  # a model or Response
    """Approve

    Approve the reviewed result of an assessment in review: its report is released to
    sales (both editions are prepared in the background).
    """
    assessment = auth.changeable(assessment_id)
    review.approve(db.session(), assessment, auth.user())
    return documents.assessment(db.session(), assessment)
