"""The whole journey in chromium, with a real SMTP server (issue 13, "Browser journey").

A consultant signs in at the front door and lands on the attention queue; invites two
respondents by e-mail; each opens the link from the message the SMTP server received,
answers and submits; the owner is told and the assessment waits in the queue. The
consultant requests a change on one of Eva's answers: the assessment leaves the queue, Eva
is told, opens the link from that message, sees the comment, changes the answer and
submits; the owner is told and the assessment is back in the queue. The consultant approves
through the confirmation step and the assessment leaves the queue. A sales user is told,
opens the sales view from the message's link, signs in and downloads the full report.
Every step asserts on what the page or the message says; screenshots in artefacts/. In
English and in Dutch (the assessment, its invitations and every browser in that language).
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from pypdf import PdfReader
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
COMMENT = "80 %? Last year's audit said 97 %. Which is right?"
# What the pages and messages say, in the assessment's (and every browser's) language.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "locale": "en-GB", "queue": "Needs my attention",
        "empty": "Nothing needs your attention right now.", "sign_in": "Sign in",
        "create": "Create the link", "emailed": "The invitation was e-mailed to {email}.",
        "start": "Start now", "save": "Save and continue", "submit": "Submit my answers",
        "submitted": "Your answers have been submitted", "one_of_two": "1 of 2 parts is done.",
        "large": "More than 50 people", "yes": "Yes", "no": "No", "draft": "In draft",
        "email": "Email",
        "told": "{name} submitted their answers: " + ORGANISATION,
        "waiting": "Submitted, waiting for review",
        "start_review": "Start the review", "started": "The review has started.",
        "request": "Request changes", "next": "Next: write the comments",
        "send": "Send the request for changes",
        "requested": "Changes requested: the respondents can now correct those answers.",
        "asked": "Please review some answers: assessment of " + ORGANISATION,
        "asked_body": "look again at 1 of your answers",
        "look_again": "Your consultant asked you to look again at some answers",
        "comment_on": "Your consultant’s comment on “How accurate is your stock?”",
        "answered": "Requested changes answered: " + ORGANISATION,
        "answered_body": "Eva has answered the changes you requested",
        "answered_reason": "Requested changes answered", "changed": "changed",
        "approve": "Approve", "confirm": "Approve and release the report?",
        "release": "Approve and release",
        "released": "Approved: the client report is released.",
        "approved": "Report approved: " + ORGANISATION, "reports": "Approved reports",
        "download": "Full report, English, " + ORGANISATION,
    },
    "nl": {
        "locale": "nl-NL", "queue": "Vraagt mijn aandacht",
        "empty": "Er vraagt nu niets uw aandacht.", "sign_in": "Inloggen",
        "create": "Link aanmaken", "emailed": "De uitnodiging is gemaild naar {email}.",
        "start": "Nu beginnen", "save": "Opslaan en doorgaan",
        "submit": "Mijn antwoorden verzenden", "submitted": "Uw antwoorden zijn verzonden",
        "one_of_two": "1 van de 2 delen is klaar.",
        "large": "Meer dan 50 mensen", "yes": "Ja", "no": "Nee", "draft": "In concept",
        "email": "E-mail",
        "told": "{name} heeft de antwoorden ingediend: " + ORGANISATION,
        "waiting": "Ingediend, wacht op beoordeling",
        "start_review": "Beoordeling starten", "started": "De beoordeling is gestart.",
        "request": "Wijzigingen vragen", "next": "Volgende: opmerkingen schrijven",
        "send": "Verzoek om wijzigingen versturen",
        "requested": "Wijzigingen gevraagd: de respondenten kunnen die antwoorden nu "
                     "corrigeren.",
        "asked": "Wilt u enkele antwoorden nakijken? Assessment van " + ORGANISATION,
        "asked_body": "vraagt u 1 van uw antwoorden opnieuw te bekijken",
        "look_again": "Uw consultant vraagt u enkele antwoorden opnieuw te bekijken",
        "comment_on": "Opmerking van uw consultant bij ‘Hoe nauwkeurig is uw voorraad?’",
        "answered": "Gevraagde wijzigingen beantwoord: " + ORGANISATION,
        "answered_body": "Eva heeft de wijzigingen beantwoord",
        "answered_reason": "Gevraagde wijzigingen beantwoord", "changed": "gewijzigd",
        "approve": "Goedkeuren", "confirm": "Goedkeuren en het rapport vrijgeven?",
        "release": "Goedkeuren en vrijgeven",
        "released": "Goedgekeurd: het klantrapport is vrijgegeven.",
        "approved": "Rapport goedgekeurd: " + ORGANISATION, "reports": "Goedgekeurde rapporten",
        "download": "Volledig rapport, Nederlands, " + ORGANISATION,
    },
}


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


def save(page: Any, w: dict[str, str]) -> None:
    click(page, page.get_by_role("button", name=w["save"], exact=True))


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


def queue_text(page: Any, live_server: Any, w: dict[str, str]) -> str:
    """The consultant's attention queue as text (its rows, or the empty notice)."""
    page.goto(live_server.url("/dashboard/attention"))
    assert page.locator("h1").inner_text() == w["queue"]
    return str(page.inner_text("main"))


def queue_row(page: Any) -> Any:
    """The queue's row of the assessment (exactly one)."""
    row = page.locator("tbody tr", has=page.get_by_role("link", name=ORGANISATION))
    assert row.count() == 1, page.inner_text("main")
    return row


def sign_in(page: Any, email: str, w: dict[str, str]) -> None:
    """Fill the sign-in form the page shows and send it."""
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    click(page, page.get_by_role("button", name=w["sign_in"]))


def invite(page: Any, w: dict[str, str], name: str, email: str, areas: list[str], *,
           lead: bool) -> None:
    page.fill("#respondent_name", name)
    page.fill("#email", email)
    for area in areas:
        page.check(f"input[name=areas][value={area}]")
    if lead:
        page.check("#lead")
    click(page, page.get_by_role("button", name=w["create"]))
    assert page.get_by_text(w["emailed"].format(email=email)).is_visible()


def status(session: Session, assessment: Assessment) -> str:
    """The assessment's status as the server last committed it."""
    session.expire_all()
    session.refresh(assessment)
    return str(assessment.status)


def submit(page: Any, w: dict[str, str]) -> None:
    assert page.url.endswith("/a/review")
    click(page, page.get_by_role("button", name=w["submit"]))
    assert page.url.endswith("/a/done")
    assert page.get_by_role("heading", name=w["submitted"]).is_visible()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_invite_answer_review_change_approve_and_sales_download(
    app: Flask, live_server: Any, new_page: Callable[..., Any], db_session: Session,
    smtp: Inbox, axe_check: Check, screenshot: Shot, language: str,
) -> None:
    w = WORDS[language]
    app.config["BASE_URL"] = live_server.url("").rstrip("/")  # links point at this server
    consultant = make_user(db_session, CONSULTANT)
    make_user(db_session, SALES, role="sales")
    assessment = make_assessment(db_session, make_org(db_session, ORGANISATION),
                                 language=language)
    own(db_session, assessment, consultant)
    detail_path = f"/dashboard/assessments/{assessment.id}"
    invitation_link = r"http://127\.0\.0\.1:\d+/i/[A-Za-z0-9_-]+"
    detail_link = r"http://127\.0\.0\.1:\d+/dashboard/assessments/\d+"

    def browser() -> Any:
        """Another person's browser (its own cookies), in the journey's language."""
        return new_page(locale=w["locale"])

    # 1. The consultant signs in at the front door and lands on the queue: nothing yet.
    page = browser()
    page.goto(live_server.url("/"))
    page.wait_for_url("**/login*")
    sign_in(page, CONSULTANT, w)
    assert page.url == live_server.url("/dashboard/attention")
    assert ORGANISATION not in page.inner_text("main")
    assert page.get_by_text(w["empty"]).is_visible()

    # 2. Two respondents invited by e-mail from the invitations page.
    page.goto(live_server.url(f"{detail_path}/invitations"))
    invite(page, w, "Eva", EVA, ["leadership", "operations"], lead=True)
    invite(page, w, "Olof", OLOF, ["service"], lead=False)
    assert page.get_by_text(EVA, exact=True).is_visible()
    assert page.get_by_text(OLOF, exact=True).is_visible()
    screenshot(page, f"journey-invitations-{language}")
    [eva_mail] = received(smtp, EVA, 1)
    [olof_mail] = received(smtp, OLOF, 1)
    eva_link, olof_link = link_in(eva_mail, invitation_link), link_in(olof_mail, invitation_link)
    assert eva_link.startswith(live_server.url("/i/")) and eva_link != olof_link

    # 3. Eva (the lead) answers the profile, leadership and operations, and submits.
    eva = browser()
    eva.goto(eva_link)
    click(eva, eva.get_by_text(w["start"]))
    assert eva.url.endswith("/a/s/profile")
    eva.get_by_label(w["large"]).check()
    save(eva, w)
    eva.locator("#sponsor-group").get_by_label(w["no"], exact=True).check()
    eva.get_by_label(w["draft"]).check()
    save(eva, w)
    eva.fill("#stock_accuracy", "80")
    eva.locator("#erp_connected-group").get_by_label(w["yes"], exact=True).check()
    save(eva, w)
    submit(eva, w)
    assert eva.get_by_text(w["one_of_two"]).is_visible()  # Olof has not submitted
    screenshot(eva, f"journey-eva-done-{language}")
    assert status(db_session, assessment) == Status.IN_PROGRESS.value  # one part of two
    [first] = received(smtp, CONSULTANT, 1)
    assert first["Subject"] == w["told"].format(name="Eva")
    assert ORGANISATION not in queue_text(page, live_server, w)  # not complete: not waiting

    # Olof answers the service area and submits: the assessment is complete.
    olof = browser()
    olof.goto(olof_link)
    click(olof, olof.get_by_text(w["start"]))
    while "/a/s/service" not in olof.url:  # the profile is Eva's: shown, not asked
        save(olof, w)
    olof.get_by_label(w["email"], exact=True).check()
    olof.fill("#response_hours", "30")
    save(olof, w)
    submit(olof, w)
    screenshot(olof, f"journey-olof-done-{language}")
    assert status(db_session, assessment) == Status.SUBMITTED.value
    told = received(smtp, CONSULTANT, 2)
    assert [m["Subject"] for m in told] == [w["told"].format(name="Eva"),
                                            w["told"].format(name="Olof")]
    assert all(m["To"] == CONSULTANT for m in told)
    assert link_in(told[1], detail_link) == live_server.url(detail_path)

    queue_text(page, live_server, w)
    row = queue_row(page)
    assert w["waiting"] in row.inner_text()
    axe_check(page)
    screenshot(page, f"journey-queue-waiting-{language}")

    # 4. The consultant starts the review from the queue and requests a change of Eva's.
    click(page, row.get_by_role("link", name=ORGANISATION))
    assert page.url == live_server.url(detail_path)
    click(page, page.get_by_role("button", name=w["start_review"]))
    assert page.get_by_text(w["started"]).is_visible()
    click(page, page.get_by_role("link", name=w["request"]))
    area = page.locator("details.dash-pick-area", has=page.locator("#question-stock_accuracy"))
    if area.get_attribute("open") is None:  # areas fold; the first one opens
        area.locator("summary").click()
    page.check("#question-stock_accuracy")
    click(page, page.get_by_role("button", name=w["next"]))
    assert page.locator("textarea.dash-comment").count() == 1
    page.fill("#comment-stock_accuracy", COMMENT)
    screenshot(page, f"journey-request-changes-{language}")
    click(page, page.get_by_role("button", name=w["send"]))
    assert page.get_by_text(w["requested"]).is_visible()
    assert status(db_session, assessment) == Status.CHANGES_REQUESTED.value
    assert ORGANISATION not in queue_text(page, live_server, w)

    # Eva is told; Olof, whose answers were not reopened, is not.
    [_, asked] = received(smtp, EVA, 2)
    assert asked["Subject"] == w["asked"]
    assert w["asked_body"] in parts(asked)[0]
    assert len(smtp.to(OLOF)) == 1
    eva = browser()  # another day, another browser
    eva.goto(link_in(asked, invitation_link))
    eva.wait_for_url("**/a/review")
    assert eva.get_by_text(w["look_again"]).is_visible()
    assert eva.locator("#review-stock_accuracy").get_by_text(COMMENT).is_visible()
    assert eva.locator("#review-erp_connected a").count() == 0  # not reopened: locked
    screenshot(eva, f"journey-eva-comment-{language}")
    click(eva, eva.locator("#review-stock_accuracy a"))
    assert eva.get_by_text(w["comment_on"]).is_visible()
    assert eva.get_by_text(COMMENT).is_visible()
    eva.fill("#stock_accuracy", "97")
    save(eva, w)
    assert "97" in eva.locator("#review-stock_accuracy").inner_text()
    submit(eva, w)

    # 5. The owner is told; the assessment is back in the queue, as answered changes.
    answered = received(smtp, CONSULTANT, 3)[2]
    assert answered["Subject"] == w["answered"]
    assert w["answered_body"] in parts(answered)[0]
    queue_text(page, live_server, w)
    row = queue_row(page)
    assert w["answered_reason"] in row.inner_text()
    assert w["waiting"] not in row.inner_text()
    axe_check(page)
    screenshot(page, f"journey-queue-changes-answered-{language}")

    page.goto(link_in(answered, detail_link))
    assert page.url == live_server.url(detail_path)
    assert re.search(rf"80\s?%\s+97\s?%\s+{w['changed']}",
                     page.locator(".dash-round tbody tr").first.inner_text())
    click(page, page.get_by_role("button", name=w["start_review"]))
    click(page, page.get_by_role("button", name=w["approve"], exact=True))
    assert page.get_by_role("heading", name=w["confirm"]).is_visible()
    screenshot(page, f"journey-approve-confirm-{language}")
    click(page, page.get_by_role("button", name=w["release"]))
    assert page.get_by_text(w["released"]).is_visible()
    assert status(db_session, assessment) == Status.APPROVED.value
    queue = queue_text(page, live_server, w)
    assert ORGANISATION not in queue and w["empty"] in queue

    # 6. Sales are told, open the sales view from the message, sign in and download.
    [approved] = received(smtp, SALES, 1)
    assert approved["Subject"] == w["approved"]
    assert len(received(smtp, CONSULTANT, 3)) == 3  # nothing more to the consultant
    sales = browser()
    sales.goto(link_in(approved, r"http://127\.0\.0\.1:\d+/dashboard/reports\S*"))
    assert "/login" in sales.url  # signed out: asked to sign in first
    sign_in(sales, SALES, w)
    assert sales.url == live_server.url("/dashboard/reports")
    assert sales.get_by_role("heading", name=w["reports"]).is_visible()
    row = sales.locator(f"#assessment-{assessment.id}")
    assert ORGANISATION in row.inner_text()
    axe_check(sales)
    screenshot(sales, f"journey-sales-{language}")
    with sales.expect_download() as info:
        row.get_by_role("link", name=w["download"]).click()
    pdf = Path(info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    text = " ".join(part.extract_text() or "" for part in PdfReader(io.BytesIO(pdf)).pages)
    assert ORGANISATION in text
