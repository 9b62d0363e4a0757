"""Who works on an assessment: its owning consultant and the consultants it is shared with."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from assessment.models.base import Base
from assessment.models.types import UTCDateTime, utcnow


class ShareKind(enum.StrEnum):
    """An owner may share and unshare; a shared consultant works on it like the owner."""

    OWNER = "owner"
    SHARED = "shared"


class AssessmentShare(Base):
    """One consultant's access to one assessment; at most one owner per assessment."""

    __tablename__ = "assessment_share"
    __table_args__ = (
        UniqueConstraint("assessment_id", "user_id"),
        CheckConstraint(
            "kind IN ({})".format(", ".join(f"'{k.value}'" for k in ShareKind)), name="kind"
        ),
        # The listing asks "which assessments may this user see": by user first.
        Index("ix_assessment_share_user_assessment", "user_id", "assessment_id"),
        Index(
            "uq_assessment_share_one_owner",
            "assessment_id",
            unique=True,
            sqlite_where=text("kind = 'owner'"),
            postgresql_where=text("kind = 'owner'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16), default=ShareKind.SHARED.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(254))

    def __repr__(self) -> str:
        return f"<AssessmentShare a={self.assessment_id} u={self.user_id} {self.kind}>"
