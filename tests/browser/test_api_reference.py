"""The API reference in chromium: reached from the dashboard's navigation, the contents lead
to each operation, axe-core finds nothing, and at 375 px nothing scrolls the page sideways
(long paths and code wrap in their box). Screenshots in English and Dutch, at 1280 and
375 px, land in artefacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from tests.dashboard.conftest import DASHBOARD_CONFIG
from tests.factories import DEFAULT_PASSWORD, make_user

Check = Callable[[Any], None]
Shot = Callable[[Any, str], Path]


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {**DASHBOARD_CONFIG, "WTF_CSRF_ENABLED": True}


def sign_in(page: Any, live_server: Any, email: str) -> None:
    page.goto(live_server.url("/login"))
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")


def no_sideways_scroll(page: Any, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the API reference scrolls sideways at {width} px ({scroll} px)"


@pytest.mark.parametrize("width", [1280, 375])
def test_the_reference_in_english(
    new_page: Callable[..., Any], live_server: Any, db_session: Session, axe_check: Check,
    screenshot: Shot, width: int,
) -> None:
    make_user(db_session, "consultant@example.com")
    page = new_page(viewport={"width": width, "height": 900})
    sign_in(page, live_server, "consultant@example.com")
    if width > 640:  # the navigation is in the header; at 375 px it wraps, still there
        page.get_by_role("link", name="API", exact=True).click()
    else:
        page.goto(live_server.url("/dashboard/api"))
    page.wait_for_url(live_server.url("/dashboard/api"))
    expect(page.get_by_role("heading", level=1)).to_have_text("API reference")
    assert live_server.base_url + "/api/v1" in page.locator(".api-url").inner_text()
    page.locator(".api-toc").get_by_role("link", name="POST Create an assessment").click()
    page.wait_for_url(live_server.url("/dashboard/api#post-assessments"))
    operation = page.locator("#post-assessments")
    expect(operation).to_be_in_viewport()
    assert "organisation_id" in operation.inner_text()
    no_sideways_scroll(page, width)
    axe_check(page)
    screenshot(page, f"dashboard-api-{width}-en")


@pytest.mark.parametrize("width", [1280, 375])
def test_the_reference_in_dutch(
    new_page: Callable[..., Any], live_server: Any, db_session: Session, axe_check: Check,
    screenshot: Shot, width: int,
) -> None:
    make_user(db_session, "sales@example.com", role="sales")
    page = new_page(viewport={"width": width, "height": 900}, locale="nl-NL")
    sign_in(page, live_server, "sales@example.com")
    page.goto(live_server.url("/dashboard/api"))
    expect(page.get_by_role("heading", level=1)).to_have_text("API-referentie")
    assert "De referentie is in het Engels." in page.content()
    expect(page.get_by_role("link", name="API", exact=True)).to_have_attribute(
        "aria-current", "page")
    no_sideways_scroll(page, width)
    axe_check(page)
    screenshot(page, f"dashboard-api-{width}-nl")
