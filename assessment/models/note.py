"""Consultants' notes on an assessment or on one of its findings.

Notes are internal, except a note on a finding marked ``in_report``: the newest such note
is printed with the finding in the client report.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assessment.models.base import Base
from assessment.models.types import UTCDateTime, utcnow


class Note(Base):
    """A note; ``rule_id`` None means it is about the assessment as a whole."""

    __tablename__ = "note"
    __table_args__ = (Index("ix_note_assessment_id_created", "assessment_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    rule_id: Mapped[str | None] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    in_report: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    author: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<Note {self.id} a={self.assessment_id} rule={self.rule_id}>"
