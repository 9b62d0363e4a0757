"""Webhooks: a URL a consultant or admin registered for events, and every delivery to it.

``Webhook`` belongs to the user who registered it: the URL, the events it wants (a comma
list of ``services.webhooks.EVENTS``), whether it is active, and ``secret_seed`` — a random
value the signing secret is derived from together with SECRET_KEY
(``services.webhooks.signing_secret``), so the database alone never holds a usable secret.
``WebhookDelivery`` is one event sent (or being sent) to one webhook: the JSON body as sent,
the tries, the last HTTP status or error, and the outcome (``queued``, ``delivered``,
``failed``). Deleting a webhook deletes its deliveries; so does deleting the assessment.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assessment.models.base import Base
from assessment.models.types import UTCDateTime, utcnow


class DeliveryOutcome(enum.StrEnum):
    """Where a delivery stands."""

    QUEUED = "queued"  # waiting for its first try, or for a retry
    DELIVERED = "delivered"  # the receiver answered 2xx
    FAILED = "failed"  # the last try failed, or retrying cannot help


class Webhook(Base):
    """A URL that receives signed event deliveries."""

    __tablename__ = "webhook"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[str] = mapped_column(String(200))  # comma-separated event names
    secret_seed: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def event_list(self) -> list[str]:
        """The subscribed events, in the stored order."""
        return [e for e in self.events.split(",") if e]


class WebhookDelivery(Base):
    """One event delivered (or being delivered) to one webhook."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        Index("ix_webhook_delivery_webhook_id_created_at", "webhook_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhook.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(40))
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    payload: Mapped[str] = mapped_column(Text)  # the JSON body, exactly as sent
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    last_status: Mapped[int | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(16), default=DeliveryOutcome.QUEUED.value)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
