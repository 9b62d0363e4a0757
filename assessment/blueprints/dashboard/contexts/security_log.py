"""The admins' security log page: events in words, filters and paging."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l

from assessment.blueprints.dashboard.contexts.labels import when
from assessment.services.security_log import PAGE_SIZE, Entry, Kind

KIND_LABELS = {
    Kind.SIGN_IN: _l("Signed in"),
    Kind.SIGN_IN_FAILED: _l("Sign-in failed"),
    Kind.SIGN_OUT: _l("Signed out"),
    Kind.ACCOUNT_LOCKED: _l("Account locked after failed sign-ins"),
    Kind.SECOND_FACTOR_ENROLLED: _l("Second factor set up"),
    Kind.SECOND_FACTOR_USED: _l("Second factor used"),
    Kind.SECOND_FACTOR_FAILED: _l("Wrong second-factor code"),
    Kind.RECOVERY_CODE_USED: _l("Recovery code used"),
    Kind.SECOND_FACTOR_REMOVED: _l("Second factor removed"),
    Kind.PASSWORD_CHANGED: _l("Password changed"),
    Kind.PASSWORD_RESET_ISSUED: _l("Password reset link issued"),
    Kind.PASSWORD_RESET_USED: _l("Password reset through a link"),
    Kind.ROLE_CHANGED: _l("Role changed"),
    Kind.ACCOUNT_CREATED: _l("Account created"),
    Kind.ACCOUNT_DEACTIVATED: _l("Account deactivated"),
    Kind.ACCOUNT_ACTIVATED: _l("Account reactivated"),
    Kind.EXPORT: _l("Data exported"),
    Kind.REPORT_DOWNLOAD: _l("Report downloaded"),
}


@dataclass(frozen=True)
class EntryRow:
    """One event as the table shows it."""

    at: str
    kind: str
    label: str
    email: str
    address: str
    details: str


def security_log_context(entries: Sequence[Entry], total: int, page: int, kind: str,
                         email: str) -> dict[str, Any]:
    """Everything dashboard/security_log.html renders."""
    pages = max(1, -(-total // PAGE_SIZE))
    return {
        "rows": [_row(entry) for entry in entries],
        "total": total,
        "page": page,
        "pages": pages,
        "kind": kind,
        "email": email,
        "kinds": [(k.value, str(label)) for k, label in KIND_LABELS.items()],
        "newer_url": _url(page - 1, kind, email) if page > 1 else None,
        "older_url": _url(page + 1, kind, email) if page < pages else None,
    }


def _row(entry: Entry) -> EntryRow:
    label = KIND_LABELS.get(Kind(entry.kind)) if entry.kind in set(Kind) else None
    details = ", ".join(f"{key}: {value}" for key, value in sorted(entry.details.items()))
    return EntryRow(when(entry.at), entry.kind, str(label or entry.kind), entry.email or "",
                    entry.address or "", details)


def _url(page: int, kind: str, email: str) -> str:
    args: dict[str, Any] = {k: v for k, v in (("kind", kind), ("email", email)) if v}
    return url_for("dashboard.security_log_page", page=page, **args)
