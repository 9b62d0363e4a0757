"""What the download answers: the PDF, the "being prepared" page, the "ready" page."""

from __future__ import annotations

from flask import Response, g, render_template, url_for
from flask_babel import gettext

from assessment.models.assessment import Assessment
from assessment.models.report_cache import RenderState
from assessment.services import report_store, reports
from reports.cache import ReportFile

REFRESH_SECONDS = 3


def pdf_response(report: ReportFile) -> Response:
    """The PDF as an attachment, never cached by the browser or a proxy."""
    response = Response(report.pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Report-Id"] = report.report_id
    return response


def preparing_page(assessment: Assessment, prepared: reports.PreparedReport,
                   status: report_store.Status) -> Response:
    """202 while queued or rendering (the page refreshes itself); 503 once it failed."""
    failed = status.state is RenderState.FAILED
    body = render_template(
        "reports/preparing.html", failed=failed, error=status.error, attempts=status.attempts,
        refresh=None if failed else REFRESH_SECONDS,
        organisation=assessment.organisation.name, title=_title(prepared),
        state_label=_state_label(status.state),
        wait_url=_download_url(assessment, prepared, waited=True),
        retry_url=url_for("reports.retry", assessment_id=assessment.id),
        status_url=url_for("reports.status", assessment_id=assessment.id,
                           lang=prepared.language, edition=prepared.edition),
        language=prepared.language, edition=prepared.edition, **_back(assessment))
    response = Response(body, status=503 if failed else 202, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def ready_page(assessment: Assessment, prepared: reports.PreparedReport) -> Response:
    """After waiting: the report is ready; the page starts the download and links to it."""
    body = render_template(
        "reports/preparing.html", ready=True, refresh=0, title=_title(prepared),
        organisation=assessment.organisation.name,
        download_url=_download_url(assessment, prepared), **_back(assessment))
    response = Response(body, status=200, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def _download_url(assessment: Assessment, prepared: reports.PreparedReport,
                  waited: bool = False) -> str:
    if waited:
        return url_for("reports.download", assessment_id=assessment.id,
                       lang=prepared.language, edition=prepared.edition, waited="1")
    return url_for("reports.download", assessment_id=assessment.id, lang=prepared.language,
                   edition=prepared.edition)


def _back(assessment: Assessment) -> dict[str, object]:
    """The assessment's page for those who may view it (set by the view), else the list."""
    url = getattr(g, "report_back_url", None)
    return {"back_url": url or url_for("dashboard.index"), "back_to_detail": url is not None}


def _title(prepared: reports.PreparedReport) -> str:
    if prepared.edition == "executive":
        return str(gettext("Executive summary"))
    return str(gettext("Full report"))


def _state_label(state: RenderState) -> str:
    """The state in words, lower case: it is shown mid-sentence ("Status: …")."""
    return str({
        RenderState.QUEUED: gettext("waiting for its turn"),
        RenderState.RENDERING: gettext("being rendered"),
        RenderState.READY: gettext("ready"),
        RenderState.FAILED: gettext("failed"),
    }[state])
