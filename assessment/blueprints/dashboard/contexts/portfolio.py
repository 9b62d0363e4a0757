"""The portfolio page: heat map rows in area order, the band spread, the frequent gaps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for

from assessment.blueprints.dashboard.contexts.labels import band_label, percent, status_label
from assessment.blueprints.dashboard.contexts.review_labels import page_language, severity_label
from assessment.engine.precision import shown_score
from assessment.services.listing import area_options
from assessment.services.portfolio import BANDS, HeatRow, Portfolio


@dataclass(frozen=True)
class Cell:
    """A heat map cell."""

    area: str
    band: str | None
    band_label: str
    score: int | None


@dataclass(frozen=True)
class Row:
    """A client on the heat map."""

    organisation: str
    url: str
    milestones_url: str
    status_label: str
    band: str | None
    band_label: str
    score: int | None
    cells: list[Cell]


@dataclass(frozen=True)
class SpreadRow:
    """How the clients' bands spread in one area."""

    area: str
    counts: list[tuple[str, str, int, int]]  # band, label, clients, percent


@dataclass(frozen=True)
class GapRow:
    """A frequent gap."""

    rule_id: str
    title: str
    area: str
    severity: str
    severity_label: str
    clients: int
    percent: int


def portfolio_context(built: Portfolio) -> dict[str, Any]:
    """Everything dashboard/portfolio.html renders."""
    areas = _columns(built)
    titles = dict(areas)
    return {
        "areas": areas,
        "rows": [_row(row, areas) for row in built.rows],
        "clients": built.clients,
        "spread": [
            _spread(area_id, title, built) for area_id, title in areas if area_id in built.spread
        ],
        "gaps": [
            GapRow(
                g.rule_id,
                g.title,
                titles.get(g.area, g.area),
                g.severity,
                severity_label(g.severity),
                g.clients,
                percent(g.share),
            )
            for g in built.gaps
        ],
        "gap_sample": built.gap_sample,
        "page": built.page,
        "pages": built.pages,
        "previous": url_for("dashboard.portfolio_page", page=built.page - 1)
        if built.page > 1
        else None,
        "next": url_for("dashboard.portfolio_page", page=built.page + 1)
        if built.page < built.pages
        else None,
    }


def _columns(built: Portfolio) -> list[tuple[str, str]]:
    """The current questionnaire's areas, then any other area a client was scored on."""
    columns = {area.id: area.title for area in area_options(page_language())}
    for row in built.rows:
        for area_id in row.cells:
            columns.setdefault(area_id, area_id)
    return list(columns.items())


def _row(row: HeatRow, areas: list[tuple[str, str]]) -> Row:
    cells = []
    for area_id, _title in areas:
        cell = row.cells.get(area_id)
        band = cell.band if cell else None
        score = shown_score(cell.score) if cell else None
        cells.append(Cell(area_id, band, band_label(band), score))
    return Row(
        organisation=row.organisation,
        url=url_for("dashboard.assessment_detail", assessment_id=row.assessment_id),
        milestones_url=url_for("dashboard.milestones_page", organisation_id=row.organisation_id),
        status_label=status_label(row.status),
        band=row.overall_band,
        band_label=band_label(row.overall_band),
        score=shown_score(row.overall_score),
        cells=cells,
    )


def _spread(area_id: str, title: str, built: Portfolio) -> SpreadRow:
    counts = built.spread[area_id]
    total = sum(counts.values()) or 1
    return SpreadRow(
        title,
        [
            (band, band_label(band), counts.get(band, 0), round(100 * counts.get(band, 0) / total))
            for band in BANDS
        ],
    )
