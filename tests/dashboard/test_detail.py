"""The assessment detail page: scores and radar, findings as reviewed with the engine's original
in view, answers by area with who gave them and when, notes, activity; escaped throughout."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import Invitation
from assessment.services import notes, overrides, review
from tests.dashboard.conftest import count_queries, sign_in
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.factories import make_assessment, make_org, make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def page(client: FlaskClient, assessment_id: int) -> str:
    response = client.get(f"/dashboard/assessments/{assessment_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def text_of(html: str) -> str:
    """The page's visible words, tags stripped and whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_scores_radar_findings_and_answers_with_who_and_when(
    client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me,
                                      organisation=make_org(db_session, "Nordic Bikes")).assessment
    sign_in(client, me)
    html = page(client, assessment.id)
    words = text_of(html)

    assert "<svg" in html and 'class="radar"' in html  # three areas: the radar is drawn
    assert "Readiness index 36 Red" in words
    assert "Leadership 25 Red Developing 2 / 2 (100%) 0" in words
    for title in ["No executive sponsor", "Stock is inaccurate", "Slow answers to customers"]:
        assert title in words
    assert "The ERP is not connected" not in words  # OPS-2 did not fire
    assert "Is there an executive sponsor? No Leadership lead" in words
    assert "How accurate is your stock? 80% Operations lead" in words
    assert "Start the review" in words and "Approve" not in words


def test_overrides_show_the_reviewed_result_and_the_original(
    client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session, "ann@example.com")
    assessment = submitted_assessment(db_session, owner=me).assessment
    overrides.change_severity(db_session, assessment, "OPS-1", "high", "Peak season.", me)
    overrides.dismiss(db_session, assessment, "SERV-1", "Holiday week.", me)
    notes.add(db_session, assessment, me, "Ask about the ERP budget.", rule_id="OPS-1",
              finding_ids={"OPS-1"})
    db_session.commit()
    sign_in(client, me)
    html = page(client, assessment.id)
    ops = text_of(html.split('id="finding-OPS-1"')[1].split(">", 1)[1].split("</article>")[0])
    serv = text_of(html.split('id="finding-SERV-1"')[1].split(">", 1)[1].split("</article>")[0])

    assert ops.startswith("High Stock is inaccurate")
    assert "Severity changed; the rules said Medium." in ops
    assert "“Peak season.” ann@example.com" in ops
    assert "Ask about the ERP budget. — ann@example.com" in ops
    assert "Dismissed: left out of the reviewed result and the report." in serv
    assert 'class="dash-finding dash-finding--low dash-finding--dismissed"' in html


def test_client_text_is_escaped(client: FlaskClient, db_session: Session) -> None:
    me = make_user(db_session)
    hostile = "<script>alert(1)</script>"
    answered = submitted_assessment(
        db_session, owner=me, organisation=make_org(db_session, f"Evil {hostile} BV"))
    invitation: Invitation = answered.by_area["leadership"]
    invitation.respondent_name = "<img src=x onerror=alert(2)>"
    notes.add(db_session, answered.assessment, me, f"Note {hostile}")
    db_session.commit()
    sign_in(client, me)
    html = page(client, answered.assessment.id)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html


def test_an_open_assessment_shows_progress_and_no_findings(
    client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session)
    assessment = make_assessment(db_session)
    from tests.dashboard.conftest import own

    own(db_session, assessment, me)
    sign_in(client, me)
    words = text_of(page(client, assessment.id))
    assert "Not scored yet" in words and "Findings appear once the assessment is scored." in words
    assert "The respondents are still answering." in words
    assert "Start the review" not in words


def test_approved_assessment_offers_the_report_and_a_follow_up(
    client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    review.start_review(db_session, assessment, me)
    review.approve(db_session, assessment, me)
    db_session.commit()
    sign_in(client, me)
    html = page(client, assessment.id)
    words = text_of(html)
    assert f"Approved by {me.email}" in words
    assert f'href="/reports/{assessment.id}.pdf"' in html
    assert f'action="/dashboard/assessments/{assessment.id}/follow-up"' in html
    assert "Withdraw the approval" in words


def test_a_missing_pinned_version_still_shows_what_is_stored(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    assessment.questionnaire_version = "0.9.0"
    db_session.commit()
    sign_in(client, me)
    words = text_of(page(client, assessment.id))
    assert "is no longer in the question bank" in words
    assert "No executive sponsor" in words  # from the stored result


def test_the_number_of_queries_does_not_grow_with_findings_and_answers(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session)
    few = submitted_assessment(db_session, owner=me,
                               overrides={"service": {"response_hours": 2}}).assessment
    many = submitted_assessment(db_session, owner=me).assessment
    for assessment in (few, many):
        notes.add(db_session, assessment, me, "A note.")
    overrides.dismiss(db_session, many, "SERV-1", "Because.", me)
    overrides.change_severity(db_session, many, "OPS-1", "low", "Because.", me)
    db_session.commit()
    sign_in(client, me)
    counts = []
    for assessment in (few, many):
        with count_queries(app) as statements:
            page(client, assessment.id)
        counts.append(len(statements))
    assert counts[0] == counts[1]
