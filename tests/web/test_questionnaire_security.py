"""The client flow's defences: token guessing, area scoping, CSRF, expired sessions that keep
what was typed, conflicts between tabs and respondents, forged values, headers, logs."""

from __future__ import annotations

import logging
import re
import time
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.blueprints.questionnaire.security import TokenRedactingFilter
from tests.factories import days_ago, make_assessment, make_invitation
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
    return {**FLOW_CONFIG, "INVITE_RATELIMIT": "3 per minute"}




# --- invitation links --------------------------------------------------------------------


def test_token_guessing_is_rate_limited(client: FlaskClient, db_session: Session) -> None:
    _, token = make_invitation(db_session)
    for attempt in range(3):
        guess = client.get(f"/i/guess-{attempt}-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        assert guess.status_code == 404
        assert "This link is not valid" in text_of(guess)
    blocked = client.get("/i/guess-4-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
    assert blocked.status_code == 429
    assert "Too many attempts" in text_of(blocked)
    assert client.get(f"/i/{token}").status_code == 429  # the address is blocked, whatever it sends


def test_reopening_a_valid_link_is_never_limited(client: FlaskClient, db_session: Session) -> None:
    _, token = make_invitation(db_session)
    assert [client.get(f"/i/{token}").status_code for _ in range(6)] == [302] * 6


@pytest.mark.parametrize(("state", "status", "title"), [
    ({"expires_at": days_ago(1)}, 410, "This link has expired"),
    ({"revoked": True}, 410, "This link is no longer active"),
])
def test_expired_and_revoked_links_get_a_clear_page(
    client: FlaskClient, db_session: Session, state: dict[str, Any], status: int, title: str
) -> None:
    _, token = make_invitation(db_session, **state)
    response = client.get(f"/i/{token}")
    assert response.status_code == status
    assert title in text_of(response)
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert client.get("/a/").status_code == 401


def test_a_revoked_invitation_ends_the_session(client: FlaskClient, db_session: Session) -> None:
    browser, made = signed_in(client, db_session)
    assert browser.section("profile").status_code == 200
    made.revoked_at = days_ago(0)
    db_session.commit()
    assert client.get("/a/s/profile").status_code == 401


# --- area scoping -------------------------------------------------------------------------


def test_a_section_outside_the_invitations_areas_is_refused(
    client: FlaskClient, db_session: Session
) -> None:
    browser, made = signed_in(client, db_session, areas=["leadership"])
    page = browser.section("operations")
    assert page.status_code == 403
    assert "This part is not included in your invitation" in text_of(page)
    token = browser.csrf("/a/s/leadership")
    posted = client.post("/a/s/operations", data={"csrf_token": token, "packing_per_hour": "50",
                                                   "shift_hours": "8", "action": "continue"})
    assert posted.status_code == 403
    assert stored(db_session, made.assessment_id) == {}


def test_questions_of_other_areas_smuggled_into_a_page_are_not_stored(
    client: FlaskClient, db_session: Session
) -> None:
    browser, made = signed_in(client, db_session, areas=["leadership"])
    browser.save("profile", PROFILE)
    response = browser.save("leadership", {**LEADERSHIP, "sponsor": "no",
                                           "packing_per_hour": "50", "b2b_portal": "yes"})
    assert response.status_code == 302
    values = stored(db_session, made.assessment_id)
    assert values["sponsor"] == "no"
    assert "packing_per_hour" not in values and "b2b_portal" not in values


# --- values posted by hand ---------------------------------------------------------------------


@pytest.mark.parametrize(("field", "value", "message"), [
    ("org_size", "enormous",
     "Select one of the options shown for “How large is your organisation?”"),
    ("business_model", ["b2b", "martians"],
     "Select only the options shown for “Who do you sell to?”"),
    ("peak_orders_per_day", "1e999", "must be a number"),
    ("peak_orders_per_day", "-5", "must be 0 or more"),
    ("peak_orders_per_day", "12.5", "must be a whole number"),
    ("notes", "x" * 201, "must be 200 characters or fewer"),
])
def test_values_outside_the_definition_are_rejected_and_nothing_is_stored(
    client: FlaskClient, db_session: Session, field: str, value: Any, message: str
) -> None:
    browser, made = signed_in(client, db_session)
    response = browser.save("profile", {**PROFILE, field: value})
    assert response.status_code == 400
    assert message in text_of(response)
    assert stored(db_session, made.assessment_id) == {}  # the valid fields were not stored either


@pytest.mark.parametrize(("field", "value"), [
    ("sponsor", "maybe"), ("checkpoints", "dont_care"), ("kpis", ["revenue", "not_applicable"]),
])
def test_forged_choices_on_other_types_are_rejected(
    client: FlaskClient, db_session: Session, field: str, value: Any
) -> None:
    browser, made = signed_in(client, db_session)
    browser.save("profile", PROFILE)
    before = stored(db_session, made.assessment_id)
    response = browser.save("leadership", {"sponsor": "no", "checkpoints": "weekly",
                                           "kpis": ["roi"], field: value})
    assert response.status_code == 400
    assert stored(db_session, made.assessment_id) == before


def test_constraint_from_the_definition_is_enforced(
    client: FlaskClient, db_session: Session
) -> None:
    browser, made = signed_in(client, db_session)
    response = browser.save("profile", {**PROFILE, "peak_orders_per_day": "2000000"})
    assert response.status_code == 400
    assert "That is more than we can plan for." in text_of(response)
    assert stored(db_session, made.assessment_id) == {}


# --- CSRF and expired sessions -------------------------------------------------------------------


def test_a_post_without_a_csrf_token_keeps_the_input_and_stores_nothing(
    client: FlaskClient, db_session: Session
) -> None:
    browser, made = signed_in(client, db_session)
    response = browser.save("profile", {**PROFILE, "notes": "typed at length"},
                            extra={"csrf_token": ""})
    page = text_of(response)
    assert response.status_code == 400
    assert "Your answers have not been saved yet" in page
    assert "typed at length" in page and 'value="1200"' in page
    assert inputs(page).checked["org_size"] == ["small"]
    assert stored(db_session, made.assessment_id) == {}
    fresh = inputs(page).hidden["csrf_token"]
    assert fresh
    again = client.post("/a/s/profile", data={**inputs(page).hidden, **PROFILE,
                                              "notes": "typed at length", "action": "continue"})
    assert again.status_code == 302
    assert stored(db_session, made.assessment_id)["notes"] == "typed at length"


def test_a_forged_csrf_token_is_refused(client: FlaskClient, db_session: Session) -> None:
    browser, made = signed_in(client, db_session)
    response = browser.save("profile", PROFILE, extra={"csrf_token": "forged"})
    assert response.status_code == 400
    assert stored(db_session, made.assessment_id) == {}


@pytest.mark.parametrize("path", ["/a/submit", "/a/language"])
def test_other_forms_need_a_csrf_token_too(
    client: FlaskClient, db_session: Session, path: str
) -> None:
    browser, made = signed_in(client, db_session)
    response = client.post(path, data={"language": "nl", "next": "/a/"})
    assert response.status_code == 400
    assert "This page had expired" in text_of(response)
    db_session.refresh(made)
    assert made.submitted_at is None
    assert '<html lang="en">' in text_of(browser.section("profile"))


def test_an_idle_session_keeps_what_was_typed_until_the_link_is_reopened(
    client: FlaskClient, db_session: Session
) -> None:
    assessment = make_assessment(db_session)
    _, token = make_invitation(db_session, assessment)
    browser = Browser(client)
    browser.open_link(token)
    browser.section("profile")
    with client.session_transaction() as cookie:  # the respondent went to lunch
        cookie["respondent_seen"] = int(time.time()) - 3 * 3600
    response = browser.save("profile", {**PROFILE, "notes": "my long answer"}, fetch=False)
    page = text_of(response)
    assert response.status_code == 401
    assert "Your session has ended: your answers are not saved yet" in page
    assert "my long answer" in page and inputs(page).checked["org_size"] == ["small"]
    assert stored(db_session, assessment.id) == {}
    browser.open_link(token)  # in another tab, as the message says
    saved = client.post("/a/s/profile", data={**inputs(page).hidden, **PROFILE,
                                              "notes": "my long answer", "action": "continue"})
    assert saved.status_code == 302
    assert stored(db_session, assessment.id)["notes"] == "my long answer"


def test_a_lost_session_cookie_keeps_what_was_typed(
    client: FlaskClient, db_session: Session
) -> None:
    assessment = make_assessment(db_session)
    _, token = make_invitation(db_session, assessment)
    browser = Browser(client)
    browser.open_link(token)
    old_page = browser.section("profile")
    hidden = inputs(text_of(old_page)).hidden
    cookieless = client.application.test_client()  # the browser was restarted: no cookie at all
    response = cookieless.post("/a/s/profile", data={**hidden, **PROFILE, "action": "continue"})
    page = text_of(response)
    assert response.status_code == 401
    assert "Your session has ended" in page and 'value="1200"' in page
    assert stored(db_session, assessment.id) == {}
    cookieless.get(f"/i/{token}")
    saved = cookieless.post("/a/s/profile", data={**inputs(page).hidden, **PROFILE,
                                                  "action": "continue"})
    assert saved.status_code == 302
    assert stored(db_session, assessment.id)["org_size"] == "small"


def test_a_tampered_form_context_shows_nothing_back(
    client: FlaskClient, db_session: Session
) -> None:
    make_invitation(db_session)
    cookieless = client.application.test_client()
    response = cookieless.post("/a/s/profile", data={"form_context": "eyJpIjoxfQ.forged",
                                                     "notes": "secret", "action": "continue"})
    assert response.status_code == 401
    assert "secret" not in text_of(response)


def test_a_page_of_another_invitation_is_not_saved_into_this_one(
    client: FlaskClient, db_session: Session
) -> None:
    assessment = make_assessment(db_session)
    _, first = make_invitation(db_session, assessment)
    second_invitation, second = make_invitation(db_session, assessment)
    browser = Browser(client)
    browser.open_link(first)
    browser.section("profile")
    browser.open_link(second)  # someone else used the same browser meanwhile
    response = browser.save("profile", PROFILE, fetch=False)
    assert response.status_code == 409
    assert "this page was opened with another invitation link" in text_of(response)
    assert stored(db_session, assessment.id) == {}
    assert second_invitation.id != 0


# --- conflicts ----------------------------------------------------------------------------------


def test_two_tabs_changing_the_same_answer_conflict_and_nothing_is_overwritten(
    client: FlaskClient, db_session: Session
) -> None:
    browser, made = signed_in(client, db_session, respondent_name="Anna")
    browser.save("profile", PROFILE)
    tab_a, tab_b = Browser(client), Browser(client)  # one cookie jar, two pages
    tab_a.section("leadership")
    tab_b.section("leadership")
    first = tab_a.save("leadership", {"sponsor": "no", "checkpoints": "weekly", "kpis": ["roi"]},
                       fetch=False)
    assert first.status_code == 302
    second = tab_b.save("leadership", {"sponsor": "dont_know", "checkpoints": "weekly",
                                       "kpis": ["roi"]}, fetch=False)
    page = text_of(second)
    assert second.status_code == 409
    assert "Someone else changed this answer while you were editing" in page
    conflict = page[page.index('id="sponsor-conflict"'):]
    assert "Saved answer" in conflict and "No" in conflict and "by Anna" in conflict
    assert "Your answer" in conflict and "I don't know" in conflict
    assert stored(db_session, made.assessment_id)["sponsor"] == "no"  # not overwritten
    unresolved = tab_b.save("leadership", {}, fetch=False,
                            extra={"sponsor": "dont_know", "checkpoints": "weekly",
                                   "kpis": ["roi"]})
    assert unresolved.status_code == 400
    assert "Choose which answer to keep for “Is there a named executive sponsor?”" in text_of(
        unresolved)
    mine = tab_b.save("leadership", {"sponsor": "dont_know", "checkpoints": "weekly",
                                     "kpis": ["roi"], "resolve-sponsor": "mine"}, fetch=False)
    assert mine.status_code == 302
    assert stored(db_session, made.assessment_id)["sponsor"] == "dont_know"


def test_keeping_their_answer_leaves_it_untouched(client: FlaskClient, db_session: Session) -> None:
    assessment = make_assessment(db_session)
    browser_a, _ = signed_in(client, db_session, assessment=assessment, respondent_name="Karin")
    browser_b, _ = signed_in(client.application.test_client(), db_session,
                             assessment=assessment, respondent_name="Piet")
    browser_a.section("profile")
    browser_b.section("profile")
    assert browser_a.save("profile", PROFILE, fetch=False).status_code == 302
    clash = browser_b.save("profile", {**PROFILE, "org_size": "large"}, fetch=False)
    assert clash.status_code == 409
    assert "by Karin" in text_of(clash)
    kept = browser_b.save("profile", {**PROFILE, "org_size": "large",
                                      "resolve-org_size": "theirs"}, fetch=False)
    assert kept.status_code == 302
    assert stored(db_session, assessment.id)["org_size"] == "small"


# --- headers and logs ---------------------------------------------------------------------------


def test_security_headers_on_respondent_pages(client: FlaskClient, db_session: Session) -> None:
    browser, _ = signed_in(client, db_session)
    response = browser.section("profile")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    body = text_of(response)
    assert not re.search(r"<script(?![^>]*\bsrc=)", body), "inline script"
    assert " style=" not in body and "<style" not in body, "inline style"


def test_tokens_are_redacted_from_access_logs() -> None:
    token = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbA"
    werkzeug = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '"%s" %s %s',
                                 (f"GET /i/{token} HTTP/1.1", "302", "-"), None)
    TokenRedactingFilter().filter(werkzeug)
    assert token not in werkzeug.getMessage() and "/i/[redacted]" in werkzeug.getMessage()
    atoms = {"r": f"GET /i/{token} HTTP/1.1", "U": f"/i/{token}", "s": "302"}
    gunicorn = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(r)s %(s)s",
                                 (atoms,), None)
    TokenRedactingFilter().filter(gunicorn)
    assert gunicorn.getMessage() == "GET /i/[redacted] HTTP/1.1 302"
    assert token not in str(gunicorn.args)


def test_an_expired_token_on_a_section_outside_the_areas_is_still_refused(
    client: FlaskClient, db_session: Session
) -> None:
    browser, made = signed_in(client, db_session, areas=["leadership"])
    response = client.post("/a/s/operations", data={"packing_per_hour": "50",
                                                    "action": "continue"})
    assert response.status_code == 403
    assert stored(db_session, made.assessment_id) == {}
    assert browser.section("operations").status_code == 403


def test_the_invalid_link_page_offers_no_form_carrying_the_token(client: FlaskClient) -> None:
    token = "guessed-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    page = text_of(client.get(f"/i/{token}", headers={"Accept-Language": "fr"}))
    assert "Ce lien n’est pas valide" in page
    assert '<html lang="fr">' in page
    assert token not in page
