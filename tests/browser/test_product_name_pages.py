"""The product name in its longest forms fits the header on a phone and on a desktop.

"Diagnostic de préparation e-commerce" and "Bedömning av e-handelsberedskap" are much
longer than "Commerce readiness" was: the start, 404 and sign-in pages must still show the
whole name without pushing the page sideways at 375 px.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from tests.browser.conftest import LiveServer
from tests.factories import make_assessment, make_invitation
from tests.web.test_product_name import NAMES

PHONE = {"viewport": {"width": 375, "height": 740}}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def fits(page: Any, selector: str) -> None:
    """The element shows the whole product name and nothing scrolls sideways."""
    box = page.locator(selector).first.bounding_box()
    width = page.evaluate("document.documentElement.clientWidth")
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("language", ["fr", "sv", "nl"])
@pytest.mark.parametrize(("size", "options"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_the_name_fits_on_the_start_404_and_sign_in_pages(
    live_server: LiveServer,
    db_session: Session,
    new_page: Callable[..., Any],
    axe_check: Callable[[Any], None],
    screenshot: Callable[[Any, str], Path],
    language: str,
    size: str,
    options: dict[str, Any],
) -> None:
    page = new_page(locale=language, extra_http_headers={"Accept-Language": language}, **options)
    name = NAMES[language]

    page.goto(live_server.url("/no-such-page"))
    assert page.locator(".header__service").inner_text().strip().replace("\u2011", "-") == name
    fits(page, ".header__service")
    axe_check(page)
    screenshot(page, f"product-name-404-{language}-{size}")

    page.goto(live_server.url("/login"))
    shown = page.locator(".dash-header__service").inner_text().replace("\u2011", "-")
    assert shown.startswith(name)  # then the sub-title "Consultant dashboard"
    fits(page, ".dash-header__service")
    screenshot(page, f"product-name-login-{language}-{size}")

    assessment = make_assessment(db_session, language=language)
    _, token = make_invitation(db_session, assessment, language=language)
    db_session.commit()
    page.goto(live_server.url(f"/i/{token}"))
    assert page.locator(".header__service").inner_text().strip().replace("\u2011", "-") == name
    assert page.locator("h1").inner_text().strip().replace("\u2011", "-") == name
    fits(page, ".header__service")
    screenshot(page, f"product-name-start-{language}-{size}")
