"""The detail page, for work: each finding links to the answers its rule reads, what is
outstanding (disagreements, open change requests) shows at the top, long parts fold."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.blueprints.dashboard.contexts.rule_reads import rule_reads
from assessment.services import bank, change_requests, review
from tests.dashboard.conftest import sign_in
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.factories import make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def test_each_finding_links_to_the_answers_its_rule_reads(
    client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    db_session.commit()
    questionnaire = bank.pinned_or_none(assessment)
    assert questionnaire is not None
    reads = rule_reads(questionnaire)
    assert reads and all(set(q) <= set(questionnaire.questions) for q in reads.values())
    sign_in(client, me)
    html = client.get(f"/dashboard/assessments/{assessment.id}").get_data(as_text=True)
    articles = re.findall(r'<article class="dash-finding[^"]*" id="finding-([^"]+)"(.*?)</article>',
                          html, re.S)
    assert articles
    linked = 0
    for rule_id, body in articles:
        for target in re.findall(r'href="#answer-([^"]+)"', body):
            assert target in reads.get(rule_id, ()), (rule_id, target)
            assert f'<tr id="answer-{target}">' in html  # the anchor is on the page
            linked += 1
    assert linked, "at least one finding names the answers behind it"


def test_outstanding_change_requests_show_at_the_top_and_answers_fold(
    client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    review.start_review(db_session, assessment, me)
    change_requests.request_changes(db_session, assessment, me, {"sponsor": "Who is it?"})
    db_session.commit()
    sign_in(client, me)
    html = client.get(f"/dashboard/assessments/{assessment.id}").get_data(as_text=True)
    top = html.split('id="outstanding-title"')[1].split("</div>")[0]
    assert "1 change requested" in top and 'href="#round-1"' in top
    assert "0 of 1 answers changed so far" in top
    assert html.index('id="outstanding-title"') < html.index('id="scores"')
    assert 'id="round-1"' in html
    folds = re.findall(r'<details class="dash-fold dash-answers-area"[^>]*>', html)
    assert len(folds) >= 2 and sum(" open" in tag for tag in folds) == 1  # only the first
    nl = client.get(f"/dashboard/assessments/{assessment.id}",
                    headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "Openstaand" in nl and "1 wijziging gevraagd" in nl


def test_a_rule_reads_the_questions_of_the_named_conditions_it_uses() -> None:
    questionnaire = bank.latest("commerce-readiness")
    reads = rule_reads(questionnaire)
    # EB-01: eb_sponsor, and through separate_roles_expected the organisation's size, team
    # structure and e-commerce team size; in questionnaire order.
    assert "separate_roles_expected" in questionnaire.rule("EB-01").when
    assert reads["EB-01"] == ("pr_org_size", "pr_team_structure", "pr_ecommerce_team_size",
                              "eb_sponsor")
    assert all(reads[rule.id] for rule in questionnaire.rules)
    assert rule_reads(questionnaire) is reads  # once per loaded questionnaire
