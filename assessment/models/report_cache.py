"""Rendered report PDFs, shared by every web host and worker, and each report's render state.

``ReportPdf`` is a content-addressed cache: one row per cache key (a hash of everything that
decides the PDF's bytes), pruned least recently used first once it grows past its limit.
``ReportRender`` says where the newest report of an assessment, language and edition stands
(queued, rendering, ready or failed), so the download page and the dashboard can show it.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assessment.models.base import Base
from assessment.models.types import UTCDateTime, utcnow


class RenderState(enum.StrEnum):
    """Where a report's render stands."""

    QUEUED = "queued"
    RENDERING = "rendering"
    READY = "ready"
    FAILED = "failed"


class ReportPdf(Base):
    """The PDF bytes of one report, by cache key."""

    __tablename__ = "report_pdf"

    id: Mapped[int] = mapped_column(primary_key=True)
    cache_key: Mapped[str] = mapped_column(String(64), unique=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    edition: Mapped[str] = mapped_column(String(16))
    report_id: Mapped[str] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(Integer)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<ReportPdf a={self.assessment_id} {self.language}/{self.edition} {self.report_id}>"


class ReportRender(Base):
    """The render state of the newest report of an assessment in one language and edition."""

    __tablename__ = "report_render"
    __table_args__ = (
        UniqueConstraint("assessment_id", "language", "edition",
                         name="uq_report_render_assessment_id_language_edition"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    edition: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    cache_key: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<ReportRender a={self.assessment_id} {self.language}/{self.edition} {self.state}>"


class ReportRelease(Base):
    """A report handed out on approval: its PDF stays downloadable by sales until a new
    approval replaces it, even while a re-scored result waits for review."""

    __tablename__ = "report_release"
    __table_args__ = (
        UniqueConstraint("assessment_id", "language", "edition",
                         name="uq_report_release_assessment_id_language_edition"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"),
                                               index=True)
    language: Mapped[str] = mapped_column(String(8))
    edition: Mapped[str] = mapped_column(String(16))
    cache_key: Mapped[str] = mapped_column(String(64), index=True)
    report_id: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(String(200))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    released_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<ReportRelease a={self.assessment_id} {self.language}/{self.edition}>"
