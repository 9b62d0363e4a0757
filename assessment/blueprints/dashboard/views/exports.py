"""Exports: the (filtered) list and one assessment, as CSV or JSON downloads."""

from __future__ import annotations

import re
from collections.abc import Iterator

from flask import Response, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_login import current_user

from assessment.blueprints.dashboard.blueprint import bad_request, bp
from assessment.extensions import db
from assessment.models.types import utcnow
from assessment.services import access, exports, listing, security_log
from assessment.web.messages import say

MIMETYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _logged(what: str, **details: object) -> None:
    """Every export is a security event: who took which data, from where."""
    security_log.record(db.session(), security_log.Kind.EXPORT, user=current_user,
                        address=request.remote_addr, details={"export": what, **details})


def _download(body: Iterator[str], fmt: str, filename: str) -> Response:
    response = Response(body, mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/assessments.<any(csv, json):fmt>")
def export_list(fmt: str) -> ResponseReturnValue:
    """Every assessment the list shows with these filters (all pages), streamed."""
    areas = [area.id for area in listing.area_options(str(get_locale() or "en"))]
    try:
        query = listing.parse_query(request.args, areas)
    except listing.ListQueryError as error:
        return bad_request(say(error))
    # A plain-data principal: the generator runs after the request context is gone.
    user = access.Grantee(current_user.id, current_user.role)
    rows = listing.iter_rows(db.engine, user, query)
    _logged(f"assessment list ({fmt})", query=request.query_string.decode()[:500])
    body = exports.list_csv(rows, areas) if fmt == "csv" else exports.list_json(rows)
    return _download(body, fmt, f"assessments-{utcnow():%Y%m%d-%H%M}")


@bp.get("/assessments/<id:assessment_id>/export.<any(csv, json):fmt>")
def export_assessment(assessment_id: int, fmt: str) -> ResponseReturnValue:
    """One assessment: answers as CSV, or everything stored about it as JSON."""
    assessment = access.require(db.session(), current_user, access.Action.VIEW, assessment_id)
    export = exports.assessment_export(db.session(), assessment)
    _logged(f"assessment ({fmt})", assessment_id=assessment.id)
    name = f"assessment-{assessment.id}-{_slug(assessment.organisation.name)}"
    if fmt == "json":
        response = jsonify(exports.assessment_json(export))
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    response = Response("".join(exports.assessment_csv(export)), mimetype=MIMETYPES["csv"])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "organisation"


@bp.get("/assessments/<id:assessment_id>/findings.csv")
def export_findings(assessment_id: int) -> ResponseReturnValue:
    """One assessment's findings as reviewed (overrides, dismissals, added ones, notes)."""
    assessment = access.require(db.session(), current_user, access.Action.VIEW, assessment_id)
    export = exports.assessment_export(db.session(), assessment)
    _logged("findings (csv)", assessment_id=assessment.id)
    name = f"assessment-{assessment.id}-{_slug(assessment.organisation.name)}-findings"
    response = Response("".join(exports.findings_csv(export)), mimetype=MIMETYPES["csv"])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
