"""The assessment list page: rows, filter choices, sort links, pagination, export links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from flask import current_app, url_for
from flask_babel import format_date, format_decimal, get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from assessment.blueprints.dashboard.contexts.labels import (
    BAND_LABELS,
    STATUS_LABELS,
    band_label,
    percent,
    status_label,
    when,
)
from assessment.blueprints.dashboard.contexts.review_labels import SEVERITY_LABELS
from assessment.engine.precision import shown_score
from assessment.services.access import may_open_listed
from assessment.services.listing import (
    ANY_AREA,
    NOT_SCORED,
    PAGE_SIZES,
    AreaCell,
    AreaOption,
    ListPage,
    ListQuery,
    ListRow,
    Sort,
)

SORT_LABELS = {
    Sort.ACTIVITY: _l("Last activity"),
    Sort.ORGANISATION: _l("Organisation"),
    Sort.PROGRESS: _l("Progress"),
    Sort.SCORE: _l("Score"),
    Sort.CREATED: _l("Created"),
}
DATE_PATTERN = "d MMM y"  # day first in all four languages, like the timestamps
DETAIL_ENDPOINT = "dashboard.assessment_detail"  # built by part B; linked once it exists


@dataclass(frozen=True)
class AreaView:
    """One area at a glance: title, progress and band."""

    title: str
    progress: int
    band: str | None
    band_label: str
    text: str  # the whole cell in words, for screen readers and the tooltip
    value: str = ""  # shown beside the bar: the area's score once scored, else progress


@dataclass(frozen=True)
class FindingCount:
    """How many findings of one severity an assessment has."""

    severity: str
    count: int
    label: str


@dataclass(frozen=True)
class RowView:
    """One row of the table."""

    id: int
    organisation: str
    url: str | None
    status: str
    status_label: str
    progress: int
    score: int | None
    band: str | None
    band_label: str
    areas: list[AreaView]
    last_activity: str
    last_activity_iso: str
    disagreements: int = 0  # open disagreements between respondents
    started: str = ""  # the creation date, told apart from a same-named organisation's
    started_iso: str = ""
    findings: tuple[FindingCount, ...] = ()  # by severity, high first; empty: not scored
    findings_text: str = ""


@dataclass(frozen=True)
class Choice:
    """An option of a filter select."""

    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class _Labels:
    """What every row shares, worked out once per page (gettext and lookups are not free)."""

    titles: dict[str, str]
    order: dict[str, int]
    statuses: dict[str, str]
    bands: dict[str | None, str]
    area_text: str
    severities: dict[str, str]
    linked: bool  # rows link to the detail page: the user may open every row (not sales)

    @classmethod
    def build(cls, areas: list[AreaOption]) -> _Labels:
        return cls(
            linked=may_open_listed(current_user) and DETAIL_ENDPOINT in current_app.view_functions,
            titles={area.id: area.title for area in areas},
            order={area.id: index for index, area in enumerate(areas)},
            statuses={key: status_label(key) for key in STATUS_LABELS},
            bands={key: band_label(key) for key in (*BAND_LABELS, None)},
            # Formatted per area below; translated here once.
            area_text=gettext("%(area)s: %(progress)s%% answered, %(band)s"),
            severities={key: str(label) for key, label in SEVERITY_LABELS.items()},
        )


def list_context(page: ListPage, areas: list[AreaOption]) -> dict[str, Any]:
    """Everything dashboard/list.html renders."""
    query = page.query
    labels = _Labels.build(areas)
    return {
        "rows": [_row(row, labels) for row in page.rows],
        "total": page.total,
        "query": query,
        "filters": _filters(query, areas),
        "sort_links": _sort_links(query),
        "pagination": _pagination(page),
        "exports": {
            fmt: url_for("dashboard.export_list", fmt=fmt, **query.to_args(page=1))
            for fmt in ("csv", "json")
        },
        "filtered": bool(query.search or query.statuses or query.band or query.risk_area),
        "may_open": may_open_listed(current_user),
        "reset_url": url_for("dashboard.index"),
    }


def _row(row: ListRow, labels: _Labels) -> RowView:
    order = labels.order
    cells = sorted(row.areas, key=lambda cell: (order.get(cell.id, len(order)), cell.id))
    return RowView(
        id=row.id,
        organisation=row.organisation,
        url=_row_url(row, labels),
        status=row.status,
        status_label=labels.statuses.get(row.status, row.status),
        progress=percent(row.progress),
        score=shown_score(row.overall_score),
        band=row.overall_band,
        band_label=labels.bands.get(row.overall_band) or str(row.overall_band),
        areas=[_area(cell, labels) for cell in cells],
        last_activity=when(row.last_activity_at),
        last_activity_iso=row.last_activity_at.isoformat(),
        disagreements=row.open_disagreements,
        started=short_date(row.created_at.date()),
        started_iso=row.created_at.date().isoformat(),
        **_findings(row, labels),
    )


def _row_url(row: ListRow, labels: _Labels) -> str | None:
    """The detail page; for sales (who may not open it), an approved row's report downloads."""
    if labels.linked:
        return url_for(DETAIL_ENDPOINT, assessment_id=row.id)
    return url_for("dashboard.sales_reports", assessment=row.id) if row.status == "approved" \
        else None


def short_date(day: date) -> str:
    """A date in the page language ("3 Dec 2026"), formatted once per day and language."""
    return _formatted(day, str(get_locale()))


@lru_cache(maxsize=4096)
def _formatted(day: date, _language: str) -> str:
    return str(format_date(day, DATE_PATTERN))


def _findings(row: ListRow, labels: _Labels) -> dict[str, Any]:
    if row.finding_counts is None:
        return {}
    counts = tuple(
        FindingCount(key, int(row.finding_counts.get(key) or 0), label)
        for key, label in labels.severities.items()
    )
    text = ", ".join(f"{label}: {count.count}" for count, label in
                     zip(counts, labels.severities.values(), strict=True))
    return {"findings": counts, "findings_text": text}


def _area(cell: AreaCell, labels: _Labels) -> AreaView:
    title = labels.titles.get(cell.id, cell.id)
    progress = percent(cell.progress)
    band = labels.bands.get(cell.band) or str(cell.band)
    text = labels.area_text % {"area": title, "progress": progress, "band": band}
    value = str(shown_score(cell.score)) if cell.score is not None else f"{progress}%"
    if cell.score is not None:
        text = f"{text} ({value})"
    return AreaView(title, progress, cell.band, band, text, value)


def _filters(query: ListQuery, areas: list[AreaOption]) -> dict[str, list[Choice]]:
    def choices(pairs: list[tuple[str, Any]], current: str | None) -> list[Choice]:
        return [Choice(value, str(label), value == (current or "")) for value, label in pairs]

    return {
        "status": [
            Choice(value, str(label), value in query.statuses)
            for value, label in STATUS_LABELS.items()
        ],
        "band": choices(
            [("", _l("Any band")), *BAND_LABELS.items(), (NOT_SCORED, _l("Not scored"))],
            query.band,
        ),
        "risk": choices(
            [
                ("", _l("No area filter")),
                (ANY_AREA, _l("Any area at risk")),
                *[(a.id, a.title) for a in areas],
            ],
            query.risk_area,
        ),
        "sort": choices([(s.value, label) for s, label in SORT_LABELS.items()], query.sort.value),
        "dir": choices([("desc", _l("Descending")), ("asc", _l("Ascending"))], query.direction),
        "per_page": choices([(str(n), str(n)) for n in PAGE_SIZES], str(query.per_page)),
    }


@dataclass(frozen=True)
class SortLink:
    """A sortable column header: where it leads and how it is sorted now."""

    url: str
    label: str
    aria_sort: str | None


def _sort_links(query: ListQuery) -> dict[str, SortLink]:
    links = {}
    for sort, label in SORT_LABELS.items():
        current = query.sort == sort
        direction = ("asc" if query.direction == "desc" else "desc") if current else None
        args = query.to_args(sort=sort, page=1, **({"direction": direction} if direction else {}))
        if not current:
            args.pop("dir", None)
        aria = ("descending" if query.direction == "desc" else "ascending") if current else None
        links[sort.value] = SortLink(url_for("dashboard.index", **args), str(label), aria)
    return links


@dataclass(frozen=True)
class PageLink:
    """A link in the pagination bar (None url: the current page or a gap)."""

    label: str
    url: str | None
    current: bool = False


def _pagination(page: ListPage) -> dict[str, Any]:
    query = page.query

    def link(number: int) -> str:
        return url_for("dashboard.index", **query.to_args(page=number))

    numbers = sorted(
        {1, page.pages, *range(max(1, query.page - 2), min(page.pages, query.page + 2) + 1)}
    )
    items: list[PageLink] = []
    for previous, number in zip([0, *numbers], numbers, strict=False):
        if number - previous > 1:
            items.append(PageLink("…", None))
        items.append(
            PageLink(
                str(number), None if number == query.page else link(number), number == query.page
            )
        )
    first = (query.page - 1) * query.per_page + 1 if page.total else 0
    return {
        "items": items if page.pages > 1 else [],
        "previous": link(query.page - 1) if query.page > 1 else None,
        "next": link(query.page + 1) if query.page < page.pages else None,
        "first": format_decimal(first),
        "last": format_decimal(min(page.total, query.page * query.per_page)),
        "total": format_decimal(page.total),
    }
