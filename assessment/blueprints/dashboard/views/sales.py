"""The sales view (``/dashboard/reports``): approved reports to hand out, per language and
edition. Everyone signed in may open it; ``services.released_reports`` lists only what the
user may download (sales: every approved assessment)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from assessment.blueprints.dashboard.blueprint import bp
from assessment.blueprints.dashboard.context import UI_LANGUAGES
from assessment.blueprints.dashboard.contexts.labels import band_label
from assessment.extensions import db
from assessment.services.released_reports import ReleasedReport, released_reports

EDITION_LABELS = {"full": _l("Full report"), "executive": _l("Executive summary")}
LANGUAGE_NAMES = dict(UI_LANGUAGES)


@dataclass(frozen=True)
class Download:
    """One report link: its language, its words for a screen reader, the URL."""

    language: str
    name: str  # the language named in itself
    url: str
    own: bool  # the assessment's own language


@dataclass(frozen=True)
class Edition:
    """One edition of a report with a link per language."""

    label: str
    downloads: list[Download]


def _editions(row: ReleasedReport) -> list[Edition]:
    released: dict[str, Any] = {"released": 1} if row.revising else {}
    return [
        Edition(str(EDITION_LABELS.get(edition, edition)), [
            Download(lang, LANGUAGE_NAMES.get(lang, lang),
                     url_for("reports.download", assessment_id=row.assessment_id, lang=lang,
                             edition=edition, **released),
                     lang == row.language)
            for lang in row.languages_of(edition)])
        for edition in row.editions
    ]


def _view(row: ReleasedReport) -> dict[str, Any]:
    return {
        "id": row.assessment_id,
        "organisation": row.organisation,
        "approved": format_date(row.approved_at, "medium") if row.approved_at else "",
        "approved_iso": row.approved_at.date().isoformat() if row.approved_at else "",
        "consultant": row.consultant or "",
        "band": row.band,
        "band_label": band_label(row.band),
        "score": row.score,
        "editions": _editions(row),
        "revising": row.revising,
    }


@bp.get("/reports")
def sales_reports() -> ResponseReturnValue:
    """Approved reports, newest approval first, 50 a page (``?assessment=`` for one)."""
    page = request.args.get("page", "1")
    if not page.isdigit() or len(page) > 6:
        abort(400, description="page: not a page number.")
    one = request.args.get("assessment")
    if one is not None and (not one.isdigit() or len(one) > 9):
        abort(400, description="assessment: not an assessment number.")
    found = released_reports(db.session(), current_user, int(page),
                             int(one) if one is not None else None)

    def page_url(number: int) -> str | None:
        return url_for("dashboard.sales_reports", page=number) if 1 <= number <= found.pages \
            else None

    return render_template(
        "dashboard/sales.html", rows=[_view(row) for row in found.rows], total=found.total,
        page=found.page, pages=found.pages, previous=page_url(found.page - 1),
        next=page_url(found.page + 1),
        everything=url_for("dashboard.sales_reports") if one is not None else None)
