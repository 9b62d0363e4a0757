"""Exports: the (filtered) list and one assessment, as CSV or JSON downloads.

``?lang=nl`` picks the language of answer words and finding texts (default: the
assessment's); ``?delimiter=semicolon`` writes CSV for Excel in nl/fr/sv locales. Every CSV
starts with a UTF-8 byte-order mark and says ``text/csv; charset=utf-8`` once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from flask import Response, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_login import current_user

from assessment.blueprints.dashboard.blueprint import bad_request, bp
from assessment.extensions import db
from assessment.models.assessment import Assessment
from assessment.models.types import utcnow
from assessment.services import access, exports, listing, security_log, spreadsheet
from assessment.services.errors import DomainError
from assessment.web.messages import say

CSV_MIMETYPE = "text/csv"  # Flask adds "; charset=utf-8" to text/* once, by itself


def _logged(what: str, **details: object) -> None:
    """Every export is a security event: who took which data, from where."""
    security_log.record(db.session(), security_log.Kind.EXPORT, user=current_user,
                        address=request.remote_addr, details={"export": what, **details})


def _download(body: Iterable[str], mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/assessments.<any(csv, json):fmt>")
def export_list(fmt: str) -> ResponseReturnValue:
    """Every assessment the list shows with these filters (all pages), streamed."""
    areas = [area.id for area in listing.area_options(str(get_locale() or "en"))]
    try:
        query = listing.parse_query(request.args, areas)
        delimiter = spreadsheet.delimiter(request.args.get("delimiter"))
    except (listing.ListQueryError, DomainError) as error:
        return bad_request(say(error))
    # A plain-data principal: the generator runs after the request context is gone.
    user = access.Grantee(current_user.id, current_user.role)
    rows = listing.iter_rows(db.engine, user, query)
    _logged(f"assessment list ({fmt})", query=request.query_string.decode()[:500])
    name = f"assessments-{utcnow():%Y%m%d-%H%M}.{fmt}"
    if fmt == "csv":
        return _download(exports.list_csv(rows, areas, db.engine, delimiter), CSV_MIMETYPE, name)
    return _download(exports.list_json(rows, db.engine), "application/json", name)


def _prepared(assessment_id: int) -> tuple[Assessment, exports.AssessmentExport, str]:
    """The assessment (access checked), its export in ``?lang`` and the CSV delimiter."""
    assessment = access.require(db.session(), current_user, access.Action.VIEW, assessment_id)
    delimiter = spreadsheet.delimiter(request.args.get("delimiter"))
    export = exports.assessment_export(db.session(), assessment, request.args.get("lang"))
    return assessment, export, delimiter


@bp.get("/assessments/<id:assessment_id>/export.<any(csv, json):fmt>")
def export_assessment(assessment_id: int, fmt: str) -> ResponseReturnValue:
    """One assessment: answers as CSV, or everything stored about it as JSON."""
    try:
        assessment, export, delimiter = _prepared(assessment_id)
    except DomainError as error:
        if error.kind != "invalid":
            raise
        return bad_request(say(error))
    _logged(f"assessment ({fmt})", assessment_id=assessment.id)
    name = f"assessment-{assessment.id}-{_slug(assessment.organisation.name)}.{fmt}"
    if fmt == "json":
        response = jsonify(exports.assessment_json(export))
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return _download(_joined(exports.assessment_csv(export, delimiter)), CSV_MIMETYPE, name)


@bp.get("/assessments/<id:assessment_id>/findings.csv")
def export_findings(assessment_id: int) -> ResponseReturnValue:
    """One assessment's findings as reviewed (overrides, dismissals, added ones, notes)."""
    try:
        assessment, export, delimiter = _prepared(assessment_id)
    except DomainError as error:
        if error.kind != "invalid":
            raise
        return bad_request(say(error))
    _logged("findings (csv)", assessment_id=assessment.id)
    name = f"assessment-{assessment.id}-{_slug(assessment.organisation.name)}-findings.csv"
    return _download(_joined(exports.findings_csv(export, delimiter)), CSV_MIMETYPE, name)


def _joined(lines: Iterator[str]) -> list[str]:
    return ["".join(lines)]  # built inside the request: the session is still open


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "organisation"
