"""In chromium: a consultant invites a respondent by e-mail from the dashboard, the respondent
opens the link from the message a real SMTP server received, answers and submits, and the
owner is told by e-mail."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from tests.dashboard.conftest import DASHBOARD_CONFIG, own
from tests.factories import DEFAULT_PASSWORD, make_assessment, make_org, make_user
from tests.mail.conftest import Inbox, parts
from tests.mail.conftest import smtp as smtp  # the fixture: a real SMTP server

CONSULTANT = "consultant@example.com"


@pytest.fixture
def app_config(smtp: Inbox, tmp_path: Path) -> dict[str, Any]:
    return {**DASHBOARD_CONFIG, "WTF_CSRF_ENABLED": True, "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": smtp.port, "MAIL_OUTBOX": str(tmp_path / "outbox")}


def click_and_wait(page: Any, locator: Any) -> None:
    with page.expect_navigation():
        locator.click()


def test_invite_by_email_answer_submit_and_the_owner_is_told(
    app: Flask, live_server: Any, new_page: Callable[..., Any], db_session: Session,
    smtp: Inbox, screenshot: Any,
) -> None:
    app.config["BASE_URL"] = live_server.url("").rstrip("/")  # links point at this server
    consultant = make_user(db_session, CONSULTANT)
    assessment = make_assessment(db_session, make_org(db_session, "Nordic Bikes AB"))
    own(db_session, assessment, consultant)

    page = new_page()
    page.goto(live_server.url("/dashboard/"))
    page.fill("input[name=email]", CONSULTANT)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    click_and_wait(page, page.get_by_role("button", name="Sign in"))
    page.goto(live_server.url(f"/dashboard/assessments/{assessment.id}/invitations"))
    page.fill("#respondent_name", "Eva")
    page.fill("#email", "eva@example.com")
    page.check("input[name=areas][value=warehouse]")
    page.check("#lead")
    click_and_wait(page, page.get_by_role("button", name="Create the link"))
    assert page.get_by_text("The invitation was e-mailed to eva@example.com.").is_visible()
    assert page.get_by_text("eva@example.com", exact=True).is_visible()
    assert page.get_by_role("button", name="Send again").count() == 1
    screenshot(page, "invitation-by-email-en")

    [invitation] = smtp.to("eva@example.com")
    text, html = parts(invitation)
    link = re.search(r"http://\S+/i/[A-Za-z0-9_-]+", text).group(0)  # type: ignore[union-attr]
    assert link in html

    respondent = new_page()
    respondent.goto(link)
    click_and_wait(respondent, respondent.get_by_text("Start now"))
    respondent.get_by_label("More than 50 people").check()
    click_and_wait(respondent, respondent.get_by_role("button", name="Save and continue",
                                                      exact=True))
    respondent.fill("#packing_per_hour", "60")
    respondent.fill("#stock_accuracy", "95")
    click_and_wait(respondent, respondent.get_by_role("button", name="Save and continue",
                                                      exact=True))
    click_and_wait(respondent, respondent.get_by_role("button", name="Submit my answers"))
    assert respondent.url.endswith("/a/done")

    [told] = smtp.to(CONSULTANT)
    assert told["Subject"] == "Eva submitted their answers: Nordic Bikes AB"
    detail = re.search(r"http://\S+/dashboard/assessments/\d+", parts(told)[0]).group(0)  # type: ignore[union-attr]
    page.goto(detail)
    assert page.locator("h1").inner_text().startswith("Nordic Bikes AB") or \
        "Nordic Bikes AB" in page.locator("h1").inner_text()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_e_mail_parts_of_the_pages_in_dutch(
    app: Flask, live_server: Any, new_page: Callable[..., Any], db_session: Session,
    smtp: Inbox, screenshot: Any, axe_check: Any, width: int,
) -> None:
    consultant = make_user(db_session, CONSULTANT)
    assessment = make_assessment(db_session, make_org(db_session, "Nordic Bikes AB"))
    own(db_session, assessment, consultant)
    page = new_page(locale="nl-NL", viewport={"width": width, "height": 800})
    page.goto(live_server.url("/dashboard/"))
    page.fill("input[name=email]", CONSULTANT)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    click_and_wait(page, page.locator("main button[type=submit]"))
    page.goto(live_server.url(f"/dashboard/assessments/{assessment.id}/invitations"))
    page.fill("#respondent_name", "Eva")
    page.fill("#email", "eva@example.com")
    click_and_wait(page, page.locator("main form button[type=submit]").last)
    assert page.get_by_text("De uitnodiging is gemaild naar eva@example.com.").is_visible()
    assert page.get_by_role("button", name="Opnieuw versturen").count() == 1
    axe_check(page)
    screenshot(page, f"invitations-email-nl-{width}")
    page.goto(live_server.url("/account"))
    assert page.get_by_role("heading", name="Meldingen per e-mail").is_visible()
    axe_check(page)
    screenshot(page, f"account-notifications-nl-{width}")
    assert len(smtp.to("eva@example.com")) == 1
