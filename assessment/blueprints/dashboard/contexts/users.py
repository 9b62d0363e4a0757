"""The admin's user list: one row per account with the URLs of its actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_login import current_user

from assessment.blueprints.dashboard.context import ROLE_LABELS, role_label
from assessment.blueprints.dashboard.contexts.labels import when
from assessment.services.users import UserRow


@dataclass(frozen=True)
class UserView:
    """An account as the table shows it."""

    id: int
    email: str
    role: str
    role_label: str
    active: bool
    created: str
    last_login: str
    is_self: bool
    role_url: str
    active_url: str
    reset_url: str
    second_factor: bool
    second_factor_remove_url: str
    display_name: str
    display_name_url: str


def users_context(rows: list[UserRow]) -> dict[str, Any]:
    """Everything dashboard/users.html renders."""
    return {
        "users": [
            UserView(
                id=row.id,
                email=row.email,
                role=row.role,
                role_label=role_label(row.role),
                active=row.active,
                created=when(row.created_at),
                last_login=when(row.last_login_at),
                is_self=row.id == current_user.id,
                role_url=url_for("dashboard.user_role", user_id=row.id),
                active_url=url_for("dashboard.user_active", user_id=row.id),
                reset_url=url_for("dashboard.user_password_reset", user_id=row.id),
                second_factor=row.second_factor,
                second_factor_remove_url=url_for("auth.second_factor_reset", user_id=row.id),
                display_name=row.display_name or "",
                display_name_url=url_for("dashboard.user_display_name", user_id=row.id),
            )
            for row in rows
        ],
        "roles": [(role, str(label)) for role, label in ROLE_LABELS.items()],
        "new_url": url_for("dashboard.user_new"),
        "account_url": url_for("auth.account"),
    }
