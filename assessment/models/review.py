"""The review of a submitted assessment: requests for changes and their per-question comments.

The assessment's ``status`` holds where the review stands (``services/review.py`` is the
state machine); these rows hold what a consultant asked a respondent to look at again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.models.base import Base
from assessment.models.types import UTCDateTime, utcnow


class ChangeRequest(Base):
    """One round of "changes requested": who asked, when, and when it was closed.

    Closed when the consultant takes the resubmitted assessment back into review
    (``outcome`` 'resubmitted'). At most one is open per assessment at a time.
    """

    __tablename__ = "review_change_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True
    )
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    requested_by: Mapped[str] = mapped_column(String(254))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    message: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str | None] = mapped_column(String(32))

    comments: Mapped[list[ReviewComment]] = relationship(
        back_populates="change_request", order_by="ReviewComment.id"
    )

    def __repr__(self) -> str:
        return f"<ChangeRequest {self.id} assessment={self.assessment_id}>"


class ReviewComment(Base):
    """A consultant's comment on one question, addressed to the respondent who may fix it.

    ``answer_value``/``answer_version`` keep the answer as it stood when the comment was
    made (version 0: unanswered), so the review shows what the respondent changed.
    """

    __tablename__ = "review_comment"
    __table_args__ = (
        Index("ix_review_comment_invitation_id_request", "invitation_id", "change_request_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    change_request_id: Mapped[int] = mapped_column(
        ForeignKey("review_change_request.id", ondelete="CASCADE"), index=True
    )
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(String(100))
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitation.id", ondelete="SET NULL")
    )
    body: Mapped[str] = mapped_column(Text)
    answer_value: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    answer_version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    change_request: Mapped[ChangeRequest] = relationship(back_populates="comments")

    def __repr__(self) -> str:
        return f"<ReviewComment {self.id} {self.question_id} -> invitation {self.invitation_id}>"
