"""An assessment: one organisation answering one pinned version of a questionnaire."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, Date, Float, ForeignKey, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.models.base import Base
from assessment.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from assessment.models.answer import Answer
    from assessment.models.invitation import Invitation
    from assessment.models.organisation import Organisation


class Status(enum.StrEnum):
    """Where an assessment is in its life; the review states belong to the dashboard."""

    INVITED = "invited"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"


# Respondents may still change answers only in these states.
OPEN_STATUSES = frozenset({Status.INVITED, Status.IN_PROGRESS, Status.CHANGES_REQUESTED})


class Assessment(Base):
    """One organisation's assessment, pinned to the questionnaire version it started with.

    ``result`` holds the stored score (see ``services/scoring.py``); ``progress``,
    ``overall_score``, ``overall_band``, ``area_summary`` and ``last_activity_at`` are
    kept up to date by the services so lists never need to recompute them.
    """

    __tablename__ = "assessment"
    __table_args__ = (
        CheckConstraint(
            "status IN ({})".format(", ".join(f"'{s.value}'" for s in Status)), name="status"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    questionnaire_id: Mapped[str] = mapped_column(String(100))
    questionnaire_version: Mapped[str] = mapped_column(String(50))
    rules_version: Mapped[str] = mapped_column(String(50))
    questionnaire_fingerprint: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(32), default=Status.INVITED.value, index=True)
    language: Mapped[str] = mapped_column(String(8), default="en")
    show_summary: Mapped[bool] = mapped_column(default=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    overall_score: Mapped[float | None] = mapped_column(Float)
    overall_band: Mapped[str | None] = mapped_column(String(16))
    area_summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    scored_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The approval in force (cleared when it is withdrawn): services/review.py sets it.
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    approved_by: Mapped[str | None] = mapped_column(String(320))
    # When the report sales may hand out was approved: set once a PDF of it is stored, kept
    # through a re-score until a new approval, cleared when an approval is withdrawn by hand
    # (services/releases.py); access and the pages read it without a query of their own.
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Disagreements between respondents not yet resolved (services/disagreements.py keeps
    # it), so the list and detail pages know without a query of their own.
    open_disagreements: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    # The consultant answerable for it (default: the owner) and when it is due; the
    # attention queue (services/attention.py) reads them.
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    # Kept by models/list_columns.py: the organisation's name unaccented and casefolded
    # (accent- and case-insensitive search on every database) and the stored result's
    # finding counts by severity (the list shows them without re-scoring).
    search_text: Mapped[str] = mapped_column(String(400), default="", server_default="")
    finding_counts: Mapped[dict[str, int] | None] = mapped_column(JSON(none_as_null=True))

    organisation: Mapped[Organisation] = relationship(back_populates="assessments")
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="assessment", order_by="Invitation.id"
    )
    answers: Mapped[list[Answer]] = relationship(back_populates="assessment")

    @property
    def is_open(self) -> bool:
        """True while respondents may still change answers."""
        return self.status in OPEN_STATUSES

    def __repr__(self) -> str:
        return f"<Assessment {self.id} org={self.organisation_id} {self.status}>"
