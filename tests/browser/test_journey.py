"""The whole journey in chromium, with a real SMTP server (issue 13, "Browser journey").

A consultant signs in at the front door and lands on the attention queue; invites two
respondents by e-mail; each opens the link from the message the SMTP server received,
answers and submits; the owner is told and the assessment waits in the queue. The
consultant requests a change on one of Eva's answers: the assessment leaves the queue, Eva
is told, opens the link from that message, sees the comment, changes the answer and
submits; the owner is told and the assessment is back in the queue. The consultant approves
through the confirmation step and the assessment leaves the queue. A sales user is told,
opens the sales view from the message's link, signs in and downloads the full report.
Every step asserts on what the page or the message says; screenshots in artefacts/.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from assessment.models import Assessment, Status
from tests.dashboard.conftest import own
from tests.dashboard.review_support import REVIEW_CONFIG
from tests.factories import DEFAULT_PASSWORD, make_assessment, make_org, make_user
from tests.mail.conftest import Inbox, parts
from tests.mail.conftest import smtp as smtp  # the fixture: a real SMTP server

Check = Callable[[Any], None]
Shot = Callable[[Any, str], Path]
CONSULTANT = "consultant@example.com"
SALES = "sales@example.com"
EVA = "eva@example.com"
OLOF = "olof@example.com"
ORGANISATION = "Nordic Bikes AB"


@pytest.fixture
def app_config(smtp: Inbox, tmp_path: Path) -> dict[str, Any]:
    # The browser submits real forms: CSRF on, as in production; mail through the test server.
    return {**REVIEW_CONFIG, "WTF_CSRF_ENABLED": True, "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": smtp.port, "MAIL_DEFAULT_SENDER": "assessment@example.com",
            "MAIL_OUTBOX": str(tmp_path / "outbox")}


def click(page: Any, locator: Any) -> None:
    """Click something that submits or navigates, and wait for the next page."""
    with page.expect_navigation():
        locator.click()


def save(page: Any) -> None:
    click(page, page.get_by_role("button", name="Save and continue", exact=True))


def received(smtp: Inbox, address: str, count: int, timeout: float = 15.0) -> list[EmailMessage]:
    """The messages for ``address`` once there are ``count`` of them (and no more)."""
    deadline = time.monotonic() + timeout
    while len(smtp.to(address)) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    messages = smtp.to(address)
    assert len(messages) == count, [m["Subject"] for m in messages]
    return messages


def link_in(message: EmailMessage, pattern: str) -> str:
    """The link matching ``pattern`` in the text part; the HTML part carries the same."""
    text, html = parts(message)
    found = re.search(pattern, text)
    assert found, text
    assert found.group(0) in html
    return found.group(0)


def queue_rows(page: Any, live_server: Any) -> str:
    """The consultant's attention queue as text (its rows, or the empty notice)."""
    page.goto(live_server.url("/dashboard/attention"))
    assert page.locator("h1").inner_text() == "Needs my attention"
    return str(page.inner_text("main"))


def sign_in(page: Any, email: str) -> None:
    """Fill the sign-in form the page shows and send it."""
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    click(page, page.get_by_role("button", name="Sign in"))


def invite(page: Any, name: str, email: str, areas: list[str], *, lead: bool) -> None:
    page.fill("#respondent_name", name)
    page.fill("#email", email)
    for area in areas:
        page.check(f"input[name=areas][value={area}]")
    if lead:
        page.check("#lead")
    click(page, page.get_by_role("button", name="Create the link"))
    assert page.get_by_text(f"The invitation was e-mailed to {email}.").is_visible()


def status(session: Session, assessment: Assessment) -> str:
    """The assessment's status as the server last committed it."""
    session.expire_all()
    session.refresh(assessment)
    return str(assessment.status)


def submit(page: Any) -> None:
    assert page.url.endswith("/a/review")
    click(page, page.get_by_role("button", name="Submit my answers"))
    assert page.url.endswith("/a/done")
    assert page.get_by_role("heading", name="Your answers have been submitted").is_visible()


def test_invite_answer_review_change_approve_and_sales_download(
    app: Flask, live_server: Any, new_page: Callable[..., Any], db_session: Session,
    smtp: Inbox, axe_check: Check, screenshot: Shot,
) -> None:
    app.config["BASE_URL"] = live_server.url("").rstrip("/")  # links point at this server
    consultant = make_user(db_session, CONSULTANT)
    make_user(db_session, SALES, role="sales")
    assessment = make_assessment(db_session, make_org(db_session, ORGANISATION))
    own(db_session, assessment, consultant)
    detail_path = f"/dashboard/assessments/{assessment.id}"

    # 1. The consultant signs in at the front door and lands on the queue: nothing yet.
    page = new_page()
    page.goto(live_server.url("/"))
    page.wait_for_url("**/login*")
    sign_in(page, CONSULTANT)
    assert page.url == live_server.url("/dashboard/attention")
    assert ORGANISATION not in page.inner_text("main")
    assert page.get_by_text("Nothing needs your attention right now.").is_visible()

    # 2. Two respondents invited by e-mail from the invitations page.
    page.goto(live_server.url(f"{detail_path}/invitations"))
    invite(page, "Eva", EVA, ["leadership", "operations"], lead=True)
    invite(page, "Olof", OLOF, ["service"], lead=False)
    assert page.get_by_text(EVA, exact=True).is_visible()
    assert page.get_by_text(OLOF, exact=True).is_visible()
    screenshot(page, "journey-invitations")
    [eva_mail] = received(smtp, EVA, 1)
    [olof_mail] = received(smtp, OLOF, 1)
    invitation_link = r"http://127\.0\.0\.1:\d+/i/[A-Za-z0-9_-]+"
    eva_link, olof_link = link_in(eva_mail, invitation_link), link_in(olof_mail, invitation_link)
    assert eva_link.startswith(live_server.url("/i/")) and eva_link != olof_link

    # 3. Eva (the lead) answers the profile, leadership and operations, and submits.
    eva = new_page()
    eva.goto(eva_link)
    click(eva, eva.get_by_text("Start now"))
    assert eva.url.endswith("/a/s/profile")
    eva.get_by_label("More than 50 people").check()
    save(eva)
    eva.locator("#sponsor-group").get_by_label("No", exact=True).check()
    eva.get_by_label("In draft").check()
    save(eva)
    eva.fill("#stock_accuracy", "80")
    eva.locator("#erp_connected-group").get_by_label("Yes", exact=True).check()
    save(eva)
    submit(eva)
    assert eva.get_by_text("1 of 2 parts is done.").is_visible()  # Olof has not submitted
    screenshot(eva, "journey-eva-done")
    assert status(db_session, assessment) == Status.IN_PROGRESS.value  # one part of two
    [first] = received(smtp, CONSULTANT, 1)
    assert first["Subject"] == f"Eva submitted their answers: {ORGANISATION}"
    assert ORGANISATION not in queue_rows(page, live_server)  # not complete: not waiting

    # Olof answers the service area and submits: the assessment is complete.
    olof = new_page()
    olof.goto(olof_link)
    click(olof, olof.get_by_text("Start now"))
    while "/a/s/service" not in olof.url:  # the profile is Eva's: shown, not asked
        save(olof)
    olof.get_by_label("Email").check()
    olof.fill("#response_hours", "30")
    save(olof)
    submit(olof)
    screenshot(olof, "journey-olof-done")
    assert status(db_session, assessment) == Status.SUBMITTED.value
    told = received(smtp, CONSULTANT, 2)
    assert [m["Subject"] for m in told] == [
        f"Eva submitted their answers: {ORGANISATION}",
        f"Olof submitted their answers: {ORGANISATION}"]
    assert all(m["To"] == CONSULTANT for m in told)
    detail = link_in(told[1], r"http://127\.0\.0\.1:\d+/dashboard/assessments/\d+")
    assert detail == live_server.url(detail_path)

    queue = queue_rows(page, live_server)
    row = page.locator("tbody tr", has=page.get_by_role("link", name=ORGANISATION))
    assert row.count() == 1, queue
    assert "Submitted, waiting for review" in row.inner_text()
    axe_check(page)
    screenshot(page, "journey-queue-waiting")

    # 4. The consultant starts the review from the queue and requests a change of Eva's.
    click(page, row.get_by_role("link", name=ORGANISATION))
    assert page.url == live_server.url(detail_path)
    click(page, page.get_by_role("button", name="Start the review"))
    assert page.get_by_text("The review has started.").is_visible()
    click(page, page.get_by_role("link", name="Request changes"))
    area = page.locator("details.dash-pick-area", has=page.locator("#question-stock_accuracy"))
    if area.get_attribute("open") is None:  # areas fold; the first one opens
        area.locator("summary").click()
    page.check("#question-stock_accuracy")
    click(page, page.get_by_role("button", name="Next: write the comments"))
    assert page.locator("textarea.dash-comment").count() == 1
    comment = "80 %? Last year's audit said 97 %. Which is right?"
    page.fill("#comment-stock_accuracy", comment)
    screenshot(page, "journey-request-changes")
    click(page, page.get_by_role("button", name="Send the request for changes"))
    assert page.get_by_text("Changes requested: the respondents can now correct").is_visible()
    assert ORGANISATION not in queue_rows(page, live_server)

    # Eva is told; Olof, whose answers were not reopened, is not.
    [_, asked] = received(smtp, EVA, 2)
    assert asked["Subject"] == f"Please review some answers: assessment of {ORGANISATION}"
    assert "look again at 1 of your answers" in parts(asked)[0]
    assert len(smtp.to(OLOF)) == 1
    eva = new_page()  # another day, another browser
    eva.goto(link_in(asked, invitation_link))
    eva.wait_for_url("**/a/review")
    assert eva.get_by_text("Your consultant asked you to look again at some answers").is_visible()
    assert eva.locator("#review-stock_accuracy").get_by_text(comment).is_visible()
    assert eva.locator("#review-erp_connected a").count() == 0  # not reopened: locked
    screenshot(eva, "journey-eva-comment")
    click(eva, eva.locator("#review-stock_accuracy a"))
    assert eva.get_by_text(
        "Your consultant’s comment on “How accurate is your stock?”").is_visible()
    assert eva.get_by_text(comment).is_visible()
    eva.fill("#stock_accuracy", "97")
    save(eva)
    assert "97" in eva.locator("#review-stock_accuracy").inner_text()
    submit(eva)

    # 5. The owner is told; the assessment is back in the queue, as answered changes.
    answered = received(smtp, CONSULTANT, 3)[2]
    assert answered["Subject"] == f"Requested changes answered: {ORGANISATION}"
    assert "Eva has answered the changes you requested" in parts(answered)[0]
    queue_rows(page, live_server)
    row = page.locator("tbody tr", has=page.get_by_role("link", name=ORGANISATION))
    assert "Requested changes answered" in row.inner_text()
    assert "Submitted, waiting for review" not in row.inner_text()
    screenshot(page, "journey-queue-changes-answered")

    page.goto(link_in(answered, r"http://127\.0\.0\.1:\d+/dashboard/assessments/\d+"))
    assert page.url == live_server.url(detail_path)
    assert re.search(r"80%\s+97%\s+changed", page.locator(".dash-round tbody tr").first
                     .inner_text())
    click(page, page.get_by_role("button", name="Start the review"))
    click(page, page.get_by_role("button", name="Approve", exact=True))
    assert page.get_by_role("heading", name="Approve and release the report?").is_visible()
    screenshot(page, "journey-approve-confirm")
    click(page, page.get_by_role("button", name="Approve and release"))
    assert page.get_by_text("Approved: the client report is released.").is_visible()
    assert status(db_session, assessment) == Status.APPROVED.value
    queue = queue_rows(page, live_server)
    assert ORGANISATION not in queue
    assert "Nothing needs your attention right now." in queue

    # 6. Sales are told, open the sales view from the message, sign in and download.
    [approved] = received(smtp, SALES, 1)
    assert approved["Subject"] == f"Report approved: {ORGANISATION}"
    assert len(received(smtp, CONSULTANT, 3)) == 3  # nothing more to the consultant
    sales = new_page()
    sales.goto(link_in(approved, r"http://127\.0\.0\.1:\d+/dashboard/reports\S*"))
    assert "/login" in sales.url  # signed out: asked to sign in first
    sign_in(sales, SALES)
    assert sales.url == live_server.url("/dashboard/reports")
    assert sales.get_by_role("heading", name="Approved reports").is_visible()
    row = sales.locator(f"#assessment-{assessment.id}")
    assert ORGANISATION in row.inner_text()
    axe_check(sales)
    screenshot(sales, "journey-sales")
    with sales.expect_download() as info:
        row.get_by_role("link", name=f"Full report, English, {ORGANISATION}").click()
    pdf = Path(info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
