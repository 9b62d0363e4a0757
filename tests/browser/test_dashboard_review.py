"""The review in chromium, end to end: a consultant signs in, finds an assessment among many,
starts the review, requests a change; the respondent sees the comment, fixes the answer and
submits again; the consultant approves, overrides a finding, downloads the PDF (which shows
the override and says it was reviewed) and exports CSV. axe-core runs on every page type
of the review pages; screenshots land in artefacts/screenshots/.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from sqlalchemy.orm import Session

from assessment.models import Status
from assessment.models.override import FindingOverride
from tests.dashboard.conftest import seed
from tests.dashboard.review_support import REVIEW_CONFIG, Answered, submitted_assessment
from tests.factories import DEFAULT_PASSWORD, make_org, make_user

Check = Callable[[Any], None]
Shot = Callable[[Any, str], Path]
CONSULTANT = "consultant@example.com"


@pytest.fixture
def app_config() -> dict[str, Any]:
    # The browser submits real forms: CSRF on, as in production.
    return {**REVIEW_CONFIG, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def answered(db_session: Session) -> Answered:
    """One submitted assessment of Nordic Bikes AB among forty others the consultant owns."""
    consultant = make_user(db_session, CONSULTANT)
    seed(db_session, 40, owner=consultant, prefix="Retailer")
    return submitted_assessment(db_session, owner=consultant,
                                organisation=make_org(db_session, "Nordic Bikes AB"))


def click_and_wait(page: Any, locator: Any) -> None:
    """Click something that submits or navigates, and wait for the next page."""
    with page.expect_navigation():
        locator.click()


def sign_in(page: Any, live_server: Any) -> None:
    page.goto(live_server.url("/dashboard/"))
    page.fill("input[name=email]", CONSULTANT)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    click_and_wait(page, page.get_by_role("button", name="Sign in"))
    assert page.url == live_server.url("/dashboard/")


def find_and_open(page: Any) -> None:
    """Search the list for the organisation and open its assessment."""
    assert page.get_by_text("Showing 1–25 of 41 assessments").is_visible()
    page.fill("#filter-q", "nordic")
    click_and_wait(page, page.get_by_role("button", name="Apply"))
    assert page.get_by_text("Showing 1 assessment", exact=True).is_visible()
    click_and_wait(page, page.get_by_role("link", name="Nordic Bikes AB", exact=True))
    assert page.get_by_role("heading", name="Nordic Bikes AB").is_visible()


def request_a_change(page: Any, axe_check: Check, screenshot: Shot) -> None:
    click_and_wait(page, page.get_by_role("button", name="Start the review"))
    assert page.get_by_text("The review has started.").is_visible()
    axe_check(page)
    screenshot(page, "dashboard-detail-in-review-1280")
    click_and_wait(page, page.get_by_role("link", name="Request changes"))
    axe_check(page)
    area = page.locator("details.dash-pick-area", has=page.locator("#question-stock_accuracy"))
    if area.get_attribute("open") is None:  # areas fold; the first one opens
        area.locator("summary").click()
    page.check("#question-stock_accuracy")
    screenshot(page, "dashboard-request-changes-1280")
    click_and_wait(page, page.get_by_role("button", name="Next: write the comments"))
    axe_check(page)
    page.fill("#comment-stock_accuracy", "80 %? Last year's audit said 97 %. Which is right?")
    screenshot(page, "dashboard-request-changes-step2-1280")
    click_and_wait(page, page.get_by_role("button", name="Send the request for changes"))
    assert page.get_by_text("Changes requested: the respondents can now correct").is_visible()


def respondent_fixes_it(page: Any, live_server: Any, token: str, axe_check: Check,
                        screenshot: Shot) -> None:
    """The operations lead opens their link, sees the comment, fixes the answer, submits."""
    page.goto(live_server.url(f"/i/{token}"))
    page.wait_for_url("**/a/review")
    assert page.get_by_text("Your consultant asked you to look again at some answers").is_visible()
    assert page.get_by_text("Last year's audit said 97 %").is_visible()
    assert page.locator("#review-erp_connected a").count() == 0  # locked
    axe_check(page)
    screenshot(page, "client-review-changes-requested-1280")
    click_and_wait(page, page.locator("#review-stock_accuracy a"))
    comment = "Your consultant’s comment on “How accurate is your stock?”"
    assert page.get_by_text(comment).is_visible()
    assert page.locator("#erp_connected").count() == 0
    axe_check(page)
    screenshot(page, "client-section-changes-requested-1280")
    page.fill("#stock_accuracy", "97")
    click_and_wait(page, page.get_by_role("button", name="Save and continue", exact=True))
    assert page.url == live_server.url("/a/review")
    click_and_wait(page, page.get_by_role("button", name="Submit my answers"))
    assert page.url == live_server.url("/a/done")


def approve_after_the_fix(page: Any, axe_check: Check) -> None:
    page.reload()
    assert page.get_by_text("Every part is in and scored.").is_visible()
    row = page.locator(".dash-round tbody tr").first
    assert re.search(r"80%\s+97%\s+changed", row.inner_text())
    click_and_wait(page, page.get_by_role("button", name="Start the review"))
    click_and_wait(page, page.get_by_role("button", name="Approve"))
    assert page.get_by_role("heading", name="Approve and release the report?").is_visible()
    axe_check(page)
    click_and_wait(page, page.get_by_role("button", name="Approve and release"))
    assert page.get_by_text("Approved: the client report is released.").is_visible()
    axe_check(page)


def override_a_finding(page: Any, axe_check: Check, screenshot: Shot) -> None:
    click_and_wait(page, page.locator("#finding-LEAD-1").get_by_role("link", name="Override"))
    axe_check(page)
    page.get_by_label("Give it another severity").check()
    page.select_option("#severity", "medium")
    page.fill("#justification", "The board named a sponsor last week; the contract follows.")
    screenshot(page, "dashboard-override-1280")
    click_and_wait(page, page.get_by_role("button", name="Save the override"))
    finding = page.locator("#finding-LEAD-1")
    assert "Severity changed; the rules said High." in finding.inner_text()
    assert "The board named a sponsor last week" in finding.inner_text()
    screenshot(page, "dashboard-detail-reviewed-1280")


def download(page: Any, locator: Any) -> bytes:
    with page.expect_download() as info:
        locator.click()
    return Path(info.value.path()).read_bytes()


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
                    .split())


def test_find_review_request_a_change_approve_override_download_export(
    page: Any, new_page: Callable[..., Any], live_server: Any, answered: Answered,
    db_session: Session, axe_check: Check, screenshot: Shot,
) -> None:
    sign_in(page, live_server)
    find_and_open(page)
    request_a_change(page, axe_check, screenshot)

    respondent = new_page()  # another browser, another person
    respondent_fixes_it(respondent, live_server, answered.tokens["operations"], axe_check,
                        screenshot)

    approve_after_the_fix(page, axe_check)
    override_a_finding(page, axe_check, screenshot)

    text = pdf_text(download(page, page.get_by_role("link", name="Full report (PDF)")))
    assert "Reviewed by Commerce Readiness Advisory." in text  # no display name: the brand
    assert CONSULTANT not in text  # never an e-mail address
    assert "Reviewed by the consultant." in text and "(rule: High)" not in text
    assert "No executive sponsor" in text

    rows = list(csv.reader(io.StringIO(download(
        page, page.get_by_role("link", name="Export CSV")).decode("utf-8-sig"))))
    assert any("stock_accuracy" in row and "97" in row for row in rows), rows[:5]

    db_session.expire_all()
    assessment = answered.assessment
    db_session.refresh(assessment)
    assert assessment.status == Status.APPROVED
    override = db_session.scalars(sa.select(FindingOverride)).one()
    assert (override.rule_id, override.severity, override.original_severity) == (
        "LEAD-1", "medium", "high")


def test_review_pages_are_accessible_and_usable_at_phone_width(
    page: Any, new_page: Callable[..., Any], live_server: Any, answered: Answered,
    axe_check: Check, screenshot: Shot,
) -> None:
    sign_in(page, live_server)
    aid, org = answered.assessment.id, answered.assessment.organisation_id
    pages = {
        "detail": f"/dashboard/assessments/{aid}",
        "invitations": f"/dashboard/assessments/{aid}/invitations",
        "finding-new": f"/dashboard/assessments/{aid}/findings/new",
        "portfolio": "/dashboard/portfolio",
        "milestones": f"/dashboard/organisations/{org}/milestones",
        "rescore": "/dashboard/rescore",
        "assessment-new": "/dashboard/assessments/new",
    }
    for name, path in pages.items():
        page.goto(live_server.url(path))
        axe_check(page)
        screenshot(page, f"dashboard-{name}-1280")
    phone = new_page(viewport={"width": 375, "height": 800})
    sign_in(phone, live_server)
    for name in ("detail", "portfolio"):
        phone.goto(live_server.url(pages[name]))
        axe_check(phone)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{name} scrolls sideways at 375px ({width}px)"
        screenshot(phone, f"dashboard-{name}-375")
