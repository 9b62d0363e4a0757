"""A respondent's free-text comment a consultant left out of the client report.

One row per assessment and question: the comment (the answer to a free-text question) stays
stored and visible to consultants; only the client report leaves it out.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assessment.models.base import Base
from assessment.models.types import UTCDateTime, utcnow


class HiddenComment(Base):
    """The comment answering ``question_id`` is hidden from the client report."""

    __tablename__ = "hidden_comment"
    __table_args__ = (
        UniqueConstraint(
            "assessment_id", "question_id", name="uq_hidden_comment_assessment_id_question_id"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(64))
    hidden_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    hidden_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<HiddenComment a={self.assessment_id} q={self.question_id}>"
