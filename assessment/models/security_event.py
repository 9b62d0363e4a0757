"""The security event log: sign-ins, second factors, passwords, roles, exports, downloads.

Kept apart from the audit log of assessments: it outlives the accounts it names (the
email is copied, the user id is set NULL when an account is removed) and admins read it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from assessment.models.base import Base
from assessment.models.types import UTCDateTime, utcnow


class SecurityEvent(Base):
    """One security-relevant event: what, when, whose account, from which address."""

    __tablename__ = "security_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str | None] = mapped_column(String(320))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    address: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return f"<SecurityEvent {self.id} {self.kind} {self.email}>"
