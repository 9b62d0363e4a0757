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

from collections.abc import Mapping
from typing import cast

from flask import Blueprint, Response, current_app, g, redirect, request, url_for
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.orm import Session
from werkzeug.exceptions import Conflict, ServiceUnavailable

from assessment import jobs, unit_of_work
from assessment.blueprints.auth.login_manager import login_manager
from assessment.blueprints.dashboard.context import layout_context
from assessment.blueprints.reports.pages import pdf_response, preparing_page, ready_page
from assessment.extensions import db
from assessment.jobs import settings as job_settings
from assessment.jobs import triggers
from assessment.models.assessment import Assessment, Status
from assessment.models.report_cache import RenderState
from assessment.services import access, audit, releases, report_store, reports, security_log
from reports import ReportRenderError

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
    if _wants_release(assessment, allowed):
        report: reports.ReportFile | releases.ReleasedFile = _released(session, assessment)
        return _sent(session, assessment, report, _edition(request.args))
    prepared = _prepare(session, assessment)
    cached = report_store.cached(session, prepared)
    if cached is None and current_app.config.get("JOBS_EAGER"):
        cached = _render_now(session, assessment, prepared)
    if cached is None:
        status = _status(session, assessment, prepared)
        return preparing_page(assessment, prepared, status)
    if request.args.get("waited"):
        return ready_page(assessment, prepared)
    return _sent(session, assessment, cached, prepared.edition)


def _sent(session: Session, assessment: Assessment,
          report: reports.ReportFile | releases.ReleasedFile, edition: str) -> Response:
    audit.record(session, "report.downloaded", assessment=assessment,
                 actor=current_user.email,
                 details={"report_id": report.report_id, "cached": report.cached,
                          "edition": edition})
    security_log.record(session, security_log.Kind.REPORT_DOWNLOAD, user=current_user,
                        address=request.remote_addr,
                        details={"assessment_id": assessment.id, "report_id": report.report_id})
    return pdf_response(report)


@bp.get("/<id:assessment_id>/status.json")
def status(assessment_id: int) -> ResponseReturnValue:
    """Where the report stands: {"state", "download_url", "error"} (queues it if needed)."""
    session = db.session()
    assessment, allowed = _access(session, assessment_id)
    if _wants_release(assessment, allowed):
        report = _released(session, assessment)
        return {"state": RenderState.READY.value, "error": None,
                "download_url": url_for("reports.download", assessment_id=assessment.id,
                                        lang=request.args.get("lang") or assessment.language,
                                        edition=_edition(request.args), released=1),
                "report_id": report.report_id}
    prepared = _prepare(session, assessment)
    url = url_for("reports.download", assessment_id=assessment.id, lang=prepared.language,
                  edition=prepared.edition)
    if report_store.exists(session, prepared.cache_key):
        return {"state": RenderState.READY.value, "download_url": url, "error": None}
    current = _status(session, assessment, prepared)
    return {"state": current.state.value, "download_url": None,
            "error": current.error if current.state is RenderState.FAILED else None}


@bp.post("/<id:assessment_id>/retry")
def retry(assessment_id: int) -> ResponseReturnValue:
    """Queue a failed report again (the "Try again" button of the preparing page)."""
    session = db.session()
    assessment, _allowed = _access(session, assessment_id)
    prepared = _prepare(session, assessment, request.form)
    if not report_store.exists(session, prepared.cache_key):
        _status(session, assessment, prepared, again=True)
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


def _wants_release(assessment: Assessment, allowed: frozenset[access.Action]) -> bool:
    """Not approved (now): those who may not see the assessment (sales) get the released
    report; the others get it when they ask (``?released=1``, from the approved reports)."""
    if assessment.status == Status.APPROVED:
        return False
    return access.Action.VIEW not in allowed or bool(request.args.get("released"))


def _released(session: Session, assessment: Assessment) -> releases.ReleasedFile:
    return releases.released_file(session, assessment, request.args.get("lang"),
                                  _edition(request.args))


def _edition(values: Mapping[str, str]) -> str:
    return reports.check_edition(values.get("edition", "full"))


def _prepare(session: Session, assessment: Assessment,
             values: Mapping[str, str] | None = None) -> reports.PreparedReport:
    """The report's key (language and edition from the query or form); 409 before scoring."""
    source = values if values is not None else request.args
    try:
        return reports.prepare(session, assessment, language=source.get("lang"),
                               edition=source.get("edition", "full"),
                               branding=current_app.config["BRANDING"])
    except reports.ReportNotReady:
        raise Conflict(
            gettext("The report is available once every invited part has been submitted.")
        ) from None


def _status(session: Session, assessment: Assessment, prepared: reports.PreparedReport,
            again: bool = False) -> report_store.Status:
    """The render state of this report, queuing a job (after the commit) when none is under way."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    current = report_store.status(session, assessment.id, prepared,
                                  job_settings.stale_after(app.config), again=again)
    if current.request:
        arguments = (assessment.id, prepared.language, prepared.edition)
        unit_of_work.after_commit(
            lambda: jobs.enqueue(app, job_settings.RENDER_JOB, *arguments), session)
    return current


def _render_now(session: Session, assessment: Assessment,
                prepared: reports.PreparedReport) -> reports.ReportFile:
    """JOBS_EAGER: render in this request, as the job would."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        return report_store.render_into_store(session, assessment, prepared,
                                              job_settings.cache_bytes(app.config),
                                              job_settings.render_timeout(app.config))
    except ReportRenderError:
        current_app.logger.exception("report %s could not be rendered", assessment.id)
        raise ServiceUnavailable(
            gettext("The report could not be produced just now. Try again in a few minutes.")
        ) from None
