"""Dashboard views by topic; importing a module registers its routes on the blueprint."""

from __future__ import annotations

from assessment.blueprints.dashboard.views import (
    attention,
    comments,
    detail,
    disagreements,
    exports,
    invitations,
    list,
    milestones,
    notes,
    overrides,
    portfolio,
    rescore,
    review,
    sales,
    security_log,
    sharing,
    summary,
    tokens,
    users,
    webhooks,
)

__all__ = [
    "attention",
    "comments",
    "detail",
    "disagreements",
    "exports",
    "invitations",
    "list",
    "milestones",
    "notes",
    "overrides",
    "portfolio",
    "rescore",
    "review",
    "sales",
    "security_log",
    "sharing",
    "summary",
    "tokens",
    "users",
    "webhooks",
]
