"""The review's confirmation steps in chromium, in English and Dutch, at 1280 and 375 px:
Approve first says what it releases (Cancel changes nothing, "Approve and release" does);
request changes ticks questions in folded areas, then comments on each (an empty comment is
named on its field). A note is edited and its history read. axe-core checks every page;
screenshots land in artefacts/screenshots/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from assessment.models import Status
from assessment.services import notes, review
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.factories import DEFAULT_PASSWORD, make_org, make_user

Check = Callable[[Any], None]
Shot = Callable[[Any, str], Path]
CONSULTANT = "consultant@example.com"
WORDS = {
    "en": {"approve": "Approve", "release": "Approve and release", "cancel": "Cancel",
           "ask": "Approve and release the report?", "request": "Request changes",
           "next": "Next: write the comments", "send": "Send the request for changes",
           "empty": "Write what should be looked at again", "done": "Changes requested:",
           "history": "History", "edit": "Edit", "save": "Save the note"},
    "nl": {"approve": "Goedkeuren", "release": "Goedkeuren en vrijgeven", "cancel": "Annuleren",
           "ask": "Goedkeuren en het rapport vrijgeven?", "request": "Wijzigingen vragen",
           "next": "Volgende: opmerkingen schrijven", "send": None, "empty": "Schrijf wat er",
           "done": None, "history": "Geschiedenis", "edit": "Bewerken", "save": None},
}


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {**REVIEW_CONFIG, "WTF_CSRF_ENABLED": True}


def in_review(db_session: Session) -> Any:
    consultant = make_user(db_session, CONSULTANT)
    answered = submitted_assessment(db_session, owner=consultant,
                                    organisation=make_org(db_session, "Nordic Bikes AB"))
    review.start_review(db_session, answered.assessment, consultant)
    notes.add(db_session, answered.assessment, consultant, "Call the CFO.")
    db_session.commit()
    return answered.assessment


def sign_in(page: Any, live_server: Any) -> None:
    page.goto(live_server.url("/login"))
    page.fill("input[name=email]", CONSULTANT)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")
    assert page.url == live_server.url("/dashboard/attention")  # a consultant's landing page


def click(page: Any, locator: Any) -> None:
    with page.expect_navigation():
        locator.click()


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("width", [1280, 375])
def test_approve_asks_first_and_changes_are_requested_in_two_steps(
    new_page: Callable[..., Any], live_server: Any, db_session: Session, axe_check: Check,
    screenshot: Shot, language: str, width: int,
) -> None:
    assessment = in_review(db_session)
    words = WORDS[language]
    page = new_page(viewport={"width": width, "height": 900},
                    locale="nl-NL" if language == "nl" else "en-GB")
    sign_in(page, live_server)
    detail = live_server.url(f"/dashboard/assessments/{assessment.id}")
    page.goto(detail)
    axe_check(page)
    screenshot(page, f"dashboard-detail-work-{language}-{width}")
    if width == 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1

    # Approve: the confirmation step; Cancel changes nothing.
    click(page, page.get_by_role("button", name=words["approve"], exact=True))
    assert page.get_by_role("heading", name=words["ask"]).is_visible()
    assert "Nordic Bikes AB" in page.inner_text("main")
    axe_check(page)
    screenshot(page, f"dashboard-approve-confirm-{language}-{width}")
    if width == 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    click(page, page.get_by_role("link", name=words["cancel"]))
    assert page.url == detail
    db_session.refresh(assessment)
    assert assessment.status == Status.IN_REVIEW

    # Request changes: tick one question, skip its comment (named), then send.
    click(page, page.get_by_role("link", name=words["request"]))
    axe_check(page)
    area = page.locator("details.dash-pick-area", has=page.locator("#question-stock_accuracy"))
    if area.get_attribute("open") is None:
        area.locator("summary").click()
    page.check("#question-stock_accuracy")
    screenshot(page, f"dashboard-request-changes-step1-{language}-{width}")
    click(page, page.get_by_role("button", name=words["next"]))
    assert page.locator("textarea.dash-comment").count() == 1
    axe_check(page)
    click(page, page.locator("button[name=step][value=send]"))
    assert words["empty"] in page.inner_text("#comment-stock_accuracy-error")
    assert page.locator(".error-summary a[href='#comment-stock_accuracy']").count() == 1
    axe_check(page)
    page.fill("#comment-stock_accuracy", "80 %? Last year's audit said 97 %.")
    screenshot(page, f"dashboard-request-changes-step2-{language}-{width}")
    if width == 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    click(page, page.locator("button[name=step][value=send]"))
    assert page.url == detail
    db_session.refresh(assessment)
    assert assessment.status == Status.CHANGES_REQUESTED
    if words["done"]:
        assert page.get_by_text(words["done"]).first.is_visible()
    assert page.locator("#outstanding-title").is_visible()
    screenshot(page, f"dashboard-detail-outstanding-{language}-{width}")

    # The note: edit it, then read its history.
    click(page, page.locator("#notes").get_by_role("link", name=words["edit"], exact=True))
    axe_check(page)
    page.fill("textarea[name=body]", "Call the CFO on Monday.")
    screenshot(page, f"dashboard-note-edit-{language}-{width}")
    click(page, page.locator("main form button[type=submit]").first)
    click(page, page.locator("#notes").get_by_role("link", name=words["history"]))
    assert "Call the CFO." in page.inner_text("main")
    assert "Call the CFO on Monday." in page.inner_text("main")
    axe_check(page)
    screenshot(page, f"dashboard-note-history-{language}-{width}")


def test_approve_and_release_approves(
    page: Any, live_server: Any, db_session: Session, axe_check: Check
) -> None:
    assessment = in_review(db_session)
    sign_in(page, live_server)
    page.goto(live_server.url(f"/dashboard/assessments/{assessment.id}"))
    # A finding's answer link opens its folded area and shows the row.
    link = page.locator("#finding-LEAD-1 .dash-finding__reads a").first
    target = (link.get_attribute("href") or "").lstrip("#")
    assert not page.locator(f"[id='{target}']").is_visible()  # folded at first
    link.click()
    page.wait_for_function(f"location.hash === '#{target}'")
    assert page.locator(f"[id='{target}']").is_visible()
    click(page, page.get_by_role("button", name="Approve", exact=True))
    text = page.inner_text("main")
    assert "Full report: English" in text and "Executive summary: English" in text
    click(page, page.get_by_role("button", name="Approve and release"))
    assert page.get_by_text("Approved: the client report is released.").is_visible()
    db_session.refresh(assessment)
    assert assessment.status == Status.APPROVED
