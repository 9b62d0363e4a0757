"""The dashboard in chromium: login form, list, filters, sorting, paging, logout, a11y."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pyotp
import pytest
from sqlalchemy.orm import Session

from assessment.models.types import utcnow
from tests.dashboard.conftest import DASHBOARD_CONFIG, own, seed
from tests.factories import DEFAULT_PASSWORD, make_user

ADMIN_SECRET = pyotp.random_base32()


@pytest.fixture
def app_config() -> dict[str, Any]:
    # The browser submits real forms: CSRF on, as in production.
    return {**DASHBOARD_CONFIG, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def data(db_session: Session) -> dict[str, Any]:
    admin = make_user(db_session, "admin@example.com", role="admin")
    # Admins must sign in with a second factor (issue 14): this one has enrolled already.
    admin.second_factor_secret = ADMIN_SECRET
    admin.second_factor_enrolled_at = utcnow()
    consultant = make_user(db_session, "consultant@example.com")
    make_user(db_session, "colleague@example.com")
    now = utcnow()
    scored = {
        "back_office": {"progress": 1.0, "band": "red"},
        "warehouse": {"progress": 1.0, "band": "green"},
    }
    made = seed(
        db_session,
        30,
        prefix="Retailer",
        status="approved",
        area_summary=scored,
        overall_band="amber",
        overall_score=62.0,
        last_activity_at=lambda i: now - timedelta(hours=i),
    )
    seed(
        db_session,
        5,
        prefix="Starter",
        status="in_progress",
        area_summary={"back_office": {"progress": 0.4}},
        progress=0.2,
        last_activity_at=now - timedelta(days=30),
    )
    own(db_session, made[0], consultant)
    return {"admin": admin, "consultant": consultant, "first": made[0]}


def sign_in(page: Any, live_server: Any, email: str) -> None:
    page.goto(live_server.url("/dashboard/"))
    assert "/login?next=" in page.url
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("main button[type=submit]")
    if email.startswith("admin@"):
        page.wait_for_url("**/login/code")
        page.fill("input[name=code]", pyotp.TOTP(ADMIN_SECRET).now())
        page.click("main button[type=submit]")
    page.wait_for_url(live_server.url("/dashboard/"))


def test_login_list_filter_sort_page_and_logout(
    page: Any, live_server: Any, data: dict[str, Any], axe_check: Any, screenshot: Any
) -> None:
    page.goto(live_server.url("/login"))
    axe_check(page)
    sign_in(page, live_server, "admin@example.com")
    assert page.locator("h1").inner_text() == "Assessments"
    assert "Showing 1–25 of 35 assessments" in page.locator(".dash-count").inner_text()
    axe_check(page)
    screenshot(page, "dashboard-list")

    page.check("#filter-status-in_progress")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**status=in_progress**")
    names = page.locator("tbody th[scope=row] > a").all_inner_texts()
    assert sorted(names) == [f"Starter {n:04d}" for n in range(5)]

    page.click("a.dash-sort:has-text('Organisation')")
    page.wait_for_url("**sort=organisation**")
    assert page.locator("tbody th[scope=row] > a").first.inner_text() == "Starter 0000"
    assert page.locator("th[aria-sort=ascending]").inner_text().startswith("Organisation")

    page.click("text=Clear filters")
    page.click("a[rel=next]")
    page.wait_for_url("**page=2**")
    assert "Showing 26–35 of 35 assessments" in page.locator(".dash-count").inner_text()

    signed_in_cookies = page.context.cookies()
    page.click("header button:has-text('Sign out')")
    page.wait_for_url("**/login")
    assert "You are signed out." in page.content()

    # The cookie captured while signed in no longer opens anything.
    replay = page.context.browser.new_context()
    replay.add_cookies(signed_in_cookies)
    other = replay.new_page()
    other.goto(live_server.url("/dashboard/"))
    assert "/login?next=" in other.url
    replay.close()


def test_a_consultant_sees_only_their_assessment(
    page: Any, live_server: Any, data: dict[str, Any]
) -> None:
    sign_in(page, live_server, "consultant@example.com")
    assert page.locator("tbody th[scope=row] > a").all_inner_texts() == ["Retailer 0000"]
    assert page.locator("a:has-text('Users')").count() == 0


def test_admin_pages_pass_axe(
    page: Any, live_server: Any, data: dict[str, Any], axe_check: Any, screenshot: Any
) -> None:
    sign_in(page, live_server, "admin@example.com")
    page.goto(live_server.url("/dashboard/users"))
    axe_check(page)
    page.goto(live_server.url("/dashboard/users/new"))
    page.click("main form button[type=submit]")
    assert page.locator(".error-summary").is_visible()
    axe_check(page)
    screenshot(page, "dashboard-user-new-errors")
    page.goto(live_server.url(f"/dashboard/assessments/{data['first'].id}/sharing"))
    axe_check(page)
    page.select_option("select[name=user_id]", label="colleague@example.com")
    page.click("main form button:has-text('Share')")
    assert "colleague@example.com now has access." in page.content()


def test_the_list_fits_a_phone(new_page: Any, live_server: Any, data: dict[str, Any]) -> None:
    page = new_page(viewport={"width": 320, "height": 800})
    sign_in(page, live_server, "admin@example.com")
    overflow = page.evaluate(
        "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )
    assert overflow <= 0  # the table scrolls inside its own region, not the page
    assert page.locator(".dash-table-wrap").evaluate("e => e.scrollWidth > e.clientWidth")


def test_the_dashboard_in_swedish(page: Any, live_server: Any, data: dict[str, Any]) -> None:
    sign_in(page, live_server, "admin@example.com")
    page.select_option("#dash-language", "sv")
    page.click("header button:has-text('Change language')")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Bedömningar"
    assert page.locator("html").get_attribute("lang") == "sv"
