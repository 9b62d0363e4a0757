"""A client organisation: the party an assessment is about."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import String
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

    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="organisation", order_by="Assessment.id"
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"
