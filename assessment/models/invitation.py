"""An invitation: one respondent's link to an assessment, for all areas or some."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import JSON, ForeignKey, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.models.base import Base
from assessment.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from assessment.models.assessment import Assessment


class Invitation(Base):
    """A respondent's invitation. Only the SHA-256 of the token is stored.

    ``areas`` is a list of area ids, or null for every area. ``submitted_at`` set
    means the respondent has submitted and their answers are locked.
    """

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    areas: Mapped[list[str] | None] = mapped_column(JSON)
    language: Mapped[str] = mapped_column(String(8))
    respondent_name: Mapped[str | None] = mapped_column(String(200))
    respondent_role: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Where the respondent was last, so the same link resumes there.
    last_section_id: Mapped[str | None] = mapped_column(String(100))
    # Kept in the respondent's cookie; bumped on "save and continue later", so a copy of
    # an older cookie is refused on the server.
    session_version: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    # The lead respondent owns the profile: others see its answers read-only once given.
    # At most one per assessment (services/invitations.py checks it).
    lead: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    assessment: Mapped[Assessment] = relationship(back_populates="invitations")

    @property
    def respondent_label(self) -> str:
        """'Name (role)', 'Name', 'role' or 'Respondent <id>' for display."""
        if self.respondent_name and self.respondent_role:
            return f"{self.respondent_name} ({self.respondent_role})"
        return self.respondent_name or self.respondent_role or f"Respondent {self.id}"

    def covers(self, area_id: str) -> bool:
        """True when this invitation may answer questions of the area (profile: always)."""
        return self.areas is None or area_id == "profile" or area_id in self.areas

    def __repr__(self) -> str:
        return f"<Invitation {self.id} assessment={self.assessment_id} areas={self.areas}>"
