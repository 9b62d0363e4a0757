"""Getting a report to whoever asked, for the download page and the API alike: prepare its
key, serve it from the store, render it now (JOBS_EAGER) or queue its render after the
commit; the released report for those who may only have that."""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app
from flask_babel import gettext
from sqlalchemy.orm import Session
from werkzeug.exceptions import Conflict, ServiceUnavailable

from assessment import jobs, unit_of_work
from assessment.jobs import settings as job_settings
from assessment.models.assessment import Assessment, Status
from assessment.services import access, releases, report_store, reports
from reports import ReportRenderError


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
             values: Mapping[str, str]) -> releases.ReleasedFile:
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
                       prepared: reports.PreparedReport) -> reports.ReportFile | None:
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
