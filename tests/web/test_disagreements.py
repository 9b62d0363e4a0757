"""Shared answers on the client pages: a colleague's submitted answer is shown read-only with
its author, saving never 409s on it, a forged post is refused, and the disagree page
records a different view (validation, CSRF, bad input) without overwriting anything."""

from __future__ import annotations

import html
from typing import Any

import pytest
import sqlalchemy as sa
from babel.support import Translations
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import Invitation
from assessment.models.disagreement import Disagreement
from tests.factories import make_assessment
from tests.statements import statements
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


def _colleague_submitted(client: FlaskClient, db_session: Session,
                         **second: Any) -> tuple[Browser, Invitation, Invitation]:
    """Joost (leadership) answered the profile and submitted; Sanne (everything) signs in."""
    assessment = make_assessment(db_session)
    joost, joost_invitation = signed_in(client, db_session, assessment=assessment,
                                        areas=["leadership"], respondent_name="Joost")
    for section_id, answers in (("profile", PROFILE), ("leadership", LEADERSHIP)):
        saved = joost.save(section_id, answers)
        if saved.headers.get("Location", "").endswith(f"/a/s/{section_id}"):
            saved = joost.save(section_id, answers)
        assert saved.status_code == 302, text_of(saved)
    assert joost.submit().status_code == 302
    sanne, sanne_invitation = signed_in(client.application.test_client(), db_session,
                                        assessment=assessment, respondent_name="Sanne", **second)
    return sanne, joost_invitation, sanne_invitation


def _disagreements(db_session: Session) -> list[Disagreement]:
    return list(db_session.scalars(sa.select(Disagreement)
                                   .execution_options(populate_existing=True)))


def test_a_submitted_answer_is_shown_read_only_with_its_author(
    client: FlaskClient, db_session: Session,
) -> None:
    sanne, _joost, _ = _colleague_submitted(client, db_session)
    page = sanne.section("profile")
    assert page.status_code == 200
    body = text_of(page)
    assert "Up to 50 people" in body and "Answered by Joost" in body
    assert "Joost has submitted their answers" in body
    assert 'href="/a/q/org_size/disagree"' in page.get_data(as_text=True)
    found = inputs(page.get_data(as_text=True))
    assert "org_size" not in found.checked and "v-org_size" not in found.hidden
    assert "peak_orders_per_day" not in found.values
    # the page saves without posting the read-only answers: no 409, nothing overwritten
    saved = sanne.save("profile", {"notes": "From Sanne"}, fetch=False)
    assert saved.status_code == 302, text_of(saved)
    values = stored(db_session, sanne_assessment(db_session))
    assert values["org_size"] == "small" and values["notes"] == "From Sanne"


def test_the_review_page_offers_a_different_view_instead_of_change(
    client: FlaskClient, db_session: Session,
) -> None:
    sanne, _joost, _ = _colleague_submitted(client, db_session)
    page = sanne.get("/a/review").get_data(as_text=True)
    row = page.split('id="review-org_size"')[1].split("</div>")[0]
    assert 'href="/a/q/org_size/disagree"' in row and "Change" not in row
    assert "Answered by Joost" in html.unescape(row)


def sanne_assessment(db_session: Session) -> int:
    assessment_id = db_session.scalar(sa.select(Invitation.assessment_id)
                                      .where(Invitation.respondent_name == "Sanne"))
    assert assessment_id is not None
    return assessment_id


def test_a_forged_post_of_a_read_only_answer_is_refused_with_a_clear_message(
    client: FlaskClient, db_session: Session,
) -> None:
    sanne, _joost, _ = _colleague_submitted(client, db_session)
    refused = sanne.save("profile", {"org_size": "large"})
    assert refused.status_code == 400
    body = text_of(refused)
    assert "has been answered by someone else and can no longer be changed here" in body
    assert "I see this differently" in body
    assert stored(db_session, sanne_assessment(db_session))["org_size"] == "small"


def test_recording_a_different_view_keeps_the_answer_given(
    client: FlaskClient, db_session: Session,
) -> None:
    sanne, joost, sanne_invitation = _colleague_submitted(client, db_session)
    form = sanne.get("/a/q/org_size/disagree")
    assert form.status_code == 200
    body = text_of(form)
    assert "I see this differently" in body and "Up to 50 people" in body
    assert "Answered by Joost" in body and "Why do you see this differently?" in body
    token = inputs(form.get_data(as_text=True)).hidden["csrf_token"]
    saved = sanne.client.post("/a/q/org_size/disagree", data={
        "csrf_token": token, "org_size": "large", "reason": "We grew to 80 people this year."})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/a/s/profile")
    (found,) = _disagreements(db_session)
    assert (found.question_id, found.standing_value, found.other_value) == (
        "org_size", "small", "large")
    assert (found.standing_invitation_id, found.other_invitation_id) == (
        joost.id, sanne_invitation.id)
    assert stored(db_session, sanne_assessment(db_session))["org_size"] == "small"
    page = text_of(sanne.section("profile"))
    assert "Your view, recorded for your consultant:</strong> More than 50 people" in page
    assert "Change your view" in page
    again = sanne.get("/a/q/org_size/disagree").get_data(as_text=True)
    assert "We grew to 80 people this year.</textarea>" in again
    assert inputs(again).checked["org_size"] == ["large"]


@pytest.mark.parametrize(("data", "message"), [
    ({"org_size": "large", "reason": "  "}, "Say why you see this differently."),
    ({"reason": "Because."}, "How large is your organisation?"),
    ({"org_size": "huge", "reason": "Because."}, "How large is your organisation?"),
    ({"org_size": "small", "reason": "Because."}, "Your answer is the same as the answer given"),
    ({"org_size": "large", "reason": "x" * 2001}, "at most 2000"),
    ({"org_size": "<script>", "reason": "<b>x</b>"}, "How large is your organisation?"),
])
def test_the_disagree_page_explains_what_is_wrong(
    client: FlaskClient, db_session: Session, data: dict[str, Any], message: str,
) -> None:
    sanne, _joost, _ = _colleague_submitted(client, db_session)
    token = inputs(sanne.get("/a/q/org_size/disagree").get_data(as_text=True)).hidden[
        "csrf_token"]
    refused = sanne.client.post("/a/q/org_size/disagree", data={"csrf_token": token, **data})
    assert refused.status_code == 400
    body = text_of(refused)
    assert "There is a problem" in body and message in body
    assert "<script>" not in refused.get_data(as_text=True)
    assert _disagreements(db_session) == []


def test_the_disagree_page_needs_the_csrf_token(client: FlaskClient, db_session: Session) -> None:
    sanne, _joost, _ = _colleague_submitted(client, db_session)
    refused = sanne.client.post("/a/q/org_size/disagree",
                                data={"org_size": "large", "reason": "Because."})
    assert refused.status_code == 400
    assert _disagreements(db_session) == []


def test_unknown_or_open_questions_are_not_disagreed_with(
    client: FlaskClient, db_session: Session,
) -> None:
    sanne, _joost, _ = _colleague_submitted(client, db_session)
    assert sanne.get("/a/q/no_such_question/disagree").status_code == 404
    assert sanne.get("/a/q/%3Cscript%3E/disagree").status_code == 404
    # notes was never answered: nothing to disagree with, answer it on its page
    sent = sanne.get("/a/q/notes/disagree")
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/a/s/profile")


def test_without_a_session_the_disagree_page_asks_for_the_link(client: FlaskClient) -> None:
    assert client.get("/a/q/org_size/disagree").status_code == 401


MESSAGES = [
    "I see this differently", "Answered by %(name)s, %(date)s",
    "Why do you see this differently?", "Record my view", "The answer given",
    "Your view, recorded for your consultant:", "Say why you see this differently.",
    "%(name)s has submitted their answers, so this answer can no longer be changed here.",
]


@pytest.mark.parametrize("language", ["nl", "fr", "sv"])
def test_every_new_client_text_is_translated(language: str) -> None:
    translations = Translations.load("assessment/i18n/client", [language])
    for msgid in MESSAGES:
        translated = translations.gettext(msgid)
        assert translated and translated != msgid, (language, msgid)


def test_the_lead_owns_the_profile_and_others_are_told(
    client: FlaskClient, db_session: Session,
) -> None:
    assessment = make_assessment(db_session)
    lena, lena_invitation = signed_in(client, db_session, assessment=assessment,
                                      areas=["leadership"], respondent_name="Lena")
    lena_invitation.lead = True
    db_session.commit()
    piet, _ = signed_in(client.application.test_client(), db_session, assessment=assessment,
                        respondent_name="Piet")
    # Before the lead answers: Piet is told who owns the profile, and may fill it in.
    before = text_of(piet.section("profile"))
    assert "Lena answers the questions about your organisation" in before
    assert "Until Lena has answered a question, you can answer it yourself." in before
    assert piet.save("profile", {**PROFILE, "org_size": "micro"}).status_code == 302
    # The lead's answer replaces Piet's, and from then on it is read-only for Piet.
    assert lena.save("profile", PROFILE).status_code == 302
    assert stored(db_session, assessment.id)["org_size"] == "small"
    page = piet.section("profile")
    body = text_of(page)
    assert "Lena is the lead respondent and gives the answers about your organisation." in body
    assert 'href="/a/q/org_size/disagree"' in page.get_data(as_text=True)
    assert "Until Lena has answered" in body  # she left "Anything else?" open: Piet may fill it
    assert 'name="notes"' in page.get_data(as_text=True)
    refused = piet.save("profile", {"org_size": "micro"})
    assert refused.status_code == 400
    assert stored(db_session, assessment.id)["org_size"] == "small"
    # Lena herself still changes her own answers.
    assert lena.save("profile", {**PROFILE, "org_size": "large"}).status_code == 302


def test_the_disagree_page_speaks_dutch(client: FlaskClient, db_session: Session) -> None:
    sanne, _joost, _ = _colleague_submitted(client, db_session)
    token = inputs(sanne.get("/a/q/org_size/disagree").get_data(as_text=True)).hidden[
        "csrf_token"]
    sanne.client.post("/a/language", data={"language": "nl", "csrf_token": token,
                                           "next": "/a/q/org_size/disagree"})
    body = text_of(sanne.get("/a/q/org_size/disagree"))
    assert "Ik zie dit anders" in body and "Waarom ziet u dit anders?" in body
    assert "Beantwoord door Joost" in body and "Tot 50 mensen" in body


def test_a_page_with_shared_answers_stays_within_the_statement_budget(
    client: FlaskClient, db_session: Session,
) -> None:
    sanne, _joost, _ = _colleague_submitted(client, db_session)
    make_invitation_lead(db_session)
    disagree = sanne.get("/a/q/org_size/disagree")
    token = inputs(disagree.get_data(as_text=True)).hidden["csrf_token"]
    sanne.client.post("/a/q/org_size/disagree", data={
        "csrf_token": token, "org_size": "large", "reason": "We grew."})
    sanne.section("profile")  # warm: the bank and the session are loaded
    with statements(sanne.client) as seen:
        page = sanne.section("profile")
    assert page.status_code == 200 and "Your view, recorded" in text_of(page)
    assert len(seen) <= 5, "\n".join(seen)  # the question page budget (0008)


def make_invitation_lead(db_session: Session) -> None:
    """Make Joost (who answered the profile and submitted) the lead respondent too."""
    joost = db_session.scalar(sa.select(Invitation).where(Invitation.respondent_name == "Joost"))
    assert joost is not None
    joost.lead = True
    db_session.commit()
