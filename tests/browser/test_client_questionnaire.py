"""The whole client questionnaire in Debian's chromium, on the real question bank.

Two area-scoped respondents of one organisation, one in Dutch and one in English, walk
every page type: start, a validation error, branching inside a section, leaving and
resuming, the review page with a change, submitting, the summary. axe-core runs on every
page type; the database is checked for what was stored. Screenshots of each page type
at 1280px and 375px land in artefacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models import Answer, Invitation, Status
from tests.factories import make_assessment, make_invitation

LEADERSHIP_AREAS = ["executive_buy_in", "back_office_integration"]
OPERATIONS_AREAS = ["warehouse_capacity", "customer_service", "content_readiness"]
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'

Check = Callable[[Any], None]


def fill_page(page: Any) -> None:
    """Answer every unanswered question on the page (first choice, or 10 for numbers)."""
    for group in page.locator(".question").all():
        if group.locator("input:checked").count():
            continue
        text_box = group.locator("input[type=text]")
        if text_box.count():
            if not text_box.first.input_value():
                text_box.first.fill("10")
            continue
        choice = group.locator("input.choices__input")
        if choice.count():
            choice.first.check()


def save(page: Any, label: str) -> None:
    """Press a save button by its visible text and wait for the next page."""
    with page.expect_navigation():
        page.get_by_role("button", name=label, exact=True).click()


def answer_until(page: Any, place: str, label: str) -> None:
    """Answer and save page after page until the URL contains ``place`` (sections have pages)."""
    for _ in range(20):
        if place in page.url:
            return
        fill_page(page)
        save(page, label)
    raise AssertionError(f"never reached {place}, stuck at {page.url}")


def stored(session: Session, assessment_id: int) -> dict[str, Answer]:
    session.expire_all()
    rows = session.scalars(sa.select(Answer).where(Answer.assessment_id == assessment_id))
    return {row.question_id: row for row in rows}


def answer_dutch_respondent(page: Any, live_server: Any, token: str, axe_check: Check,
                            screenshot: Callable[[Any, str], Any]) -> None:
    """Anna, in Dutch, answers the executive and back-office areas (and the profile)."""
    page.goto(live_server.url(f"/i/{token}"))
    assert page.url == live_server.url("/a/")
    assert page.locator("html").get_attribute("lang") == "nl"
    axe_check(page)
    screenshot(page, "start-nl-1280")
    page.get_by_role("button", name="Nu beginnen").click()
    page.wait_for_url("**/a/s/profile**")

    save(page, "Opslaan en doorgaan")  # nothing answered: a validation error
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.title().startswith("Fout:")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    first_link = summary.locator("a").first
    assert first_link.get_attribute("href") == "#pr_org_size"
    axe_check(page)
    screenshot(page, "section-error-nl-1280")

    answer_until(page, "/a/s/executive_buy_in", "Opslaan en doorgaan")
    axe_check(page)
    screenshot(page, "section-nl-1280")
    answer_until(page, "/a/s/back_office_integration", "Opslaan en doorgaan")

    assert page.locator("#bo_backoffice_plan").count() == 0
    page.locator("#bo_backoffice_changes").check()  # "yes": the plan question follows
    fill_page(page)
    save(page, "Opslaan en doorgaan")
    page.wait_for_url("**/a/s/back_office_integration**")
    assert page.locator(".banner--info").first.is_visible()  # "a new question on this page"
    plan = page.locator("#bo_backoffice_plan")
    assert plan.count() == 1
    plan.check()
    axe_check(page)
    screenshot(page, "section-more-questions-nl-1280")

    save(page, "Opslaan en later verdergaan")  # leave...
    page.wait_for_url("**/a/saved")
    axe_check(page)
    screenshot(page, "saved-nl-1280")
    page.goto(live_server.url("/a/s/profile"))
    assert page.get_by_text("Open uw uitnodigingslink om verder te gaan").is_visible()
    axe_check(page)

    page.goto(live_server.url(f"/i/{token}"))  # ...and come back with the same link
    page.wait_for_url("**/a/s/back_office_integration**")
    assert page.locator("#bo_backoffice_plan").is_checked()
    answer_until(page, "/a/review", "Opslaan en doorgaan")
    axe_check(page)
    screenshot(page, "review-nl-1280")

    change = page.locator("#review-eb_sponsor a")  # change an answer from the review page
    change.click()
    page.wait_for_url(re.compile(r"/a/s/executive_buy_in(/[^?]*)?\?return=review"))
    page.locator("#eb_sponsor-1").check()
    save(page, "Opslaan en doorgaan")
    page.wait_for_url("**/a/review")

    with page.expect_navigation():
        page.get_by_role("button", name="Mijn antwoorden verzenden").click()
    page.wait_for_url("**/a/done")
    assert page.get_by_role("heading", name="Uw antwoorden zijn verzonden").is_visible()
    assert page.get_by_text("Anderen in uw organisatie zijn nog bezig").is_visible()
    axe_check(page)
    screenshot(page, "done-pending-nl-1280")


def answer_english_respondent(page: Any, live_server: Any, token: str, axe_check: Check,
                              screenshot: Callable[[Any, str], Any]) -> None:
    """Bob, in English, answers operations, customer service and content."""
    page.goto(live_server.url(f"/i/{token}"))
    page.get_by_text("Start now").click()
    page.wait_for_url("**/a/s/profile**")
    answer_until(page, "/a/s/profile/orders", "Save and continue")
    # The profile is shared: Anna's answers are already there (read-only once she submitted).
    peak = page.locator("input#peak_orders_per_day")
    if peak.count():
        assert peak.input_value() == "10"
    else:
        assert "Anna de Vries" in page.locator("main").inner_text()
    for _ in range(30):
        if "/a/review" in page.url:
            break
        fill_page(page)
        if page.locator("#ct_notes").count():
            page.locator("#ct_notes").fill(HOSTILE)
            axe_check(page)
            screenshot(page, "section-en-1280")
        save(page, "Save and continue")
    page.wait_for_url("**/a/review")
    assert page.locator("#review-ct_notes .summary-list__value").inner_text().strip() == HOSTILE

    page.get_by_role("button", name="Nederlands").click()  # switch language and back
    page.wait_for_url("**/a/review")
    assert page.get_by_role("heading", name="Controleer uw antwoorden voordat u ze verzendt")
    axe_check(page)
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/a/review")
    screenshot(page, "review-en-1280")

    with page.expect_navigation():
        page.get_by_role("button", name="Submit my answers").click()
    page.wait_for_url("**/a/done")
    assert page.get_by_role("heading", name="Your results at a glance").is_visible()
    axe_check(page)
    screenshot(page, "done-summary-en-1280")


def test_two_area_scoped_respondents_complete_the_assessment_in_two_languages(
    live_server: Any, new_page: Callable[..., Any], db_session: Session, axe_check: Check,
    screenshot: Callable[[Any, str], Any],
) -> None:
    assessment = make_assessment(db_session, language="nl")
    anna, anna_token = make_invitation(db_session, assessment, areas=LEADERSHIP_AREAS,
                                       language="nl", respondent_name="Anna de Vries")
    bob, bob_token = make_invitation(db_session, assessment, areas=OPERATIONS_AREAS,
                                     language="en", respondent_name="Bob Smith")

    answer_dutch_respondent(new_page(locale="nl-NL"), live_server, anna_token, axe_check,
                            screenshot)
    answers = stored(db_session, assessment.id)
    assert answers["bo_backoffice_changes"].value == "yes"
    assert answers["bo_backoffice_plan"].invitation_id == anna.id
    assert answers["pr_org_size"].invitation_id == anna.id
    assert answers["eb_sponsor"].version == 2  # changed from the review page
    assert not any(q.startswith(("wh_", "cs_", "ct_")) for q in answers)

    answer_english_respondent(new_page(), live_server, bob_token, axe_check, screenshot)
    answers = stored(db_session, assessment.id)
    assert answers["ct_notes"].value == HOSTILE
    assert answers["wh_packing_orders_per_hour"].value == 10
    assert {a.invitation_id for q, a in answers.items() if q.startswith(("wh_", "cs_", "ct_"))} == {
        bob.id}
    db_session.refresh(assessment)
    assert assessment.status == Status.SUBMITTED
    assert assessment.result is not None
    assert assessment.result["questionnaire"]["id"] == "commerce-readiness"
    for invitation in (anna, bob):
        db_session.refresh(invitation)
        assert invitation.submitted_at is not None


@pytest.mark.parametrize("width", [375, 320])
def test_pages_work_at_phone_width(
    live_server: Any, new_page: Callable[..., Any], db_session: Session, axe_check: Check,
    screenshot: Callable[[Any, str], Any], width: int,
) -> None:
    _, token = make_invitation(db_session, language="nl")
    page = new_page(viewport={"width": width, "height": 800}, locale="nl-NL")
    page.goto(live_server.url(f"/i/{token}"))
    page.get_by_text("Nu beginnen").click()
    page.wait_for_url("**/a/s/profile**")
    save(page, "Opslaan en doorgaan")
    for name in ("section-error", "section"):
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
        axe_check(page)
        screenshot(page, f"{name}-nl-{width}")
        fill_page(page)
    save(page, "Opslaan en doorgaan")
    page.goto(live_server.url("/a/review"))
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    axe_check(page)
    screenshot(page, f"review-nl-{width}")


def test_keyboard_only_with_visible_focus(
    live_server: Any, page: Any, db_session: Session
) -> None:
    assessment = make_assessment(db_session)
    _, token = make_invitation(db_session, assessment)
    page.goto(live_server.url(f"/i/{token}"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    page.goto(live_server.url("/a/s/profile"))
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Enter")
    seen: list[str] = []
    for _ in range(40):  # tab to the first radio of the first question
        page.keyboard.press("Tab")
        active = page.evaluate("document.activeElement.id")
        seen.append(active)
        if active == "pr_org_size":
            break
    assert "pr_org_size" in seen, seen
    page.keyboard.press("Space")
    assert page.locator("#pr_org_size").is_checked()
    ring = page.evaluate(
        "getComputedStyle(document.activeElement.nextElementSibling, '::before').boxShadow")
    assert ring and ring != "none", "a focused radio shows a focus ring"
    page.locator("#answers-form button[value=continue]").focus()
    style = page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                          " return [s.backgroundColor, s.boxShadow]; })()")
    assert style[0] == "rgb(255, 221, 0)", style  # the yellow focus background
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".error-summary").is_visible()  # other questions still unanswered
    assert page.locator("#pr_org_size").is_checked()  # what was chosen is kept


def test_conflict_page_message_pages_and_errors_are_accessible(
    live_server: Any, new_page: Callable[..., Any], db_session: Session, axe_check: Check,
    screenshot: Callable[[Any, str], Any],
) -> None:
    assessment = make_assessment(db_session)
    _, token = make_invitation(db_session, assessment, areas=["executive_buy_in"],
                               respondent_name="Carla")
    first, second = new_page(), new_page()
    for tab in (first, second):
        tab.goto(live_server.url(f"/i/{token}"))
        tab.goto(live_server.url("/a/s/executive_buy_in"))
    first.locator("#eb_sponsor").check()
    save(first, "Save and continue later")  # ends every session of the link (issue 14)
    second.request.get(live_server.url(f"/i/{token}"))  # reopened elsewhere: the form stays
    second.locator("#eb_sponsor-1").check()
    save(second, "Save and continue later")
    conflict = second.get_by_text("Someone else changed this answer while you were editing")
    assert conflict.is_visible()
    axe_check(second)
    screenshot(second, "conflict-en-1280")

    second.goto(live_server.url("/a/s/warehouse_capacity"))
    assert second.get_by_text("This part is not included in your invitation").is_visible()
    axe_check(second)
    screenshot(second, "not-covered-en-1280")

    second.goto(live_server.url("/i/not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaa"))
    assert second.get_by_text("This link is not valid").is_visible()
    axe_check(second)
    screenshot(second, "invalid-link-en-1280")

    second.goto(live_server.url("/a/nowhere"))
    assert second.get_by_text("Page not found").is_visible()
    axe_check(second)


def test_sessions_keep_invitations_apart(live_server: Any, new_page: Callable[..., Any],
                                         db_session: Session) -> None:
    assessment = make_assessment(db_session)
    invitation, token = make_invitation(db_session, assessment, areas=["executive_buy_in"])
    page = new_page()
    page.goto(live_server.url(f"/i/{token}"))
    cookies = page.context.cookies()
    assert all(token not in c["value"] for c in cookies)
    session_cookie = next(c for c in cookies if c["name"] == "session")
    assert session_cookie["httpOnly"] and session_cookie["sameSite"] == "Lax"
    db_session.refresh(invitation)
    assert db_session.get(Invitation, invitation.id).first_used_at is not None
