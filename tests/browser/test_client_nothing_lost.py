"""Issue 10 in Debian's chromium: nothing typed is lost, messages match the situation, and
every client page type is axe clean in English and Dutch, at 1280 and 375 px.

Screenshots land in artefacts/screenshots/ as ``i10-<page>-<language>-<width>.png``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from tests.browser.test_client_questionnaire import fill_page, stored
from tests.factories import make_assessment, make_invitation

Check = Callable[[Any], None]
Shot = Callable[[Any, str], Any]
WORDS = {
    "en": {"start": "Start now", "continue": "Save and continue",
           "later": "Save and continue later", "submit": "Submit my answers"},
    "nl": {"start": "Nu beginnen", "continue": "Opslaan en doorgaan",
           "later": "Opslaan en later verdergaan", "submit": "Mijn antwoorden verzenden"},
}


def press(page: Any, label: str) -> None:
    """Press a button by its visible name and wait for the next page."""
    with page.expect_navigation():
        page.get_by_role("button", name=label, exact=True).click()


def walk_to_review(page: Any, language: str) -> None:
    """Answer every question page until the check-your-answers page."""
    for _ in range(30):
        if "/a/review" in page.url:
            return
        fill_page(page)
        press(page, WORDS[language]["continue"])
    raise AssertionError(f"never reached the review page, stuck at {page.url}")


def test_a_language_switch_keeps_unsaved_input(
    live_server: Any, page: Any, db_session: Session, axe_check: Check, screenshot: Shot,
) -> None:
    assessment = make_assessment(db_session)
    invitation, token = make_invitation(db_session, assessment, language="en",
                                        areas=["executive_buy_in"])
    page.goto(live_server.url(f"/i/{token}"))
    page.get_by_text("Start now").click()
    page.wait_for_url("**/a/s/profile**")
    first_radio = page.locator(".question input[type=radio]").first
    first_radio.check()
    chosen = first_radio.get_attribute("id")
    number = page.locator(".question input[type=text]").first
    number_id = number.get_attribute("id")
    number.fill("twelve")  # not a number: kept and explained after the switch
    press(page, "Nederlands")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator(f"#{chosen}").is_checked()
    assert page.locator(f"#{number_id}").input_value() == "twelve"
    assert page.locator(".error-summary").is_visible()
    axe_check(page)
    screenshot(page, "i10-language-switch-kept-nl-1280")

    page.locator(f"#{number_id}").fill("12")
    press(page, "English")  # valid now: saved as a draft, the page comes back in English
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(f"#{chosen}").is_checked()
    assert page.locator(f"#{number_id}").input_value() == "12"
    assert page.locator(".error-summary").count() == 0
    answers = stored(db_session, assessment.id)
    assert answers[number_id].value == 12
    db_session.refresh(invitation)
    assert invitation.language == "en"


def test_a_stale_tab_after_submitting_gets_a_clear_message(
    live_server: Any, new_page: Callable[..., Any], db_session: Session, axe_check: Check,
    screenshot: Shot,
) -> None:
    assessment = make_assessment(db_session)
    _, token = make_invitation(db_session, assessment, language="en",
                               areas=["executive_buy_in"])
    walker = new_page()
    walker.goto(live_server.url(f"/i/{token}"))
    walker.get_by_text("Start now").click()
    walker.wait_for_url("**/a/s/profile**")
    stale = walker.context.new_page()  # a second tab of the same browser
    stale.goto(walker.url)
    walk_to_review(walker, "en")
    press(walker, "Submit my answers")
    walker.wait_for_url("**/a/done")

    stale.locator(".question input[type=text]").first.fill("4321")
    press(stale, "Save and continue")
    assert stale.get_by_role("heading", name="Your answers had already been submitted").is_visible()
    assert stale.get_by_text("nothing was changed").is_visible()
    assert stale.locator(".typed-answers").get_by_text("4,321").is_visible()
    axe_check(stale)
    screenshot(stale, "i10-already-submitted-en-1280")


def test_the_character_counter_counts_down_and_warns_over_the_limit(
    live_server: Any, page: Any, db_session: Session, screenshot: Shot,
) -> None:
    assessment = make_assessment(db_session)
    _, token = make_invitation(db_session, assessment, language="en",
                               areas=["executive_buy_in"])
    page.goto(live_server.url(f"/i/{token}"))
    page.get_by_text("Start now").click()
    for _ in range(10):
        if page.locator("textarea").count():
            break
        fill_page(page)
        press(page, "Save and continue")
    box = page.locator("textarea").first
    limit = int(box.get_attribute("data-maxlength"))
    assert box.get_attribute("maxlength") is None  # pasted text is no longer cut
    status = box.locator("xpath=following-sibling::div[contains(@class,'character-count__status')]")
    assert status.inner_text() == f"You have {limit:,} characters remaining"
    box.fill("a" * (limit - 1))
    assert status.inner_text() == "You have 1 character remaining"
    box.fill("a" * (limit + 3))
    assert status.inner_text() == "You have 3 characters too many"
    live = box.locator("xpath=following-sibling::div[@aria-live='polite']")
    live.wait_for(state="attached")
    page.wait_for_function(
        "el => el.textContent.includes('too many')", arg=live.element_handle())
    box.scroll_into_view_if_needed()
    screenshot(page, "i10-counter-over-en-1280")


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("width", [1280, 375])
def test_every_client_page_type_is_accessible(
    live_server: Any, new_page: Callable[..., Any], db_session: Session, axe_check: Check,
    screenshot: Shot, language: str, width: int,
) -> None:
    words = WORDS[language]
    assessment = make_assessment(db_session, language=language)
    _, token = make_invitation(db_session, assessment, language=language,
                               areas=["executive_buy_in"], respondent_name="Sam Jansen")
    _, later_token = make_invitation(db_session, assessment, language=language,
                                     areas=["back_office_integration"])
    page = new_page(viewport={"width": width, "height": 900},
                    locale="nl-NL" if language == "nl" else "en-GB")

    def visit(name: str, tab: Any = None) -> None:
        tab = tab or page
        assert tab.locator("html").get_attribute("lang") == language
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
        axe_check(tab)
        screenshot(tab, f"i10-{name}-{language}-{width}")

    page.goto(live_server.url(f"/i/{later_token}"))  # the saved page
    page.get_by_text(words["start"]).click()
    page.wait_for_url("**/a/s/**")
    press(page, words["later"])
    page.wait_for_url("**/a/saved")
    visit("saved")
    page.goto(live_server.url("/a/review"))
    visit("session-ended")
    page.goto(live_server.url("/i/not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaa"))
    visit("invalid-link")

    page.goto(live_server.url(f"/i/{token}"))
    visit("start")
    page.get_by_text(words["start"]).click()
    page.wait_for_url("**/a/s/**")
    visit("question")
    stale = page.context.new_page()  # a tab left open on the first page
    stale.set_viewport_size({"width": width, "height": 900})
    stale.goto(page.url)
    press(page, words["continue"])
    visit("question-errors")
    walk_to_review(page, language)
    visit("review")
    press(page, words["submit"])
    page.wait_for_url("**/a/done")
    visit("done")
    stale.locator(".question input[type=radio]").first.check()
    press(stale, words["continue"])
    visit("already-submitted", stale)
    page.locator("a[href='/a/done/answers']").click()
    page.wait_for_url("**/a/done/answers")
    visit("answers-copy")
    page.emulate_media(media="print")  # the printed copy: answers only, no header or links
    assert not page.locator("header").is_visible()
    assert not page.locator("footer").is_visible()
    assert not page.locator("[data-action='print']").is_visible()
    assert page.locator(".answers-copy .summary-list__row").first.is_visible()
    screenshot(page, f"i10-answers-copy-print-{language}-{width}")


@pytest.mark.parametrize("width", [1280, 375])
def test_the_or_above_dont_know_is_one_unbroken_word(
    live_server: Any, new_page: Callable[..., Any], db_session: Session, screenshot: Shot,
    width: int,
) -> None:
    _, token = make_invitation(db_session, language="sv", areas=["executive_buy_in"])
    page = new_page(viewport={"width": width, "height": 900}, locale="sv-SE")
    page.goto(live_server.url(f"/i/{token}"))
    page.get_by_text("Börja nu").click()
    page.wait_for_url("**/a/s/**")
    dividers = page.locator(".choices__divider")
    assert dividers.count() >= 1
    lines = page.evaluate("""() => [...document.querySelectorAll('.choices__divider')].map(el => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return [el.textContent.trim(), range.getClientRects().length];
    })""")
    assert all(text == "eller" and count == 1 for text, count in lines), lines
    dividers.first.scroll_into_view_if_needed()
    screenshot(page, f"i10-eller-sv-{width}")


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_last_part_in_shows_a_provisional_summary(
    live_server: Any, new_page: Callable[..., Any], db_session: Session, axe_check: Check,
    screenshot: Shot, language: str,
) -> None:
    assessment = make_assessment(db_session, language=language)
    make_invitation(db_session, assessment, submitted=True,
                    areas=["back_office_integration", "warehouse_capacity", "customer_service",
                           "content_readiness"])
    _, token = make_invitation(db_session, assessment, language=language,
                               areas=["executive_buy_in"], respondent_name="Sam Jansen")
    page = new_page(locale="nl-NL" if language == "nl" else "en-GB")
    page.goto(live_server.url(f"/i/{token}"))
    page.get_by_text(WORDS[language]["start"]).click()
    page.wait_for_url("**/a/s/**")
    walk_to_review(page, language)
    press(page, WORDS[language]["submit"])
    page.wait_for_url("**/a/done")
    provisional = {"en": "Provisional:", "nl": "Voorlopig:"}[language]
    assert page.locator(".inset--provisional").get_by_text(provisional).is_visible()
    assert page.locator(".result-band").is_visible()
    footer = page.locator("footer").inner_text()
    assert "link" not in footer.lower()  # no "open the link again to carry on"
    axe_check(page)
    screenshot(page, f"i10-done-summary-{language}-1280")


def test_the_language_switch_keeps_input_without_javascript(
    live_server: Any, new_page: Callable[..., Any], db_session: Session,
) -> None:
    _, token = make_invitation(db_session, language="en", areas=["executive_buy_in"])
    page = new_page(java_script_enabled=False)
    page.goto(live_server.url(f"/i/{token}"))
    page.get_by_text("Start now").click()
    page.wait_for_url("**/a/s/profile**")
    radio = page.locator(".question input[type=radio]").first
    radio.check()
    press(page, "Nederlands")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator(f"#{radio.get_attribute('id')}").is_checked()
