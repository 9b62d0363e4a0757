"""The gap report download (``/reports/<assessment id>.pdf``), for signed-in staff.

Outside ``/dashboard`` on purpose: it is its own audience-neutral route that the
dashboard links to. Who may download is decided by ``services.access``: an admin, a
consultant the assessment is shared with, or sales once the assessment is approved.

A report is never rendered in the web request: the download serves the stored PDF at
once, or queues a render job and answers 202 with a page that refreshes itself until the
PDF is there (``/reports/<id>/status.json`` says the same for scripts). A render that
failed after its retries says so, with a button to try again. ``JOBS_EAGER`` (tests)
renders in the request instead.
"""

from __future__ import annotations

from typing import cast

from flask import Blueprint, Response, g, redirect, request, url_for
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.orm import Session

from assessment.blueprints.auth.login_manager import login_manager
from assessment.blueprints.dashboard.context import layout_context
from assessment.blueprints.reports import delivery
from assessment.blueprints.reports.pages import preparing_page, ready_page
from assessment.extensions import db
from assessment.jobs import triggers
from assessment.models.assessment import Assessment
from assessment.models.report_cache import RenderState
from assessment.services import access, report_store
from reports.cache import ReportFile

bp = Blueprint("reports", __name__, url_prefix="/reports")
bp.context_processor(layout_context)


@bp.record_once
def _install_triggers(_state: BlueprintSetupState) -> None:
    """Scoring and review commits queue report renders (assessment/jobs/triggers.py)."""
    triggers.install()


@bp.before_request
def require_login() -> ResponseReturnValue | None:
    """Anonymous visitors go to the login page, as for the dashboard."""
    if not current_user.is_authenticated:
        return cast(Response, login_manager.unauthorized())
    return None


@bp.get("/<id:assessment_id>.pdf")
def download(assessment_id: int) -> ResponseReturnValue:
    """The assessment's PDF gap report (``?lang=nl`` for another language,
    ``?edition=executive`` for the executive summary; a bad edition is a 400), or the page
    saying it is being prepared. Sales (and ``?released=1``) get the released report, which
    outlives a re-score until the new result is approved (``services.releases``)."""
    session = db.session()
    assessment, allowed = _access(session, assessment_id)
    if delivery.wants_release(assessment, allowed, bool(request.args.get("released"))):
        report: ReportFile = delivery.released(session, assessment, request.args)
        return _sent(session, assessment, report, delivery.edition_of(request.args))
    prepared = delivery.prepare(session, assessment, request.args)
    cached = delivery.stored_or_rendered(session, assessment, prepared)
    if cached is None:
        status = delivery.status(session, assessment, prepared)
        return preparing_page(assessment, prepared, status)
    if request.args.get("waited"):
        return ready_page(assessment, prepared)
    return _sent(session, assessment, cached, prepared.edition)


def _sent(session: Session, assessment: Assessment, report: ReportFile, edition: str
          ) -> Response:
    return delivery.sent(session, assessment, report, edition, user=current_user,
                         actor=current_user.email, address=request.remote_addr)


@bp.get("/<id:assessment_id>/status.json")
def status(assessment_id: int) -> ResponseReturnValue:
    """Where the report stands: {"state", "download_url", "error"} (queues it if needed)."""
    session = db.session()
    assessment, allowed = _access(session, assessment_id)
    if delivery.wants_release(assessment, allowed, bool(request.args.get("released"))):
        report = delivery.released(session, assessment, request.args)
        return {"state": RenderState.READY.value, "error": None,
                "download_url": url_for("reports.download", assessment_id=assessment.id,
                                        lang=request.args.get("lang") or assessment.language,
                                        edition=delivery.edition_of(request.args),
                                        released=1),
                "report_id": report.report_id}
    prepared = delivery.prepare(session, assessment, request.args)
    url = url_for("reports.download", assessment_id=assessment.id, lang=prepared.language,
                  edition=prepared.edition)
    if report_store.exists(session, prepared.cache_key):
        return {"state": RenderState.READY.value, "download_url": url, "error": None}
    current = delivery.status(session, assessment, prepared)
    return {"state": current.state.value, "download_url": None,
            "error": current.error if current.state is RenderState.FAILED else None}


@bp.post("/<id:assessment_id>/retry")
def retry(assessment_id: int) -> ResponseReturnValue:
    """Queue a failed report again (the "Try again" button of the preparing page)."""
    session = db.session()
    assessment, _allowed = _access(session, assessment_id)
    prepared = delivery.prepare(session, assessment, request.form)
    if not report_store.exists(session, prepared.cache_key):
        delivery.status(session, assessment, prepared, again=True)
    return redirect(url_for("reports.download", assessment_id=assessment.id,
                            lang=prepared.language, edition=prepared.edition, waited=1), 303)


def _access(session: Session, assessment_id: int
            ) -> tuple[Assessment, frozenset[access.Action]]:
    """The assessment if the user may download its report (404/403 otherwise)."""
    assessment, allowed = access.require_grants(session, current_user,
                                                access.Action.DOWNLOAD_REPORT, assessment_id)
    g.report_back_url = (url_for("dashboard.assessment_detail", assessment_id=assessment.id)
                         if access.Action.VIEW in allowed else None)
    return assessment, allowed
