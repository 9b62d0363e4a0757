"""The portfolio: each client's latest scored assessment as a heat map of area bands, how
the bands spread per area, and the gaps found most often among those clients.

"Clients" are organisations; each counts once, through its newest scored assessment the
user may see (a consultant: those they own or share; an admin: all). The heat map and the
band spread come from the precomputed summary columns (``area_summary``, the indexed
``assessment_area_band`` table). Gap frequencies need the stored findings, which are JSON:
they are counted over at most ``GAP_SAMPLE`` clients (the most recently scored), and the
page says so when the sample is smaller than the portfolio.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.engine.text import pick
from assessment.models.assessment import Assessment
from assessment.models.listing import AssessmentAreaBand
from assessment.models.organisation import Organisation
from assessment.reviewed import ReviewedFinding
from assessment.services.access import Principal, listable_clause
from assessment.services.reviewed import reviewed_results

PAGE_SIZE = 50
GAP_SAMPLE = 500
TOP_GAPS = 10
BANDS = ("red", "amber", "green")


@dataclass(frozen=True)
class HeatCell:
    """One area of one client: its band and score (None: not scored)."""

    area_id: str
    band: str | None
    score: float | None


@dataclass(frozen=True)
class HeatRow:
    """A client's latest scored assessment."""

    assessment_id: int
    organisation_id: int
    organisation: str
    status: str
    overall_band: str | None
    overall_score: float | None
    scored_at: datetime | None
    cells: Mapping[str, HeatCell]


@dataclass(frozen=True)
class GapCount:
    """A gap rule and how many clients have it (after dismissals)."""

    rule_id: str
    area: str
    severity: str
    title: str
    clients: int
    share: float


@dataclass(frozen=True)
class Portfolio:
    """What the portfolio page shows."""

    clients: int
    rows: list[HeatRow]
    page: int
    pages: int
    spread: Mapping[str, Mapping[str, int]]  # area -> band -> clients
    gaps: list[GapCount]
    gap_sample: int


def latest_per_client(user: Principal) -> sa.Select[Any]:
    """The id of each organisation's newest scored assessment the user may see."""
    return (
        sa.select(sa.func.max(Assessment.id).label("id"))
        .where(listable_clause(user), Assessment.scored_at.is_not(None))
        .group_by(Assessment.organisation_id)
    )


def build(session: Session, user: Principal, *, language: str, page: int = 1) -> Portfolio:
    """The heat map page ``page``, the band spread and the frequent gaps (four queries)."""
    latest = latest_per_client(user).subquery()
    clients = session.scalar(sa.select(sa.func.count()).select_from(latest)) or 0
    pages = max(1, math.ceil(clients / PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = _heat_rows(session, latest, page)
    sample = _gap_sample(session, latest)
    return Portfolio(
        clients=clients, rows=rows, page=page, pages=pages,
        spread=_spread(session, latest), gaps=_frequent_gaps(session, sample, language),
        gap_sample=len(sample),
    )


def _heat_rows(session: Session, latest: sa.Subquery, page: int) -> list[HeatRow]:
    statement = (
        sa.select(Assessment.id, Organisation.id, Organisation.name, Assessment.status,
                  Assessment.overall_band, Assessment.overall_score, Assessment.scored_at,
                  Assessment.area_summary)
        .join(Organisation, Organisation.id == Assessment.organisation_id)
        .where(Assessment.id.in_(sa.select(latest.c.id)))
        .order_by(sa.func.lower(Organisation.name), Assessment.id)
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    )
    return [
        HeatRow(assessment_id, org_id, name, status, band, score, scored_at, _cells(summary))
        for assessment_id, org_id, name, status, band, score, scored_at, summary
        in session.execute(statement)
    ]


def _cells(summary: Mapping[str, Any] | None) -> dict[str, HeatCell]:
    cells = {}
    for area_id, entry in (summary or {}).items():
        entry = entry if isinstance(entry, Mapping) else {}
        band = entry.get("band") if isinstance(entry.get("band"), str) else None
        score = entry.get("score")
        cells[str(area_id)] = HeatCell(
            str(area_id), band, float(score) if isinstance(score, int | float) else None
        )
    return cells


def _spread(session: Session, latest: sa.Subquery) -> dict[str, dict[str, int]]:
    statement = (
        sa.select(AssessmentAreaBand.area_id, AssessmentAreaBand.band, sa.func.count())
        .where(AssessmentAreaBand.assessment_id.in_(sa.select(latest.c.id)))
        .group_by(AssessmentAreaBand.area_id, AssessmentAreaBand.band)
    )
    spread: dict[str, dict[str, int]] = {}
    for area_id, band, count in session.execute(statement):
        spread.setdefault(area_id, dict.fromkeys(BANDS, 0))[band] = count
    return spread


def _gap_sample(session: Session, latest: sa.Subquery) -> list[Assessment]:
    statement = (
        sa.select(Assessment)
        .where(Assessment.id.in_(sa.select(latest.c.id)))
        .order_by(Assessment.scored_at.desc(), Assessment.id.desc())
        .limit(GAP_SAMPLE)
    )
    return list(session.scalars(statement))


def _frequent_gaps(session: Session, sample: list[Assessment], language: str) -> list[GapCount]:
    """The rule findings most clients have, as reviewed (dismissed ones do not count)."""
    counts: Counter[str] = Counter()
    seen: dict[str, ReviewedFinding] = {}
    for reviewed in reviewed_results(session, sample).values():
        for finding in reviewed.visible:
            if finding.added:
                continue
            counts[finding.id] += 1
            seen.setdefault(finding.id, finding)
    return [
        _gap(seen[rule], count, len(sample), language)
        for rule, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_GAPS]
    ]


def _gap(finding: ReviewedFinding, count: int, sample: int, language: str) -> GapCount:
    return GapCount(
        rule_id=finding.id, area=finding.area, severity=finding.original_severity or "",
        title=pick(finding.title, language, "en") or finding.id, clients=count,
        share=count / sample if sample else 0.0,
    )
