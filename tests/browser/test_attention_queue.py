"""The attention queue in chromium: the front door leads a consultant to it, in English and
Dutch, on a phone (375 px) and on a desktop, with no axe violations."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from assessment.models.types import utcnow
from tests.dashboard.conftest import DASHBOARD_CONFIG, seed
from tests.factories import DEFAULT_PASSWORD, make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {**DASHBOARD_CONFIG, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def data(db_session: Session) -> dict[str, Any]:
    consultant = make_user(db_session, "consultant@example.com")
    now = utcnow()
    waiting = seed(db_session, 2, owner=consultant, prefix="Fjällsport AB", status="submitted",
                   submitted_at=lambda i: now - timedelta(days=3 + 4 * i), progress=1.0)
    late = seed(db_session, 1, owner=consultant, prefix="Maison Lumière", status="in_progress",
                due_date=date.today() - timedelta(days=2), progress=0.5)
    seed(db_session, 1, owner=consultant, prefix="Approved", status="approved")
    seed(db_session, 1, prefix="Someone else's", status="submitted", submitted_at=now)
    return {"consultant": consultant, "waiting": waiting, "late": late[0]}


def sign_in_at_the_front_door(page: Any, live_server: Any) -> None:
    page.goto(live_server.url("/"))
    page.wait_for_url("**/login")
    page.fill("input[name=email]", "consultant@example.com")
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard/**")
    page.goto(live_server.url("/"))
    page.wait_for_url("**/dashboard/attention")


@pytest.mark.parametrize(("locale", "title", "overdue", "days"), [
    ("en-GB", "Needs my attention", "Overdue", "7 days"),
    ("nl-NL", "Vraagt mijn aandacht", "Te laat", "7 dagen"),
])
@pytest.mark.parametrize("width", [375, 1280])
def test_the_queue_in_order_with_overdue_marked(
    new_page: Any, live_server: Any, data: dict[str, Any], axe_check: Any, screenshot: Any,
    locale: str, title: str, overdue: str, days: str, width: int,
) -> None:
    page = new_page(locale=locale, viewport={"width": width, "height": 800})
    sign_in_at_the_front_door(page, live_server)
    assert page.locator("h1").inner_text() == title
    rows = page.locator("tbody th[scope=row] a").all_inner_texts()
    # The longest wait first: submitted 7 days ago, then 3 days ago, then 2 days overdue.
    assert rows == ["Fjällsport AB 0001", "Fjällsport AB 0000", "Maison Lumière 0000"]
    first = page.locator("tbody tr").first
    assert days in first.inner_text()
    assert page.locator("tbody tr").nth(2).locator(".dash-overdue").first.inner_text() == overdue
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    axe_check(page)
    screenshot(page, f"dashboard-attention-{locale[:2]}-{width}")

    page.locator("tbody th[scope=row] a").first.click()
    page.wait_for_url("**/dashboard/assessments/*")
    assert page.url.endswith(f"/dashboard/assessments/{data['waiting'][1].id}")
