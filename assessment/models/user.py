"""Staff accounts: consultants, sales and administrators (login is the dashboard's)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from assessment.models.base import Base
from assessment.models.types import UTCDateTime, utcnow


class Role(enum.StrEnum):
    """What a staff account may do; see doc/architecture/0006-access.md."""

    ADMIN = "admin"
    CONSULTANT = "consultant"
    SALES = "sales"


class User(Base):
    """A staff account. ``email`` is stored lower-case; ``password_hash`` is argon2."""

    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(
            "role IN ({})".format(", ".join(f"'{r.value}'" for r in Role)), name="role"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # How the report's cover names the consultant (never the e-mail address); optional.
    display_name: Mapped[str | None] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.CONSULTANT.value)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Bumped on logout or password change: a session carrying an older number is refused.
    session_version: Mapped[int] = mapped_column(default=1)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Second factor (TOTP, services/second_factor.py). The base32 secret is kept as is (the
    # database is the protected store) and never logged nor shown after enrolment; it is
    # set with enrolled_at NULL while an enrolment awaits its first code.
    second_factor_secret: Mapped[str | None] = mapped_column(String(64))
    second_factor_enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The last 30-second time step whose code was accepted: that code and older are refused.
    second_factor_last_step: Mapped[int | None] = mapped_column()

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"
