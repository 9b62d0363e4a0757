"""What the dashboard list filters and sorts on, indexed.

``AssessmentAreaBand`` mirrors the per-area bands kept in ``Assessment.area_summary`` (JSON
cannot be filtered fast: a JSON scan of 100,000 rows takes ~160 ms on SQLite) so "area at
risk" is an index lookup. A ``before_flush`` hook keeps it in step whenever any code changes
``area_summary`` through the ORM, so the services that score or override need not know.
The composite indexes on ``assessment`` serve each sort order of the list (with ``id`` as
the tie-breaker that keeps pagination stable).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, Index, String, event, inspect, select
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column, relationship

from assessment.models.assessment import Assessment
from assessment.models.base import Base
from assessment.models.list_columns import fold as fold  # registers its flush hook too


class AssessmentAreaBand(Base):
    """The band of one scored area of one assessment (rows only for scored areas)."""

    __tablename__ = "assessment_area_band"
    __table_args__ = (
        Index("ix_assessment_area_band_area_band", "area_id", "band", "assessment_id"),
        Index("ix_assessment_area_band_band", "band", "assessment_id"),
    )

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True
    )
    area_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    band: Mapped[str] = mapped_column(String(16))

    assessment: Mapped[Assessment] = relationship()

    def __repr__(self) -> str:
        return f"<AssessmentAreaBand {self.assessment_id}/{self.area_id} {self.band}>"


_assessment = Assessment.__table__
LIST_INDEXES = [
    Index("ix_assessment_activity", _assessment.c.last_activity_at, _assessment.c.id),
    Index(
        "ix_assessment_status_activity",
        _assessment.c.status,
        _assessment.c.last_activity_at,
        _assessment.c.id,
    ),
    Index(
        "ix_assessment_band_activity",
        _assessment.c.overall_band,
        _assessment.c.last_activity_at,
        _assessment.c.id,
    ),
    Index("ix_assessment_progress", _assessment.c.progress, _assessment.c.id),
    Index("ix_assessment_score", _assessment.c.overall_score, _assessment.c.id),
]


def area_bands(area_summary: dict[str, Any] | None) -> dict[str, str]:
    """The band of every scored area in an ``area_summary`` mapping."""
    bands: dict[str, str] = {}
    for area_id, entry in (area_summary or {}).items():
        band = entry.get("band") if isinstance(entry, dict) else None
        if isinstance(band, str) and band:
            bands[str(area_id)] = band
    return bands


def sync_area_bands(session: Session, assessment: Assessment) -> None:
    """Make the assessment's AssessmentAreaBand rows match its ``area_summary``."""
    wanted = area_bands(assessment.area_summary)
    existing: dict[str, AssessmentAreaBand] = {}
    if assessment.id is not None:
        rows = session.scalars(
            select(AssessmentAreaBand).where(AssessmentAreaBand.assessment_id == assessment.id)
        )
        existing = {row.area_id: row for row in rows}
    for area_id, row in existing.items():
        if area_id not in wanted:
            session.delete(row)
        elif row.band != wanted[area_id]:
            row.band = wanted[area_id]
    for area_id, band in wanted.items():
        if area_id not in existing:
            session.add(AssessmentAreaBand(assessment=assessment, area_id=area_id, band=band))


@event.listens_for(Session, "before_flush")
def _area_bands_follow_summary(session: Session, _ctx: UOWTransaction, _instances: Any) -> None:
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Assessment) and _summary_changed(obj):
            sync_area_bands(session, obj)


def _summary_changed(assessment: Assessment) -> bool:
    state = inspect(assessment)
    if state.pending:
        return bool(assessment.area_summary)
    return state.attrs.area_summary.history.has_changes()
