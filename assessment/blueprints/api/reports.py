"""``/api/v1/assessments/<id>/report``: the PDF, or where its preparation stands.

Reports are rendered by the background queue: a report not yet stored answers 202 with its
status (and Retry-After), and is queued; ask again, or follow ``/report/status``. Sales get
the released report of an approved assessment (kept through a re-score until the new result
is approved), as on the dashboard.
"""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask_babel import gettext

from assessment.blueprints.api import auth, documents, problems, schemas
from assessment.blueprints.api.blueprint import bp
from assessment.blueprints.api.spec import api, responses
from assessment.blueprints.reports import delivery
from assessment.extensions import db
from assessment.models.assessment import Assessment
from assessment.models.report_cache import RenderState
from assessment.services import access, audit, report_store, reports
from reports.cache import ReportFile

TAGS = ("Reports",)
RETRY_AFTER = 5


def _access(assessment_id: int) -> tuple[Assessment, frozenset[access.Action]]:
    return access.require_grants(db.session(), auth.user(), access.Action.DOWNLOAD_REPORT,
                                 assessment_id)


@bp.get("/assessments/<id:assessment_id>/report")
@api.validate(query=schemas.ReportQuery, resp=responses(
    {"HTTP_200": None, "HTTP_202": schemas.ReportStatus}, 403, 404, 409, 422, 503),
    tags=TAGS)
def report(assessment_id: int) -> Any:  # a model or Response
    """Download the report (PDF)

    The full report or the executive summary, in the assessment's language or another.
    200 with the PDF when it is ready; 202 with its status while it is prepared (it is
    queued by this request); 503 when its preparation failed after retries.
    """
    session = db.session()
    assessment, allowed = _access(assessment_id)
    if delivery.wants_release(assessment, allowed):
        found: ReportFile = delivery.released(
            session, assessment, request.args)
        return _sent(assessment, found)
    prepared = delivery.prepare(session, assessment, request.args)
    stored = delivery.stored_or_rendered(session, assessment, prepared)
    if stored is not None:
        return _sent(assessment, stored)
    return _state(assessment, prepared, delivery.status(session, assessment, prepared))


@bp.get("/assessments/<id:assessment_id>/report/status")
@api.validate(query=schemas.ReportQuery, resp=responses(
    {"HTTP_200": schemas.ReportStatus}, 403, 404, 409, 422), tags=TAGS)
def report_status(assessment_id: int) -> Any:  # a model or Response
    """Where the report's preparation stands

    queued, rendering, ready (with its download URL) or failed (with the error); asking
    queues a report that is neither stored nor under way.
    """
    session = db.session()
    assessment, allowed = _access(assessment_id)
    if delivery.wants_release(assessment, allowed):
        delivery.released(session, assessment, request.args)  # 404 when not released
        return _status_document(assessment, RenderState.READY, None)
    prepared = delivery.prepare(session, assessment, request.args)
    if report_store.exists(session, prepared.cache_key):
        return _status_document(assessment, RenderState.READY, None)
    current = delivery.status(session, assessment, prepared)
    return _status_document(assessment, current.state, current.error)


def _status_document(assessment: Assessment, state: RenderState,
                     error: str | None) -> schemas.ReportStatus:
    ready = state is RenderState.READY
    url = documents.absolute("api.report", assessment_id=assessment.id,
                             edition=delivery.edition_of(request.args),
                             **({"lang": request.args["lang"]} if request.args.get("lang")
                                else {}))
    return schemas.ReportStatus(
        state=state.value,
        download_url=url if ready else None,
        error=error if state is RenderState.FAILED else None,
        retry_after=None if ready or state is RenderState.FAILED else RETRY_AFTER)


def _state(assessment: Assessment, prepared: reports.PreparedReport,
           current: report_store.Status) -> Any:  # a model or Response
    if current.state is RenderState.FAILED:
        return problems.problem(503, gettext(
            "The report could not be prepared after %(tries)d tries: %(error)s. The "
            "assessment's page in the dashboard can try again.", tries=current.attempts,
            error=current.error or "?"),
                                headers={"Retry-After": "60"})
    document = _status_document(assessment, current.state, None)
    return document, 202, {"Retry-After": str(RETRY_AFTER)}


def _sent(assessment: Assessment, found: ReportFile) -> Response:
    user = auth.user()
    return delivery.sent(db.session(), assessment, found, delivery.edition_of(request.args),
                         user=user, actor=audit.actor_label(user), address=request.remote_addr,
                         via="api")
