"""Translated names of statuses and bands, shared by every dashboard page."""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "invited": _l("Invited"),
    "in_progress": _l("In progress"),
    "submitted": _l("Submitted"),
    "in_review": _l("In review"),
    "changes_requested": _l("Changes requested"),
    "approved": _l("Approved"),
}

BAND_LABELS = {"red": _l("Red"), "amber": _l("Amber"), "green": _l("Green")}


def status_label(status: str) -> str:
    """The translated name of an assessment status."""
    return str(STATUS_LABELS.get(status, status))


def band_label(band: str | None) -> str:
    """The translated name of a band, or 'Not scored'."""
    if not band:
        return str(_l("Not scored"))
    return str(BAND_LABELS.get(band, band))


TIMESTAMP_PATTERN = "d MMM y, HH:mm"  # day first and 24-hour in all four languages


def when(moment: datetime | None) -> str:
    """A timestamp in the page language to the minute ('' for none)."""
    return format_datetime(moment, TIMESTAMP_PATTERN) if moment else ""


def percent(fraction: float | None) -> int:
    """A 0..1 fraction as a whole percentage."""
    return round((fraction or 0.0) * 100)
