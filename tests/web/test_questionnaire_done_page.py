"""Issue 10, "Wrong messages": the start and done pages match the situation (alone or with
colleagues, provisional until reviewed), with a reference number and a printable copy."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models.types import utcnow
from assessment.services import references
from tests.factories import make_assessment, make_invitation
from tests.web.questionnaire_support import (
    FLOW_CONFIG,
    LEADERSHIP,
    OPERATIONS,
    PROFILE,
    signed_in,
    text_of,
)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return dict(FLOW_CONFIG)


def test_alone_the_done_page_never_mentions_colleagues_and_the_score_is_provisional(
    client: FlaskClient, db_session: Session
) -> None:
    browser, invitation = signed_in(client, db_session, respondent_name="Ada")
    start = text_of(client.get("/a/"))
    assert "Other people in your organisation" not in start
    assert "There are 11 questions, in 3 sections." in start or "questions, in" in start
    for section_id, answers in (("profile", PROFILE), ("leadership", LEADERSHIP),
                                ("operations", OPERATIONS)):
        browser.save(section_id, answers)
    assert "Other people" not in text_of(client.get("/a/review"))
    browser.walk()
    page = text_of(client.get("/a/done"))
    assert "Other people" not in page and "still answering" not in page
    assert "Provisional:" in page
    assert "Provisional overall readiness" in page
    assert "continue where you left off" not in page  # the footer no longer invites to go on
    year = invitation.assessment.created_at.year
    reference = f"CRA-{year}-{invitation.assessment_id:05d}-1"
    assert reference in page
    assert references.find(db_session, reference.lower()) == invitation


def test_with_colleagues_the_done_page_counts_the_parts_done(
    client: FlaskClient, db_session: Session
) -> None:
    assessment = make_assessment(db_session)
    make_invitation(db_session, assessment, areas=["operations"])
    make_invitation(db_session, assessment, areas=["operations"])
    withdrawn, _ = make_invitation(db_session, assessment, areas=["operations"])
    withdrawn.revoked_at = utcnow()
    db_session.commit()
    browser, _ = signed_in(client, db_session, assessment=assessment, areas=["leadership"])
    assert "Other people in your organisation may answer" in text_of(client.get("/a/"))
    browser.walk()
    page = text_of(client.get("/a/done"))
    assert "1 of 3 parts is done." in page
    assert "Other people in your organisation are still answering their parts" in page
    assert f"CRA-{assessment.created_at.year}-{assessment.id:05d}-4" in page
    assert "Your results at a glance" not in page


def test_a_reviewed_assessment_shows_no_provisional_score(
    client: FlaskClient, db_session: Session
) -> None:
    browser, invitation = signed_in(client, db_session)
    browser.walk()
    invitation.assessment.approved_at = utcnow()
    db_session.commit()
    page = text_of(client.get("/a/done"))
    assert "Provisional" not in page
    assert "Your consultant has reviewed the results" in page


def test_the_printable_copy_lists_the_answers_in_the_page_language(
    client: FlaskClient, db_session: Session
) -> None:
    browser, invitation = signed_in(client, db_session, language="nl",
                                    respondent_name="Anna <b>")
    assert client.get("/a/done/answers").headers["Location"] == "/a/"  # not submitted yet
    browser.walk()
    done = client.get("/a/done").get_data(as_text=True)
    assert 'href="/a/done/answers"' in done
    response = client.get("/a/done/answers")
    assert response.status_code == 200
    page = text_of(response)
    assert "Uw antwoorden" in page
    assert "Hoe groot is uw organisatie?" in page and "Tot 50 mensen" in page
    assert references.reference_for(db_session, invitation) in page
    assert "Anna <b>" in page and "Anna <b>" not in response.get_data(as_text=True)
    assert 'data-action="print"' in page


def test_references_read_back_only_what_they_name(db_session: Session) -> None:
    assert references.parse("CRA-2026-00042-3") == (2026, 42, 3)
    assert references.parse(" cra-2026-42-3 ") == (2026, 42, 3)
    for wrong in ("", "CRA-2026-00042", "CRA-2026-00042-0", "XYZ-2026-00042-3", "CRA-26-1-1"):
        assert references.parse(wrong) is None, wrong
    assessment = make_assessment(db_session)
    first, _ = make_invitation(db_session, assessment)
    second, _ = make_invitation(db_session, assessment)
    year = assessment.created_at.year
    assert references.reference_for(db_session, second) == f"CRA-{year}-{assessment.id:05d}-2"
    assert references.find(db_session, f"CRA-{year}-{assessment.id:05d}-1") == first
    assert references.find(db_session, f"CRA-{year - 1}-{assessment.id:05d}-1") is None
    assert references.find(db_session, f"CRA-{year}-{assessment.id:05d}-3") is None


def test_a_colleague_whose_link_expired_unused_is_not_still_working(
    client: FlaskClient, db_session: Session
) -> None:
    assessment = make_assessment(db_session)
    make_invitation(db_session, assessment, areas=["operations"],
                    expires_at=utcnow() - timedelta(days=1))
    browser, _ = signed_in(client, db_session, assessment=assessment, areas=["leadership"])
    assert "Other people in your organisation" not in text_of(client.get("/a/"))
    browser.save("profile", PROFILE)
    assert "Other people in your organisation" not in text_of(client.get("/a/review"))
    assert browser.walk().headers["Location"] == "/a/done"
    page = text_of(client.get("/a/done"))
    assert "still answering" not in page
    assert "Your consultant will review the answers" in page
