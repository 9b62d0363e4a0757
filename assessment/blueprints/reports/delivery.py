"""Getting a report to whoever asked, for the download page and the API alike: prepare its
key, serve it from the store, render it now (JOBS_EAGER) or queue its render after the
commit; the released report for those who may only have that."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Response, current_app
from flask_babel import gettext
from sqlalchemy.orm import Session
from werkzeug.exceptions import Conflict, ServiceUnavailable

from assessment import jobs, unit_of_work
from assessment.blueprints.reports.pages import pdf_response
from assessment.jobs import settings as job_settings
from assessment.models.assessment import Assessment, Status
from assessment.services import access, audit, releases, report_store, reports, security_log
from reports import ReportRenderError
from reports.cache import ReportFile


def wants_release(assessment: Assessment, allowed: frozenset[access.Action],
                  asked: bool = False) -> bool:
    """Not approved (now): those who may not see the assessment (sales) get the released
    report; the others get it when they ask for it."""
    if assessment.status == Status.APPROVED:
        return False
    return access.Action.VIEW not in allowed or asked


def edition_of(values: Mapping[str, str]) -> str:
    """The edition asked for ("full" by default); UnknownEdition (a 400) for another."""
    return reports.check_edition(values.get("edition", "full"))


def released(session: Session, assessment: Assessment,
             values: Mapping[str, str]) -> ReportFile:
    """The released PDF of the language and edition asked for (NotFoundError if none)."""
    return releases.released_file(session, assessment, values.get("lang"), edition_of(values))


def prepare(session: Session, assessment: Assessment,
            values: Mapping[str, str]) -> reports.PreparedReport:
    """The report's key (language and edition from ``values``); 409 before scoring."""
    try:
        return reports.prepare(session, assessment, language=values.get("lang"),
                               edition=values.get("edition", "full"),
                               branding=current_app.config["BRANDING"])
    except reports.ReportNotReady:
        raise Conflict(
            gettext("The report is available once every invited part has been submitted.")
        ) from None


def stored_or_rendered(session: Session, assessment: Assessment,
                       prepared: reports.PreparedReport) -> ReportFile | None:
    """The stored PDF; rendered now under JOBS_EAGER; else None (queue it)."""
    found = report_store.cached(session, prepared)
    if found is None and current_app.config.get("JOBS_EAGER"):
        found = _render_now(session, assessment, prepared)
    return found


def status(session: Session, assessment: Assessment, prepared: reports.PreparedReport,
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


def sent(session: Session, assessment: Assessment, report: ReportFile, edition: str, *,
         user: Any, actor: str, address: str | None, via: str | None = None) -> Response:
    """The PDF as an attachment, its download recorded in the audit and security logs."""
    details: dict[str, Any] = {"report_id": report.report_id, "cached": report.cached,
                               "edition": edition}
    audit.record(session, "report.downloaded", assessment=assessment, actor=actor,
                 details={**details, "via": via} if via else details)
    security_log.record(session, security_log.Kind.REPORT_DOWNLOAD, user=user, address=address,
                        details={"assessment_id": assessment.id, "report_id": report.report_id})
    return pdf_response(report)


def _render_now(session: Session, assessment: Assessment,
                prepared: reports.PreparedReport) -> ReportFile:
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
