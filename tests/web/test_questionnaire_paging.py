"""Pages inside sections: each save covers one page and leads to the next page on the route;
pages whose questions are all off the route are skipped; back, resume, progress, a
follow-up announced on its page, and answering one question from the review page.

The questionnaire is ``tests/web/flowdata/pagedflow``: the client-flow one with pages
(profile: organisation, volumes; leadership: sponsor, steering (titled); operations:
warehouse, portal (only when selling to businesses)).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import make_assessment, make_invitation
from tests.statements import statements
from tests.web.questionnaire_support import Browser, inputs, signed_in, stored, text_of

ORGANISATION = {"org_size": "small", "business_model": ["b2b", "b2c"]}
VOLUMES = {"peak_orders_per_day": "1200"}
SPONSOR = {"sponsor": "no"}
STEERING = {"checkpoints": "weekly", "kpis": ["roi"]}
WAREHOUSE = {"packing_per_hour": "40", "shift_hours": "8", "stock_accuracy": "95"}


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"QUESTIONS_DIR": Path(__file__).parent / "flowdata", "QUESTIONNAIRE_ID": "pagedflow"}


def _through_profile(browser: Browser) -> None:
    assert browser.save("profile/organisation", ORGANISATION).status_code == 302
    assert browser.save("profile/volumes", VOLUMES).status_code == 302


def test_a_save_covers_one_page_and_goes_to_the_next_page(
    client: FlaskClient, db_session: Session
) -> None:
    browser, made = signed_in(client, db_session)
    first = browser.get("/a/s/profile")  # the section's own URL shows its first page
    body = text_of(first)
    assert first.status_code == 200
    assert "How large is your organisation?" in body
    assert "Expected orders on a peak day?" not in body  # on the next page
    assert '<form method="post" action="/a/s/profile/organisation"' in body
    # Only this page is validated: the required peak orders on the next page do not block.
    saved = browser.save("profile/organisation", ORGANISATION)
    assert saved.headers["Location"] == "/a/s/profile/volumes"
    assert browser.save("profile/volumes", VOLUMES).headers["Location"] == "/a/s/leadership/sponsor"
    assert browser.save("leadership/sponsor", SPONSOR).headers["Location"] == (
        "/a/s/leadership/steering")
    assert stored(db_session, made.assessment_id) == {
        "org_size": "small", "business_model": ["b2b", "b2c"], "peak_orders_per_day": 1200,
        "sponsor": "no"}


def test_an_error_on_a_page_names_only_that_pages_questions(
    client: FlaskClient, db_session: Session
) -> None:
    browser, made = signed_in(client, db_session)
    refused = browser.save("profile/organisation", {"org_size": "small"})
    page = text_of(refused)
    assert refused.status_code == 400
    assert '<a href="#business_model">' in page
    assert "peak_orders_per_day" not in page
    assert stored(db_session, made.assessment_id) == {}


def test_a_page_whose_questions_are_all_off_the_route_is_skipped(
    client: FlaskClient, db_session: Session
) -> None:
    browser, _ = signed_in(client, db_session)
    browser.save("profile/organisation", {"org_size": "small", "business_model": ["b2c"]})
    browser.save("profile/volumes", VOLUMES)
    browser.save("leadership/sponsor", SPONSOR)
    browser.save("leadership/steering", STEERING)
    # The portal page only asks businesses selling to businesses: after the warehouse, review.
    assert browser.save("operations/warehouse", WAREHOUSE).headers["Location"] == "/a/review"
    skipped = client.get("/a/s/operations/portal")
    assert skipped.status_code == 302 and skipped.headers["Location"] == "/a/review"
    assert client.get("/a/s/operations/nope").status_code == 404


def test_progress_shows_section_and_page(client: FlaskClient, db_session: Session) -> None:
    browser, _ = signed_in(client, db_session)
    _through_profile(browser)
    page = text_of(browser.get("/a/s/leadership/steering"))
    assert "Section 2 of 3 · page 2 of 2" in page
    assert "1 of 3 sections complete · 3 of 11 questions answered" in page
    assert "<h1>Steering</h1>" in page  # a titled page, under its section's title
    assert '<span class="caption">Leadership</span>' in page
    assert "About sponsorship." not in page  # the section's intro is on its first page only
    assert "About sponsorship." in text_of(browser.get("/a/s/leadership/sponsor"))


def test_progress_is_in_dutch_with_plural_forms(client: FlaskClient, db_session: Session) -> None:
    browser, _ = signed_in(client, db_session, language="nl")
    page = text_of(browser.get("/a/s/profile/organisation"))
    assert "Onderdeel 1 van 2 · pagina 1 van 2" in page
    assert "0 van de 2 onderdelen afgerond · 0 van de 7 vragen beantwoord" in page


def test_back_goes_to_the_previous_page_across_sections(
    client: FlaskClient, db_session: Session
) -> None:
    browser, _ = signed_in(client, db_session)
    _through_profile(browser)
    volumes = text_of(browser.get("/a/s/profile/volumes"))
    assert '<a class="back-link" href="/a/s/profile/organisation">' in volumes
    sponsor = text_of(browser.get("/a/s/leadership/sponsor"))
    assert '<a class="back-link" href="/a/s/profile/volumes">' in sponsor
    assert 'class="back-link"' not in text_of(browser.get("/a/s/profile/organisation"))


def test_the_link_resumes_on_the_page_the_last_save_led_to(
    client: FlaskClient, db_session: Session
) -> None:
    assessment = make_assessment(db_session)
    invitation, token = make_invitation(db_session, assessment)
    browser = Browser(client)
    browser.open_link(token)
    browser.save("profile/organisation", ORGANISATION)
    db_session.refresh(invitation)
    assert invitation.last_section_id == "profile/volumes"
    later = browser.save("profile/volumes", {}, action="later")  # nothing typed yet
    assert later.headers["Location"] == "/a/saved"
    browser.open_link(token)
    assert client.get("/a/").headers["Location"] == "/a/s/profile/volumes"


def test_a_follow_up_on_the_same_page_is_named_and_marked(
    client: FlaskClient, db_session: Session
) -> None:
    browser, made = signed_in(client, db_session)
    _through_profile(browser)
    saved = browser.save("leadership/sponsor", {"sponsor": "yes"})
    assert saved.headers["Location"] == "/a/s/leadership/sponsor"
    page = text_of(browser.get("/a/s/leadership/sponsor"))
    assert "A new question on this page" in page
    assert "“How involved is the sponsor?”. It is marked “New question” below." in page
    assert 'data-new-question="sponsor_involvement"' in page
    assert 'data-new-question="sponsor"' not in page
    onwards = browser.save("leadership/sponsor", {"sponsor": "yes", "sponsor_involvement": "4"})
    assert onwards.headers["Location"] == "/a/s/leadership/steering"
    assert stored(db_session, made.assessment_id)["sponsor_involvement"] == 4


def test_answering_one_question_from_the_review_page_saves_just_that_question(
    client: FlaskClient, db_session: Session
) -> None:
    browser, made = signed_in(client, db_session)
    _through_profile(browser)
    browser.save("leadership/sponsor", SPONSOR)
    review = text_of(browser.get("/a/review"))
    link = "/a/s/leadership/steering?return=review&question=kpis"
    assert '<a class="back-link" href="/a/s/operations/portal">' in review  # the last page
    assert f'href="{link}#kpis"' in review
    page = text_of(browser.get(link))
    assert '<a class="back-link" href="/a/review">' in page
    assert inputs(page).hidden["question"] == "kpis"
    # The required "How often do you meet?" on the same page stays empty and does not block.
    saved = client.post("/a/s/leadership/steering", data={
        **inputs(page).hidden, "kpis": ["roi"], "action": "continue"})
    assert saved.headers["Location"] == "/a/review", text_of(saved)
    values = stored(db_session, made.assessment_id)
    assert values["kpis"] == ["roi"] and "checkpoints" not in values
    # The question itself is still required in that save.
    page = text_of(browser.get("/a/s/leadership/steering?return=review&question=checkpoints"))
    refused = client.post("/a/s/leadership/steering", data={
        **inputs(page).hidden, "kpis": ["roi"], "action": "continue"})
    assert refused.status_code == 400
    assert '<a href="#checkpoints">' in text_of(refused)
    assert inputs(text_of(refused)).hidden["question"] == "checkpoints"


def test_a_missing_answer_on_submit_links_to_its_page(
    client: FlaskClient, db_session: Session
) -> None:
    browser, _ = signed_in(client, db_session, areas=["leadership"])
    _through_profile(browser)
    page = text_of(browser.submit())
    assert 'href="/a/s/leadership/sponsor#sponsor"' in page
    assert 'href="/a/s/leadership/steering#kpis"' in page


def test_a_page_reads_little_and_a_page_save_stays_bounded(
    client: FlaskClient, db_session: Session
) -> None:
    browser, _ = signed_in(client, db_session)
    _through_profile(browser)
    with statements(client) as seen:
        assert browser.get("/a/s/leadership/steering").status_code == 200
    assert len(seen) <= 5, "\n".join(seen)
    with statements(client) as seen:
        saved = browser.save("leadership/steering", STEERING, fetch=False)
    assert saved.status_code == 302
    assert len(seen) <= 8 + len(STEERING), "\n".join(seen)


def test_a_page_posted_to_its_sections_own_url_saves_that_page(
    client: FlaskClient, db_session: Session
) -> None:
    """A form from a later page sent to /a/s/<section> (an older tab, a redirect that lost
    the page) saves the page it showed, not the section's first page."""
    browser, made = signed_in(client, db_session)
    browser.save("profile/organisation", ORGANISATION)
    page = text_of(browser.get("/a/s/profile/volumes"))
    saved = client.post("/a/s/profile", data={**inputs(page).hidden, **VOLUMES,
                                              "action": "continue"})
    assert saved.headers["Location"] == "/a/s/leadership/sponsor"
    assert stored(db_session, made.assessment_id)["peak_orders_per_day"] == 1200


def test_a_lost_session_on_a_page_keeps_the_input_and_posts_back_to_that_page(
    client: FlaskClient, db_session: Session
) -> None:
    assessment = make_assessment(db_session)
    _, token = make_invitation(db_session, assessment)
    browser = Browser(client)
    browser.open_link(token)
    browser.save("profile/organisation", ORGANISATION)
    hidden = inputs(text_of(browser.get("/a/s/profile/volumes"))).hidden
    cookieless = client.application.test_client()
    response = cookieless.post("/a/s/profile/volumes", data={**hidden, **VOLUMES,
                                                              "action": "continue"})
    page = text_of(response)
    assert response.status_code == 401
    assert 'value="1200"' in page
    assert '<form method="post" action="/a/s/profile/volumes"' in page


def test_an_expired_form_on_a_later_page_comes_back_as_that_page(
    client: FlaskClient, db_session: Session
) -> None:
    browser, made = signed_in(client, db_session)
    browser.save("profile/organisation", ORGANISATION)
    for path in ("profile/volumes", "profile"):  # its own URL, and the section's
        browser.get("/a/s/profile/volumes")
        browser.pages[f"/a/s/{path}"] = browser.pages["/a/s/profile/volumes"]
        response = browser.save(path, {"peak_orders_per_day": "777"}, fetch=False,
                                extra={"csrf_token": ""})
        page = text_of(response)
        assert response.status_code == 400
        assert "Your answers have not been saved yet" in page and 'value="777"' in page
        assert '<form method="post" action="/a/s/profile/volumes"' in page
    assert "peak_orders_per_day" not in stored(db_session, made.assessment_id)


def test_a_question_revealed_by_a_change_from_the_review_page_keeps_the_way_back(
    client: FlaskClient, db_session: Session
) -> None:
    browser, made = signed_in(client, db_session)
    _through_profile(browser)
    browser.save("leadership/sponsor", SPONSOR)
    link = "/a/s/leadership/sponsor?return=review&question=sponsor"
    page = text_of(browser.get(link))
    revealed = client.post("/a/s/leadership/sponsor", data={
        **inputs(page).hidden, "sponsor": "yes", "action": "continue"})
    assert revealed.headers["Location"] == link  # the follow-up appeared on the same page
    page = text_of(browser.get(link))
    assert 'data-new-question="sponsor_involvement"' in page
    assert '<a class="back-link" href="/a/review">' in page
    done = client.post("/a/s/leadership/sponsor", data={
        **inputs(page).hidden, "sponsor": "yes", "sponsor_involvement": "3",
        "action": "continue"})
    assert done.headers["Location"] == "/a/review"
    assert stored(db_session, made.assessment_id)["sponsor_involvement"] == 3
