"""Which respondents are reminded of an unfinished part, and when.

An invitation sent by e-mail whose part is not submitted (and is neither revoked nor
expired, on an assessment still open) is due a reminder once each of the configured days
(``REMINDER_DAYS``, default "3,7") has passed since the link was sent, one reminder per
day reached and never two within a day. Missing a few days of runs sends one reminder, not
several; someone who submitted is never reminded. Running it twice in a row sends nothing
the second time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.invitation import Invitation
from assessment.models.mail import InvitationAddress, MailMessage
from assessment.models.types import utcnow
from assessment.services.errors import N_, DomainError
from assessment.services.notifications import REMINDER

DEFAULT_DAYS = "3,7"
MIN_GAP = timedelta(days=1)


class ReminderSettingError(DomainError, ValueError):
    """REMINDER_DAYS is not a list of whole days."""


def reminder_days(config: Mapping[str, Any]) -> tuple[int, ...]:
    """REMINDER_DAYS as sorted whole days ("3,7" → (3, 7)); "" or "0" turns reminders off."""
    raw = str(config.get("REMINDER_DAYS", DEFAULT_DAYS) or "").replace(" ", "")
    try:
        days = sorted({int(part) for part in raw.split(",") if part})
    except ValueError:
        raise ReminderSettingError(N_(
            "REMINDER_DAYS must be whole days separated by commas, such as 3,7; it is "
            "%(value)s.", value=raw)) from None
    if any(day < 0 for day in days):
        raise ReminderSettingError(N_("REMINDER_DAYS cannot be negative."))
    return tuple(day for day in days if day > 0)


def due(session: Session, days: Sequence[int], now: datetime | None = None
        ) -> list[tuple[Invitation, InvitationAddress]]:
    """The e-mailed invitations due a reminder now, with their addresses."""
    if not days:
        return []
    now = now or utcnow()
    last_reminder = (sa.select(MailMessage.invitation_id,
                               sa.func.max(MailMessage.created_at).label("at"))
                     .where(MailMessage.kind == REMINDER)
                     .group_by(MailMessage.invitation_id).subquery())
    rows = session.execute(
        sa.select(Invitation, InvitationAddress, last_reminder.c.at)
        .join(InvitationAddress, InvitationAddress.invitation_id == Invitation.id)
        .outerjoin(last_reminder, last_reminder.c.invitation_id == Invitation.id)
        .where(Invitation.submitted_at.is_(None), Invitation.revoked_at.is_(None),
               Invitation.expires_at > now,
               InvitationAddress.sent_at <= now - timedelta(days=min(days)))
        .order_by(Invitation.id)).all()
    chosen = []
    for invitation, address, last in rows:
        if not invitation.assessment.is_open:
            continue
        if _is_due(address.sent_at, last, days, now):
            chosen.append((invitation, address))
    return chosen


def _is_due(sent_at: datetime, last: datetime | str | None, days: Sequence[int],
            now: datetime) -> bool:
    reached = [day for day in days if now - sent_at >= timedelta(days=day)]
    if not reached:
        return False
    if last is None:
        return True
    if isinstance(last, str):  # SQLite hands max() of a timestamp back as text
        last = datetime.fromisoformat(last)
    if last.tzinfo is None:  # stored in UTC, read back without the zone
        last = last.replace(tzinfo=now.tzinfo)
    threshold = sent_at + timedelta(days=max(reached))
    return last < threshold and now - last >= MIN_GAP
