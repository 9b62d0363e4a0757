"""The gap report download (``/reports/<assessment id>.pdf``), for signed-in staff.

Outside ``/dashboard`` on purpose: it is its own audience-neutral route that the
dashboard links to. Who may download is decided by ``services.access``: an admin, a
consultant the assessment is shared with, or sales once the assessment is approved.
"""

from __future__ import annotations

from typing import cast

from flask import Blueprint, Response, current_app, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user
from werkzeug.exceptions import Conflict, ServiceUnavailable

from assessment.blueprints.auth.login_manager import login_manager
from assessment.extensions import db
from assessment.services import access, audit, reports, security_log
from reports import ReportRenderError

bp = Blueprint("reports", __name__, url_prefix="/reports")


@bp.before_request
def require_login() -> ResponseReturnValue | None:
    """Anonymous visitors go to the login page, as for the dashboard."""
    if not current_user.is_authenticated:
        return cast(Response, login_manager.unauthorized())
    return None


@bp.get("/<id:assessment_id>.pdf")
def download(assessment_id: int) -> ResponseReturnValue:
    """The assessment's PDF gap report (``?lang=nl`` for another language,
    ``?edition=executive`` for the executive summary; a bad edition is a 400)."""
    session = db.session()
    assessment = access.require(session, current_user, access.Action.DOWNLOAD_REPORT,
                                assessment_id)
    try:
        report = reports.report_pdf(session, assessment, current_app.config["REPORT_CACHE_DIR"],
                                    language=request.args.get("lang"),
                                    edition=request.args.get("edition", "full"),
                                    branding=current_app.config["BRANDING"])
    except reports.ReportNotReady:
        raise Conflict(
            gettext("The report is available once every invited part has been submitted.")
        ) from None
    except ReportRenderError:
        current_app.logger.exception("report %s could not be rendered", assessment_id)
        raise ServiceUnavailable(
            gettext("The report could not be produced just now. Try again in a few minutes.")
        ) from None
    audit.record(session, "report.downloaded", assessment=assessment,
                 actor=current_user.email,
                 details={"report_id": report.report_id, "cached": report.cached,
                          "edition": request.args.get("edition", "full")})
    security_log.record(session, security_log.Kind.REPORT_DOWNLOAD, user=current_user,
                        address=request.remote_addr,
                        details={"assessment_id": assessment.id, "report_id": report.report_id})
    return _pdf(report)


def _pdf(report: reports.ReportFile) -> Response:
    response = Response(report.pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Report-Id"] = report.report_id
    return response
