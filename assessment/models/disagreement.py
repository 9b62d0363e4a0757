"""A respondent's different view of an answer another respondent gave, until a consultant decides.

The standing answer is never overwritten by a disagreement: it stays the stored answer
until the consultant adopts the other value (``services/disagreements.py``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assessment.models.base import Base
from assessment.models.types import UTCDateTime, utcnow


class Disagreement(Base):
    """Two values for one question: the standing one and another respondent's, with a reason.

    ``resolved_at`` set means decided: ``chosen_value`` is the value kept ('standing')
    or adopted ('other'), ``resolution`` says which.
    """

    __tablename__ = "disagreement"
    __table_args__ = (
        Index("ix_disagreement_assessment_id_resolved_at", "assessment_id", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(100))
    standing_value: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    standing_invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitation.id", ondelete="SET NULL")
    )
    other_value: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    other_invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitation.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    resolved_by: Mapped[str | None] = mapped_column(String(254))
    resolution: Mapped[str | None] = mapped_column(String(16))
    resolution_note: Mapped[str | None] = mapped_column(Text)
    chosen_value: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)

    @property
    def is_open(self) -> bool:
        """True until a consultant has decided."""
        return self.resolved_at is None

    def __repr__(self) -> str:
        return f"<Disagreement {self.id} a={self.assessment_id} q={self.question_id}>"
