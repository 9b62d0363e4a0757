"""Sales in chromium: sign in, land on the approved reports, find one and download it; and
the consultant's "Copy summary" puts the report's words on the clipboard. axe-core checks
both; screenshots in English and Dutch, at 1280 and 375 px, land in artefacts/screenshots/.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy.orm import Session

from tests.dashboard.review_support import REVIEW_CONFIG
from tests.dashboard.test_reviewed_result import reviewed_and_approved
from tests.factories import DEFAULT_PASSWORD, make_user

Check = Callable[[Any], None]
Shot = Callable[[Any, str], Path]


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {**REVIEW_CONFIG, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def approved(db_session: Session) -> tuple[Any, int]:
    """Fjällsport AB's approved assessment, its reviewer named Robin Reviewer."""
    reviewer, answered = reviewed_and_approved(db_session)
    reviewer.display_name = "Robin Reviewer"
    answered.assessment.organisation.name = "Fjällsport AB"
    db_session.commit()
    return reviewer, answered.assessment.id


def sign_in(page: Any, live_server: Any, email: str) -> None:
    page.goto(live_server.url("/login"))
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")


def test_sales_find_the_approved_report_and_download_it(
    new_page: Callable[..., Any], live_server: Any, approved: tuple[Any, int],
    db_session: Session, axe_check: Check, screenshot: Shot,
) -> None:
    _, assessment_id = approved
    make_user(db_session, "sales@example.com", role="sales")
    page = new_page()
    sign_in(page, live_server, "sales@example.com")
    assert page.url == live_server.url("/dashboard/reports")  # where sales land
    row = page.locator(f"#assessment-{assessment_id}")
    assert "Fjällsport AB" in row.inner_text() and "Robin Reviewer" in row.inner_text()
    axe_check(page)
    screenshot(page, "dashboard-sales-1280-en")
    link = row.get_by_role("link", name="Full report, Nederlands, Fjällsport AB")
    with page.expect_download() as info:
        link.click()
    pdf = Path(info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Fjällsport AB" in text and "Knelpunt" in text  # the Dutch report
    page.get_by_role("link", name="Reports", exact=True).click()
    page.wait_for_url(live_server.url("/dashboard/reports"))

    narrow = new_page(viewport={"width": 375, "height": 800}, locale="nl-NL")
    sign_in(narrow, live_server, "sales@example.com")
    assert "Goedgekeurde rapporten" in narrow.content()
    width = narrow.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the sales page scrolls sideways at 375 px ({width} px)"
    axe_check(narrow)
    screenshot(narrow, "dashboard-sales-375-nl")


def test_copy_summary_puts_the_markdown_on_the_clipboard(
    new_page: Callable[..., Any], live_server: Any, approved: tuple[Any, int],
    axe_check: Check, screenshot: Shot,
) -> None:
    reviewer, assessment_id = approved
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    sign_in(page, live_server, reviewer.email)
    page.goto(live_server.url(f"/dashboard/assessments/{assessment_id}"))
    panel = page.locator("#summary")
    panel.get_by_role("button", name="Copy summary (Markdown)").click()
    # The text is fetched first, then copied.
    expect(panel.get_by_role("status")).to_have_text("Copied to the clipboard.")
    copied = page.evaluate("navigator.clipboard.readText()")
    expected = page.request.get(live_server.url(
        f"/dashboard/assessments/{assessment_id}/summary.md")).text()
    assert copied == expected and "Fjällsport AB" in copied
    panel.locator("summary").click()  # the fallback: the same text, to select by hand
    expect(panel.locator("#summary-text")).not_to_have_value("")
    assert panel.locator("#summary-text").input_value().startswith(
        "Commerce readiness gap report — Fjällsport AB")
    axe_check(page)
    panel.screenshot(path=str(screenshot(page, "dashboard-summary-1280-en").with_name(
        "dashboard-summary-panel-1280-en.png")))

    narrow = new_page(viewport={"width": 375, "height": 800}, locale="nl-NL")
    sign_in(narrow, live_server, reviewer.email)
    narrow.goto(live_server.url(f"/dashboard/assessments/{assessment_id}#summary"))
    assert "Samenvatting kopiëren (Markdown)" in narrow.locator("#summary").inner_text()
    narrow.locator("#summary summary").click()
    expect(narrow.locator("#summary-markdown")).not_to_have_value("")
    narrow.locator("#summary").screenshot(
        path=str(Path("artefacts/screenshots/dashboard-summary-panel-375-nl.png")))


def test_without_the_clipboard_api_the_text_opens_selected(
    new_page: Callable[..., Any], live_server: Any, approved: tuple[Any, int],
) -> None:
    reviewer, assessment_id = approved
    page = new_page()
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    sign_in(page, live_server, reviewer.email)
    page.goto(live_server.url(f"/dashboard/assessments/{assessment_id}"))
    panel = page.locator("#summary")
    assert not panel.locator("details").evaluate("d => d.open")
    panel.get_by_role("button", name="Copy summary (plain text)").click()
    expect(panel.locator("details")).to_have_attribute("open", "")
    assert page.evaluate("document.activeElement.id") == "summary-text"
    selected = page.evaluate("(() => { const b = document.activeElement;"
                             " return b.value.substring(b.selectionStart, b.selectionEnd); })()")
    assert selected == panel.locator("#summary-text").input_value() != ""
    assert panel.get_by_role("status").inner_text() in (
        "Copied to the clipboard.",
        "Your browser did not allow copying: select the text below and copy it.")
