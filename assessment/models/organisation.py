"""A client organisation: the party an assessment is about."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.models.base import Base
from assessment.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from assessment.models.assessment import Assessment


class Organisation(Base):
    """An organisation. Names are not unique: a consultant who names a client they cannot
    see gets an organisation of their own (``services.organisations``)."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Who created it (the API creates organisations before any assessment): they see it.
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)

    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="organisation", order_by="Assessment.id"
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"
