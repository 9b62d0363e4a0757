"""Issue 10, "Nothing typed is lost": a language switch keeps what is on the page, and the
chosen language is remembered for the respondent."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.blueprints.questionnaire import flow
from assessment.models import Invitation
from assessment.services import invitations
from tests.factories import make_assessment, make_invitation
from tests.web.questionnaire_support import FLOW_CONFIG, Browser, inputs, signed_in, stored, text_of


@pytest.fixture
def app_config() -> dict[str, Any]:
    return dict(FLOW_CONFIG)


def switch_on_page(browser: Browser, section_id: str, answers: dict[str, Any],
                   language: str) -> Any:
    """Press a language button of a question page: it posts the page's form to the switch."""
    path = f"/a/s/{section_id}"
    page = browser.section(section_id).get_data(as_text=True)
    assert f'formaction="/a/language?from={path}"' in page
    assert 'form="answers-form"' in page and 'id="answers-form"' in page
    data = {**browser.hidden(path), **answers, "language": language}
    data.pop("next", None)  # the menu's own hidden field is not part of the page's form
    return browser.client.post(f"/a/language?from={path}", data=data)


def test_switching_language_saves_the_half_filled_page_as_a_draft(
    client: FlaskClient, db_session: Session
) -> None:
    browser, invitation = signed_in(client, db_session, language="en")
    answered = {"org_size": "small", "notes": "Typed before switching"}  # not complete
    response = switch_on_page(browser, "profile", answered, "nl")
    assert response.status_code == 302
    assert response.headers["Location"] == "/a/s/profile"
    assert stored(db_session, invitation.assessment_id) == {
        "org_size": "small", "notes": "Typed before switching"}
    page = text_of(browser.section("profile"))
    assert "Hoe groot is uw organisatie?" in page  # the page is now in Dutch
    assert "Typed before switching" in page
    assert inputs(browser.pages["/a/s/profile"]).checked["org_size"] == ["small"]
    db_session.refresh(invitation)
    assert invitation.language == "nl"
    assert invitation.session_version == 0  # a draft, not "continue later": still signed in


def test_invalid_values_survive_the_switch_with_their_errors_in_the_new_language(
    client: FlaskClient, db_session: Session
) -> None:
    browser, invitation = signed_in(client, db_session, language="en")
    typed = {"org_size": "large", "peak_orders_per_day": "lots", "notes": "Keep me"}
    response = switch_on_page(browser, "profile", typed, "nl")
    assert response.status_code == 400
    page = text_of(response)
    assert '<html lang="nl"' in response.get_data(as_text=True)
    assert "Verwachte orders op een piekdag?" in page
    assert 'value="lots"' in page and "Keep me" in page
    assert "error-summary" in page
    assert "Enter an answer" not in page  # a draft: unanswered questions are no error
    assert stored(db_session, invitation.assessment_id) == {}  # nothing half-stored
    # The page posted back from here saves normally, in Dutch.
    browser.pages["/a/s/profile"] = response.get_data(as_text=True)
    fixed = browser.save("profile", {"org_size": "small", "business_model": ["b2b"],
                                     "peak_orders_per_day": "12"}, fetch=False)
    assert fixed.status_code == 302


def test_the_menu_elsewhere_only_switches_and_returns(
    client: FlaskClient, db_session: Session
) -> None:
    browser, invitation = signed_in(client, db_session, language="en")
    token = browser.csrf("/a/review")
    switched = client.post("/a/language", data={"csrf_token": token, "language": "nl",
                                                "next": "/a/review"})
    assert switched.headers["Location"] == "/a/review"
    db_session.refresh(invitation)
    assert invitation.language == "nl"
    assert client.post("/a/language", data={"csrf_token": token, "language": "de",
                                            "next": "/a/review"}).status_code == 400


def test_reopening_the_link_after_continue_later_keeps_the_chosen_language(
    client: FlaskClient, db_session: Session
) -> None:
    assessment = make_assessment(db_session)
    invitation, token = make_invitation(db_session, assessment, language="en")
    browser = Browser(client)
    browser.open_link(token)
    switch_on_page(browser, "profile", {"org_size": "small"}, "nl")
    later = browser.save("profile", {"org_size": "small"}, action="later")
    assert later.headers["Location"] == "/a/saved"

    other = Browser(client.application.test_client())  # another day, another browser
    other.open_link(token)
    page = other.client.get("/a/s/profile", follow_redirects=True)
    assert '<html lang="nl"' in page.get_data(as_text=True)
    assert db_session.get(Invitation, invitation.id).language == "nl"


def test_a_switch_after_the_session_ended_shows_the_typed_answers_unsaved(
    client: FlaskClient, db_session: Session
) -> None:
    browser, invitation = signed_in(client, db_session, language="en")
    path = "/a/s/profile"
    browser.section("profile")
    data = {**browser.hidden(path), "notes": "Typed while away", "language": "nl"}
    data.pop("next", None)
    with client.session_transaction() as cookie:
        cookie.pop("respondent_invitation")
    response = client.post(f"/a/language?from={path}", data=data)
    assert response.status_code == 401
    assert "Typed while away" in text_of(response)
    assert '<html lang="nl"' in response.get_data(as_text=True)
    assert stored(db_session, invitation.assessment_id) == {}


def test_a_stale_tab_after_submitting_says_nothing_changed_and_shows_the_typed_value(
    client: FlaskClient, db_session: Session
) -> None:
    browser, invitation = signed_in(client, db_session, language="en")
    browser.section("profile")  # a tab left open on the first page...
    stale = dict(browser.pages)
    assert browser.walk().headers["Location"] == "/a/done"  # ...while the answers are submitted
    before = stored(db_session, invitation.assessment_id)
    browser.pages.update(stale)
    response = browser.save("profile", {"org_size": "large", "notes": "Typed <late>",
                                        "peak_orders_per_day": "many"}, fetch=False)
    assert response.status_code == 409
    page = text_of(response)
    assert "Your answers had already been submitted" in page
    assert "nothing was changed" in page
    assert "More than 50 people" in page  # a choice in words
    assert "Typed <late>" in page and "<late>" not in response.get_data(as_text=True)
    assert "many" in page  # a value the form could not read is shown as typed
    assert stored(db_session, invitation.assessment_id) == before
    assert browser.client.get("/a/s/profile").headers["Location"] == "/a/done"


def test_a_switch_on_a_page_opened_from_the_review_page_returns_to_it(
    client: FlaskClient, db_session: Session
) -> None:
    browser, _ = signed_in(client, db_session, language="en")
    path = "/a/s/profile"
    browser.get(f"{path}?return=review")
    browser.pages[path] = browser.pages[f"{path}?return=review"]
    data = {**browser.hidden(path), "org_size": "small", "language": "nl"}
    data.pop("next", None)
    assert data.get("return") == "review"
    response = client.post(f"/a/language?from={path}", data=data)
    assert response.headers["Location"] == f"{path}?return=review"


def test_a_save_after_the_link_was_withdrawn_says_why_and_shows_the_typed_value(
    client: FlaskClient, db_session: Session
) -> None:
    browser, invitation = signed_in(client, db_session, language="en")
    browser.section("profile")
    invitations.revoke(db_session, invitation)
    db_session.commit()
    response = browser.save("profile", {"notes": "Typed before the link ended"}, fetch=False)
    assert response.status_code == 410
    page = text_of(response)
    assert "Your answers could not be saved" in page
    assert "expired or been withdrawn" in page
    assert "Typed before the link ended" in page
    assert stored(db_session, invitation.assessment_id) == {}


def test_a_signed_out_tab_after_submitting_elsewhere_gets_the_already_submitted_page(
    client: FlaskClient, db_session: Session
) -> None:
    assessment = make_assessment(db_session)
    _, token = make_invitation(db_session, assessment)
    old_tab = Browser(client)
    old_tab.open_link(token)
    old_tab.section("profile")
    elsewhere = Browser(client.application.test_client())
    elsewhere.open_link(token)
    assert elsewhere.walk().headers["Location"] == "/a/done"
    with client.session_transaction() as cookie:  # this browser's session has gone
        cookie.pop("respondent_invitation")
    response = old_tab.save("profile", {"notes": "Late words"}, fetch=False)
    assert response.status_code == 409
    assert "Your answers had already been submitted" in text_of(response)
    assert "Late words" in text_of(response)
    assert stored(db_session, assessment.id).get("notes") != "Late words"


def test_submitting_at_the_same_moment_in_another_tab_gives_the_same_clear_page(
    client: FlaskClient, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser, invitation = signed_in(client, db_session, language="en")
    browser.section("profile")
    stale = dict(browser.pages)
    assert browser.walk().headers["Location"] == "/a/done"
    before = stored(db_session, invitation.assessment_id)
    # The page's own check ran before the other tab's submit was stored: only the save's
    # locked re-read sees it.
    monkeypatch.setattr(flow.Respondent, "locked", property(lambda _self: False))
    browser.pages.update(stale)
    response = browser.save("profile", {"notes": "Typed at the same moment"}, fetch=False)
    assert response.status_code == 409
    assert "Your answers had already been submitted" in text_of(response)
    assert "Typed at the same moment" in text_of(response)
    assert stored(db_session, invitation.assessment_id) == before
