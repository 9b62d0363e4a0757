"""Pages a person can answer, in Debian's chromium on the real question bank.

- On a 375×667 phone, every page of the questionnaire shows its first question on the
  first screen: the header, the language control and the progress leave room for it.
- A save that reveals a follow-up question on the same page names it, marks it as new
  and moves the focus to it.
Screenshots of a question page at 1280 and 375 px land in artefacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from tests.factories import make_assessment, make_invitation

PHONE = {"width": 375, "height": 667}
Check = Callable[[Any], None]
Shot = Callable[[Any, str], Any]


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


def save_and_continue(page: Any) -> None:
    with page.expect_navigation():
        page.locator(".button[value=continue]").click()


def first_question_bottom(page: Any) -> float:
    """How far down the page the first question's heading ends, in CSS pixels."""
    heading = page.locator(".question").first.locator("h2").first
    box = heading.bounding_box()
    assert box is not None, f"no question heading on {page.url}"
    return float(box["y"] + box["height"])


@pytest.mark.parametrize(("language", "section_word"), [("fr", "Partie "), ("nl", "Onderdeel ")])
def test_phone_walk_shows_the_first_question_of_every_page_on_the_first_screen(
    live_server: Any, new_page: Callable[..., Any], db_session: Session, axe_check: Check,
    screenshot: Shot, language: str, section_word: str,
) -> None:
    _, token = make_invitation(db_session, make_assessment(db_session, language=language),
                               language=language)
    page = new_page(viewport=PHONE, locale=language)
    page.goto(live_server.url(f"/i/{token}"))
    page.locator(".button--start").click()
    page.wait_for_url("**/a/s/**")
    seen: list[str] = []
    while "/a/s/" in page.url and len(seen) < 60:
        path = page.url.removeprefix(live_server.url(""))
        if path not in seen:
            seen.append(path)
            bottom = first_question_bottom(page)
            assert bottom <= PHONE["height"], (
                f"{path}: the first question ends at {bottom:.0f}px, below the first screen")
            sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert sideways <= 0, f"{path} scrolls sideways by {sideways}px"
            progress = page.locator(".progress__summary").inner_text()
            assert progress.startswith(section_word), progress
        if len(seen) == 2:  # the whole page, and what the first screen shows
            axe_check(page)
            full = screenshot(page, f"paged-section-{language}-375")
            page.screenshot(path=str(full).replace(".png", "-first-screen.png"))
        fill_page(page)
        save_and_continue(page)
    assert page.url.endswith("/a/review"), page.url
    assert len(seen) >= 12, seen  # sections of a few questions per page, not one per section
    assert any(p.count("/") == 4 for p in seen), seen  # /a/s/<section>/<page>


def test_language_control_is_small_on_a_phone_and_switches(
    live_server: Any, new_page: Callable[..., Any], db_session: Session, axe_check: Check,
    screenshot: Shot,
) -> None:
    _, token = make_invitation(db_session, language="en")
    page = new_page(viewport=PHONE)
    page.goto(live_server.url(f"/i/{token}"))
    page.locator(".button--start").click()
    page.wait_for_url("**/a/s/**")
    header = page.locator(".header").bounding_box()
    assert header is not None and header["height"] <= 90, header
    assert not page.get_by_role("button", name="Nederlands").is_visible()
    page.locator(".header__languages-toggle").click()
    assert page.get_by_role("button", name="Nederlands").is_visible()
    axe_check(page)
    screenshot(page, "paged-language-open-en-375")
    with page.expect_navigation():
        page.get_by_role("button", name="Nederlands").click()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator(".progress__summary").inner_text().startswith("Onderdeel 1 van ")


def test_a_follow_up_question_is_announced_marked_and_focused(
    live_server: Any, new_page: Callable[..., Any], db_session: Session, axe_check: Check,
    screenshot: Shot,
) -> None:
    assessment = make_assessment(db_session)
    _, token = make_invitation(db_session, assessment, areas=["back_office_integration"])
    page = new_page()
    page.goto(live_server.url(f"/i/{token}"))
    page.locator(".button--start").click()
    page.wait_for_url("**/a/s/profile/**")
    screenshot(page, "paged-section-en-1280")
    while "/a/s/back_office_integration" not in page.url:
        fill_page(page)
        save_and_continue(page)
    here = page.url
    assert page.locator("#bo_backoffice_plan").count() == 0
    page.locator("#bo_backoffice_changes").check()  # "yes": the plan question follows
    fill_page(page)
    save_and_continue(page)
    assert page.url == here
    notice = page.locator(".banner", has_text="A new question on this page")
    assert notice.is_visible()
    plan_text = page.locator("#bo_backoffice_plan-group h2").first.inner_text()
    assert plan_text.split(" (")[0] in notice.inner_text()  # the notice names the question
    marked = page.locator("[data-new-question=bo_backoffice_plan]")
    assert marked.locator(".tag--new").inner_text() == "New question"
    page.wait_for_function("document.activeElement && document.activeElement.id"
                           " === 'bo_backoffice_plan'")
    assert marked.evaluate("el => el.contains(document.activeElement)")
    axe_check(page)
    screenshot(page, "paged-new-question-en-1280")
    page.locator("#bo_backoffice_plan").check()
    save_and_continue(page)
    assert page.url != here
