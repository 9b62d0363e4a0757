"""The attention queue and the assignment page: plain data for their templates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from assessment.blueprints.dashboard.contexts.labels import status_label
from assessment.blueprints.dashboard.contexts.list import short_date
from assessment.services.attention import AttentionRow, Reason, Wait

REASON_LABELS = {
    Reason.SUBMITTED: _l("Submitted, waiting for review"),
    Reason.CHANGES_ANSWERED: _l("Requested changes answered"),
    Reason.UNOPENED: _l("Invitation not opened"),
    Reason.OVERDUE: _l("Overdue"),
}


@dataclass(frozen=True)
class ReasonView:
    """One reason a row is in the queue, in words."""

    key: str
    label: str
    since: str
    since_iso: str


@dataclass(frozen=True)
class QueueRow:
    """One assessment in the queue."""

    id: int
    url: str
    organisation: str
    started: str
    status_label: str
    reasons: list[ReasonView]
    days: int
    days_text: str
    assignee: str
    due: str
    due_iso: str
    overdue: bool


def queue_context(rows: list[AttentionRow], now: datetime, unopened_days: int) -> dict[str, Any]:
    """Everything dashboard/attention.html renders."""
    return {
        "rows": [_row(row, now) for row in rows],
        "unopened_days": unopened_days,
        "list_url": url_for("dashboard.index"),
    }


def _row(row: AttentionRow, now: datetime) -> QueueRow:
    days = row.days_waiting(now)
    return QueueRow(
        id=row.assessment_id,
        url=url_for("dashboard.assessment_detail", assessment_id=row.assessment_id),
        organisation=row.organisation,
        started=_date(row.created_at.date()),
        status_label=status_label(row.status),
        reasons=[_reason(wait) for wait in row.waits],
        days=days,
        days_text=ngettext("%(num)d day", "%(num)d days", days),
        assignee=row.assignee or "—",
        due=_date(row.due_date),
        due_iso=row.due_date.isoformat() if row.due_date else "",
        overdue=row.overdue,
    )


def _reason(wait: Wait) -> ReasonView:
    label = str(REASON_LABELS[wait.reason])
    if wait.reason == Reason.UNOPENED and wait.count > 1:
        label = ngettext("%(num)d invitation not opened", "%(num)d invitations not opened",
                         wait.count)
    return ReasonView(wait.reason.value, label, _date(wait.since.date()),
                      wait.since.date().isoformat())


def _date(day: date | None) -> str:
    return short_date(day) if day else ""
