"""What every dashboard page's frame needs: navigation, role names, languages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from assessment.services.access import is_admin, may_open_listed

# Each language named in itself, so a reader finds their own whatever the page language.
UI_LANGUAGES = [("en", "English"), ("nl", "Nederlands"), ("fr", "Français"), ("sv", "Svenska")]

ROLE_LABELS = {"admin": _l("Administrator"), "consultant": _l("Consultant"), "sales": _l("Sales")}


@dataclass(frozen=True)
class NavEntry:
    """A top-level dashboard page: endpoint, label, and who sees it."""

    endpoint: str
    label: Any
    visible: Callable[[Any], bool] = lambda user: True
    also: tuple[str, ...] = ()  # endpoints of pages that belong under this entry


# Part B adds its top-level pages (portfolio, ...) here, one line each.
NAV: list[NavEntry] = [
    NavEntry("dashboard.index", _l("Assessments")),
    NavEntry("dashboard.users_list", _l("Users"), is_admin, ("dashboard.user_new",)),
    NavEntry("dashboard.portfolio_page", _l("Portfolio"), may_open_listed),
    NavEntry("dashboard.sales_reports", _l("Reports")),
    NavEntry("dashboard.rescore_overview", _l("New versions"), may_open_listed),
    NavEntry("dashboard.security_log_page", _l("Security log"), is_admin),
    NavEntry("dashboard.webhooks_list", _l("Webhooks"), may_open_listed,
             ("dashboard.webhook_detail",)),
    NavEntry("dashboard.api_reference", _l("API")),
]


@dataclass(frozen=True)
class NavItem:
    """A rendered navigation link."""

    url: str
    label: str
    current: bool


def dashboard_nav() -> list[NavItem]:
    """The links the signed-in user may follow, the current one marked."""
    if not current_user.is_authenticated:
        return []
    return [
        NavItem(url_for(e.endpoint), str(e.label), request.endpoint in (e.endpoint, *e.also))
        for e in NAV
        if e.visible(current_user)
    ]


def role_label(role: str) -> str:
    """The translated name of a role."""
    return str(ROLE_LABELS.get(role, role))


def layout_context() -> dict[str, Any]:
    """Template globals for layouts/dashboard.html (auth and dashboard blueprints)."""
    return {
        "dashboard_nav": dashboard_nav(),
        "role_label": role_label,
        "ui_languages": UI_LANGUAGES,
        "page_language": str(get_locale() or "en"),
    }
