"""One-time password-reset links: only a hash of each token is stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from assessment.models.base import Base
from assessment.models.types import UTCDateTime, utcnow


class PasswordResetToken(Base):
    """A reset link issued for a user: valid until ``expires_at``, once (``used_at``)."""

    __tablename__ = "password_reset_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    # SHA-256 of the random token, hex: the link itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    issued_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    def __repr__(self) -> str:
        return f"<PasswordResetToken {self.id} user {self.user_id}>"
