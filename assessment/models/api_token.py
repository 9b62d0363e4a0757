"""Personal API tokens of staff users: only a hash of each token is stored.

A token is ``cra_`` followed by 43 URL-safe characters (32 random bytes from ``secrets``).
The database keeps its SHA-256 (``token_hash``) and its first characters (``prefix``, e.g.
``cra_Ab3x9Kq2``) by which its owner recognises it in lists; the whole token is shown once,
when it is made. A token acts for its user with the user's current role, limited by its
``scope`` (``read`` or ``write``); it stops working when revoked, expired or when the user
is deactivated (``services/api_tokens.py``).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from assessment.models.base import Base
from assessment.models.types import UTCDateTime, utcnow


class TokenScope(enum.StrEnum):
    """What a token may do: ``read`` only GETs, ``write`` also changes."""

    READ = "read"
    WRITE = "write"


class ApiToken(Base):
    """One personal API token of a staff user."""

    __tablename__ = "api_token"
    __table_args__ = (
        CheckConstraint(
            "scope IN ({})".format(", ".join(f"'{s.value}'" for s in TokenScope)), name="scope"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    scope: Mapped[str] = mapped_column(String(8), default=TokenScope.READ.value)
    # The marker and the first characters of the token, shown so its owner recognises it.
    prefix: Mapped[str] = mapped_column(String(16))
    # SHA-256 of the whole token, hex. A fast hash is right here: the token is 32 random
    # bytes, so there is nothing to guess by brute force (a slow hash such as argon2 is for
    # passwords people choose), and every API request looks its token up by this hash.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.prefix} user {self.user_id} {self.scope}>"
