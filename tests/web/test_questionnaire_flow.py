"""The client flow through the test client: exchange, sections, branching, resume, review,
submit, the summary. Security-specific behaviour is in test_questionnaire_security.py."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import Status
from tests.factories import answers as store_answers
from tests.factories import make_assessment, make_invitation
from tests.web.questionnaire_support import (
    FLOW_CONFIG,
    LEADERSHIP,
    PROFILE,
    Browser,
    inputs,
    signed_in,
    stored,
    text_of,
)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return dict(FLOW_CONFIG)




def test_exchange_redirects_to_a_clean_url_and_keeps_no_token(
    client: FlaskClient, db_session: Session
) -> None:
    invitation, token = make_invitation(db_session)
    response = client.get(f"/i/{token}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/a/"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    with client.session_transaction() as cookie:
        assert cookie["respondent_invitation"] == invitation.id
        assert token not in repr(dict(cookie))
    start = client.get("/a/")
    assert start.status_code == 200
    assert token not in start.get_data(as_text=True)
    assert "Start now" in text_of(start)


def test_start_page_lists_only_the_invited_areas(client: FlaskClient, db_session: Session) -> None:
    browser, _ = signed_in(client, db_session, areas=["operations"], respondent_name="Piet")
    page = text_of(browser.get("/a/"))
    assert "Welcome, Piet." in page
    assert "Operations" in page
    assert "Leadership" not in page


def test_section_page_renders_every_question_type_with_labels(
    client: FlaskClient, db_session: Session
) -> None:
    browser, _ = signed_in(client, db_session)
    browser.save("profile", PROFILE)
    page = browser.section("leadership")
    body = text_of(page)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert '<legend class="fieldset__legend fieldset__legend--m">' in body
    assert 'type="radio"' in body and 'type="checkbox"' in body
    assert "I don't know" in body and "Not applicable to us" in body
    found = inputs(body)
    assert {"csrf_token", "form_context", "v-sponsor", "v-checkpoints", "v-kpis"} <= set(
        found.hidden)
    assert "sponsor_involvement" not in found.ids  # shown only once the sponsor is 'yes'
    # Every question is a heading of the same level, choice questions included.
    assert body.count('<h2 class="label-wrapper">') == 3
    profile = text_of(browser.section("profile"))
    assert profile.count('<h2 class="label-wrapper">') == 4  # choices, a number, a text


def test_validation_errors_are_specific_summarised_and_linked(
    client: FlaskClient, db_session: Session
) -> None:
    browser, made = signed_in(client, db_session)
    response = browser.save("profile", {"peak_orders_per_day": "lots"})
    page = text_of(response)
    assert response.status_code == 400
    assert "<title>Error:" in page
    assert 'class="error-summary"' in page
    assert '<a href="#org_size">Select an answer to “How large is your organisation?”</a>' in page
    assert ("“Expected orders on a peak day?” must be a whole number, like 1,500" in page)
    assert 'id="peak_orders_per_day"' in page and 'value="lots"' in page  # input kept
    assert stored(db_session, made.assessment_id) == {}


def test_branching_within_a_section_shows_new_questions_after_saving(
    client: FlaskClient, db_session: Session
) -> None:
    browser, made = signed_in(client, db_session)
    browser.save("profile", PROFILE)
    first = browser.save("leadership", {k: v for k, v in LEADERSHIP.items()
                                        if k != "sponsor_involvement"})
    assert first.headers["Location"] == "/a/s/leadership"
    again = text_of(browser.section("leadership"))
    assert "A new question on this page" in again
    assert "this question now applies: “How involved is the sponsor?”" in again
    assert 'data-new-question="sponsor_involvement"' in again  # marked; the script focuses it
    assert "sponsor_involvement" in inputs(again).ids
    assert "A new question" not in text_of(browser.section("leadership"))  # said once
    done = browser.save("leadership", LEADERSHIP, fetch=False)
    assert done.headers["Location"] == "/a/s/operations"
    assert stored(db_session, made.assessment_id)["sponsor_involvement"] == 4


def test_branching_across_sections_skips_a_hidden_section(
    client: FlaskClient, db_session: Session
) -> None:
    browser, _ = signed_in(client, db_session)
    browser.save("profile", {**PROFILE, "org_size": "micro"})
    to_next = browser.save("leadership", {"sponsor": "no", "checkpoints": "weekly",
                                          "kpis": ["roi"]})
    assert to_next.headers["Location"] == "/a/review"  # operations does not apply to micro firms
    hidden = browser.section("operations")
    assert hidden.status_code == 302 and hidden.headers["Location"] == "/a/review"


def test_values_are_parsed_in_the_page_language(client: FlaskClient, db_session: Session) -> None:
    browser, made = signed_in(client, db_session, language="nl")
    response = browser.save("profile", {**PROFILE, "peak_orders_per_day": "1.500"})
    assert response.status_code == 302, text_of(response)
    assert stored(db_session, made.assessment_id)["peak_orders_per_day"] == 1500
    assert 'value="1500"' in text_of(browser.section("profile"))


def test_dont_know_and_not_applicable_are_stored_as_reserved_values(
    client: FlaskClient, db_session: Session
) -> None:
    browser, made = signed_in(client, db_session)
    browser.save("profile", PROFILE)
    browser.save("leadership", {"sponsor": "dont_know", "checkpoints": "not_applicable",
                                "kpis": ["dont_know"]})
    browser.save("operations", {"packing_per_hour": "", "packing_per_hour-special": "dont_know",
                                "shift_hours": "8", "stock_accuracy-special": "not_applicable",
                                "b2b_portal": "no"})
    values = stored(db_session, made.assessment_id)
    assert values["sponsor"] == "dont_know"
    assert values["checkpoints"] == "not_applicable"
    assert values["kpis"] == "dont_know"
    assert values["packing_per_hour"] == "dont_know"
    assert values["stock_accuracy"] == "not_applicable"


def test_dont_know_with_a_real_answer_is_refused(client: FlaskClient, db_session: Session) -> None:
    browser, made = signed_in(client, db_session)
    browser.save("profile", PROFILE)
    response = browser.save("leadership", {"sponsor": "no", "checkpoints": "weekly",
                                           "kpis": ["revenue", "dont_know"]})
    assert response.status_code == 400
    assert "For “Which KPIs are agreed?”, select options or “I don't know”, not both" in text_of(
        response)
    assert "kpis" not in stored(db_session, made.assessment_id)


def test_save_and_continue_later_signs_out_and_the_link_resumes_there(
    client: FlaskClient, db_session: Session
) -> None:
    assessment = make_assessment(db_session)
    invitation, token = make_invitation(db_session, assessment)
    browser = Browser(client)
    browser.open_link(token)
    browser.save("profile", PROFILE)
    later = browser.save("leadership", {"sponsor": "no"}, action="later")  # required ones missing
    assert later.headers["Location"] == "/a/saved"
    saved_page = text_of(client.get("/a/saved"))
    assert "open the link from your invitation again" in saved_page
    db_session.refresh(invitation)
    expiry = invitation.expires_at.astimezone(ZoneInfo("Europe/Amsterdam"))
    assert f"Your link is valid until {format_date(expiry, 'long', locale='en')}." in saved_page
    assert "valid until" not in text_of(client.get("/a/saved"))  # shown once, after saving
    assert client.get("/a/").status_code == 401  # signed out on this device
    assert stored(db_session, assessment.id)["sponsor"] == "no"
    browser.open_link(token)
    resumed = client.get("/a/")
    assert resumed.headers["Location"] == "/a/s/leadership"
    db_session.refresh(invitation)
    assert invitation.last_section_id == "leadership"


def test_resume_returns_to_where_the_last_save_led(
    client: FlaskClient, db_session: Session
) -> None:
    assessment = make_assessment(db_session)
    invitation, token = make_invitation(db_session, assessment)
    browser = Browser(client)
    browser.open_link(token)
    browser.save("profile", PROFILE)
    browser.section("profile")  # went back to look at the first page: a GET writes nothing
    db_session.refresh(invitation)
    assert invitation.last_section_id == "leadership"
    other = Browser(client.application.test_client())
    other.open_link(token)
    assert other.client.get("/a/").headers["Location"] == "/a/s/leadership"
    for _ in range(2):  # the answers reveal a question on the same page: answered next
        browser.save("leadership", LEADERSHIP, extra={"return": "review"})
    assert other.client.get("/a/").headers["Location"] == "/a/review"


def test_review_lists_answers_with_change_links_and_who_answered(
    client: FlaskClient, db_session: Session
) -> None:
    assessment = make_assessment(db_session)
    colleague, _ = make_invitation(db_session, assessment, respondent_name="Karin",
                                   areas=["operations"])
    store_answers(db_session, assessment, {"org_size": "large"}, invitation=colleague)
    browser, _ = signed_in(client, db_session, assessment=assessment, areas=["leadership"])
    browser.save("leadership", {"sponsor": "no", "checkpoints": "monthly", "kpis": ["roi"]})
    page = text_of(browser.get("/a/review"))
    assert "Check your answers before submitting" in page
    assert "More than 50 people" in page and "Answered by Karin, " in page  # and the date
    assert 'href="/a/s/leadership?return=review&question=sponsor#sponsor"' in page
    assert "Not answered yet" in page  # business model and peak orders
    assert "Orders packed per hour?" not in page  # operations is not this respondent's


def test_review_offers_a_different_view_not_a_change_of_a_submitted_colleagues_answer(
    client: FlaskClient, db_session: Session
) -> None:
    assessment = make_assessment(db_session)
    colleague, _ = make_invitation(db_session, assessment, respondent_name="Karin",
                                   areas=["operations"])
    store_answers(db_session, assessment, {"org_size": "large"}, invitation=colleague)
    colleague.submitted_at = colleague.created_at
    db_session.commit()
    browser, _ = signed_in(client, db_session, assessment=assessment, areas=["leadership"])
    page = text_of(browser.get("/a/review"))
    row = page[page.index('id="review-org_size"'):page.index('id="review-business_model"')]
    assert "Answered by Karin, " in row
    assert "?return=review" not in row  # no "Change": her submitted answer is fixed
    assert 'href="/a/q/org_size/disagree">I see this differently' in row
    assert 'href="/a/s/profile?return=review&question=business_model' in page


def test_a_change_made_from_the_review_page_returns_there(
    client: FlaskClient, db_session: Session
) -> None:
    browser, made = signed_in(client, db_session)
    for section_id, answers in (("profile", PROFILE), ("leadership", LEADERSHIP)):
        browser.save(section_id, answers)
        browser.save(section_id, answers)
    page = text_of(browser.get("/a/s/profile?return=review"))
    assert '<a class="back-link" href="/a/review">' in page
    assert inputs(page).hidden["return"] == "review"
    changed = client.post("/a/s/profile", data={**inputs(page).hidden, **PROFILE,
                                                "org_size": "large", "action": "continue"})
    assert changed.headers["Location"] == "/a/review"
    assert stored(db_session, made.assessment_id)["org_size"] == "large"


def test_submit_with_missing_answers_lists_them(client: FlaskClient, db_session: Session) -> None:
    browser, made = signed_in(client, db_session, areas=["leadership"])
    browser.save("profile", PROFILE)
    response = browser.submit()
    page = text_of(response)
    assert response.status_code == 400
    assert "You need to answer some questions before you can submit" in page
    assert 'href="/a/s/leadership#sponsor"' in page
    db_session.refresh(made)
    assert made.submitted_at is None


def test_submit_locks_the_respondent_and_completes_the_assessment(
    client: FlaskClient, db_session: Session
) -> None:
    browser, made = signed_in(client, db_session)
    response = browser.walk()
    assert response.headers["Location"] == "/a/done"
    db_session.refresh(made)
    assert made.submitted_at is not None
    assert made.assessment.status == Status.SUBMITTED
    assert made.assessment.result is not None
    done = text_of(client.get("/a/done"))
    assert "Your answers have been submitted" in done
    assert "Your results at a glance" in done
    # Locked: pages send the respondent to the confirmation; a save stores nothing and says so.
    assert client.get("/a/s/profile").headers["Location"] == "/a/done"
    before = stored(db_session, made.assessment_id)
    refused = client.post("/a/s/profile", data={**browser.hidden("/a/s/profile"),
                                                "org_size": "large"})
    assert refused.status_code == 409  # said, not a bare redirect (issue 10)
    assert "Your answers had already been submitted" in text_of(refused)
    assert stored(db_session, made.assessment_id) == before


def test_summary_shows_the_top_gaps_of_the_respondents_areas(
    client: FlaskClient, db_session: Session
) -> None:
    browser, made = signed_in(client, db_session)
    browser.walk()  # packs 40 orders an hour for 8 hours against a peak of 1200: OP-1 fires
    page = text_of(client.get("/a/done"))
    assert "Packing below peak" in page
    assert "High priority" in page
    db_session.refresh(made)
    band = made.assessment.result["result"]["overall"]["band"]
    label = {"red": "Not ready", "amber": "Ready with gaps", "green": "Ready"}[band]
    assert f'<strong class="tag tag--{band}">{label}</strong>' in page


def test_summary_leaves_out_gaps_of_other_areas(client: FlaskClient, db_session: Session) -> None:
    assessment = make_assessment(db_session)
    operations, _ = make_invitation(db_session, assessment, areas=["operations"])
    store_answers(db_session, assessment, {"packing_per_hour": 40, "shift_hours": 8,
                                           "stock_accuracy": 95, "b2b_portal": "yes"},
                  invitation=operations)
    operations.submitted_at = operations.created_at
    db_session.commit()
    browser, _ = signed_in(client, db_session, assessment=assessment, areas=["leadership"])
    browser.walk()
    page = text_of(client.get("/a/done"))
    assert "Your results at a glance" in page
    assert "Packing below peak" not in page  # an operations gap: not this respondent's area


def test_summary_waits_for_the_other_parts(client: FlaskClient, db_session: Session) -> None:
    assessment = make_assessment(db_session)
    make_invitation(db_session, assessment, areas=["operations"])
    browser, _ = signed_in(client, db_session, assessment=assessment, areas=["leadership"])
    browser.walk()
    page = text_of(client.get("/a/done"))
    assert "Other people in your organisation are still answering their parts" in page
    assert "Your results at a glance" not in page


def test_summary_hidden_when_the_assessment_says_so(
    client: FlaskClient, db_session: Session
) -> None:
    assessment = make_assessment(db_session, show_summary=False)
    browser, _ = signed_in(client, db_session, assessment=assessment)
    browser.walk()
    page = text_of(client.get("/a/done"))
    assert "Your answers have been submitted" in page
    assert "Your results at a glance" not in page
    assert "Packing below peak" not in page


def test_language_switch_changes_ui_and_questionnaire_texts(
    client: FlaskClient, db_session: Session
) -> None:
    browser, _ = signed_in(client, db_session)
    page = browser.section("profile")
    assert "How large is your organisation?" in text_of(page)
    switched = client.post("/a/language", data={
        "csrf_token": browser.hidden("/a/s/profile")["csrf_token"],
        "language": "nl", "next": "/a/s/profile"})
    assert switched.headers["Location"] == "/a/s/profile"
    dutch = text_of(browser.section("profile"))
    assert '<html lang="nl">' in dutch
    assert "Hoe groot is uw organisatie?" in dutch
    assert "Opslaan en doorgaan" in dutch


def test_language_switch_refuses_unknown_languages_and_foreign_redirects(
    client: FlaskClient, db_session: Session
) -> None:
    browser, _ = signed_in(client, db_session)
    token = browser.csrf("/a/s/profile")
    assert client.post("/a/language", data={"csrf_token": token, "language": "de",
                                            "next": "/a/"}).status_code == 400
    away = client.post("/a/language", data={"csrf_token": token, "language": "nl",
                                            "next": "//evil.example/"})
    assert away.headers["Location"] == "/a/"


def test_invitation_language_is_used_first(client: FlaskClient, db_session: Session) -> None:
    browser, _ = signed_in(client, db_session, language="nl")
    page = text_of(browser.section("profile"))
    assert "Hoe groot is uw organisatie?" in page


def test_unknown_section_is_not_found(client: FlaskClient, db_session: Session) -> None:
    browser, _ = signed_in(client, db_session)
    assert browser.section("nope").status_code == 404


def test_review_actions_are_verbs_despite_other_catalogues(
    client: FlaskClient, db_session: Session
) -> None:
    # The dashboard's catalogue has "Change" as a noun (a difference); the flow's own
    # context must win on the review page.
    browser, _ = signed_in(client, db_session, language="nl")
    browser.save("profile", PROFILE)
    page = text_of(browser.get("/a/review"))
    assert ">Wijzigen<span" in page and ">Beantwoorden<span" in page
    assert "Verschil" not in page
