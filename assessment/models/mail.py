"""E-mail: every message sent (without its body), respondents' addresses, users' choices.

``MailMessage`` is the record of one message: to whom, what kind, for which assessment, in
which language, when it was queued and sent, and how it went (``queued``, ``sent``,
``written`` to the outbox, ``failed`` with the error). Neither the body nor any link token
is kept. ``InvitationAddress`` is a respondent's e-mail address and the seed their link's
token is derived from (with SECRET_KEY), so the same link can be sent again and a fresh
one replaces it. ``MailOptOut`` is a notification kind a user turned off.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assessment.models.base import Base
from assessment.models.types import UTCDateTime, utcnow


class MailOutcome(enum.StrEnum):
    """Where a message stands."""

    QUEUED = "queued"
    SENT = "sent"
    WRITTEN = "written"  # to the outbox: no MAIL_SERVER
    FAILED = "failed"


class MailMessage(Base):
    """One e-mail message sent or being sent."""

    __tablename__ = "mail_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitation.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str] = mapped_column(String(16), default=MailOutcome.QUEUED.value)
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)


class InvitationAddress(Base):
    """The e-mail address an invitation was sent to, and its link's seed."""

    __tablename__ = "invitation_address"

    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitation.id", ondelete="CASCADE"), primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    link_seed: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class MailOptOut(Base):
    """A notification kind the user does not want."""

    __tablename__ = "mail_opt_out"
    __table_args__ = (UniqueConstraint("user_id", "kind", name="uq_mail_opt_out_user_id_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
