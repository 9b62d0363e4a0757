"""One stored answer per assessment and question, versioned for conflict detection."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.models.base import Base
from assessment.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from assessment.models.assessment import Assessment
    from assessment.models.invitation import Invitation


class Answer(Base):
    """The current answer to one question. ``version`` grows by one on every change.

    A cleared answer keeps its row with a null ``value`` so the version never goes
    back to an earlier number (a form rendered before the clear still conflicts).
    """

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint(
            "assessment_id", "question_id", name="uq_answer_assessment_id_question_id"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(100))
    value: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    version: Mapped[int] = mapped_column(default=1)
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitation.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="answers")
    invitation: Mapped[Invitation | None] = relationship()

    def __repr__(self) -> str:
        return f"<Answer {self.assessment_id}/{self.question_id} v{self.version}>"
