"""Answers still under discussion: each open disagreement between respondents appears in a
short section of the report (question, both answers, who) until it is resolved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from report_support import make_input
from sqlalchemy.orm import Session

from assessment.engine import Questionnaire
from assessment.services import answers, disagreements
from assessment.services.reports import report_input as service_input
from reports import OpenDisagreement, Report, build_report, render_html
from reports.identity import report_id
from tests.factories import (
    WEBTEST_BACK_OFFICE,
    WEBTEST_CONFIG,
    WEBTEST_PROFILE,
    WEBTEST_WAREHOUSE,
    make_invitation,
    make_user,
)

DISPUTED = OpenDisagreement("pr_org_size", "large", "Anna de Vries (CEO)", "small",
                            "Bram <b>Jansen</b>")


def _report(mini: Questionnaire, answers: dict[str, Any], language: str = "en",
            disputed: tuple[OpenDisagreement, ...] = (DISPUTED,)) -> Report:
    data = make_input(mini, answers, language)
    return build_report(replace(data, disagreements=disputed))


def test_an_open_disagreement_is_listed_with_both_answers_and_people(
    mini: Questionnaire, complete_answers: dict[str, Any],
) -> None:
    report = _report(mini, complete_answers)
    (shown,) = report.disagreements
    assert shown.question == mini.text(mini.questions["pr_org_size"].text, "en")
    assert (shown.used_by, shown.other_by) == ("Anna de Vries (CEO)", "Bram <b>Jansen</b>")
    html = render_html(report)
    section = html.split('id="disagreements"')[1].split("</section>")[0]
    assert "Answers still under discussion" in section
    assert shown.used in section and shown.other in section and shown.used != shown.other
    assert "Bram &lt;b&gt;Jansen&lt;/b&gt;" in section and "<b>Jansen" not in section
    assert 'href="#disagreements"' in html  # listed in the contents


def test_without_open_disagreements_there_is_no_section_and_the_id_is_unchanged(
    mini: Questionnaire, complete_answers: dict[str, Any], build: Callable[..., Report],
) -> None:
    resolved = _report(mini, complete_answers, disputed=())
    html = render_html(resolved)
    assert 'id="disagreements"' not in html and "under discussion" not in html
    assert resolved.id == build("en").id
    assert _report(mini, complete_answers).id != resolved.id  # the cache sees the difference


def test_a_disagreement_on_a_question_the_bank_no_longer_has_is_left_out(
    mini: Questionnaire, complete_answers: dict[str, Any],
) -> None:
    gone = OpenDisagreement("no_such_question", 1, None, 2, None)
    assert _report(mini, complete_answers, disputed=(gone,)).disagreements == ()


@pytest.mark.parametrize(("language", "title"), [
    ("nl", "Antwoorden waarover nog overleg loopt"),
    ("fr", "Réponses encore en discussion"),
    ("sv", "Svar som fortfarande diskuteras"),
])
def test_the_section_is_translated(mini: Questionnaire, complete_answers: dict[str, Any],
                                   language: str, title: str) -> None:
    html = render_html(_report(mini, complete_answers, language))
    assert title in html.split('id="disagreements"')[1]
    data = make_input(mini, complete_answers, language)
    assert report_id(replace(data, disagreements=(DISPUTED,))) != report_id(data)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return WEBTEST_CONFIG


def test_the_stored_assessment_reports_a_disagreement_until_it_is_resolved(
    db_session: Session,
) -> None:
    joost, _ = make_invitation(db_session, areas=["warehouse"], respondent_name="Joost")
    sanne, _ = make_invitation(db_session, joost.assessment, respondent_name="Sanne")
    answers.save_section(db_session, joost, "profile", WEBTEST_PROFILE, {})
    answers.save_section(db_session, joost, "warehouse", WEBTEST_WAREHOUSE, {})
    answers.submit(db_session, joost)
    found = disagreements.record(db_session, sanne, "packing_per_hour", 40, "Average is 40.")
    answers.save_section(db_session, sanne, "back_office", WEBTEST_BACK_OFFICE, {})
    assert answers.submit(db_session, sanne).complete
    assessment = joost.assessment
    (listed,) = service_input(db_session, assessment).disagreements
    assert (listed.question_id, listed.standing_value, listed.other_value) == (
        "packing_per_hour", 60, 40)
    assert (listed.standing_by, listed.other_by) == ("Joost", "Sanne")
    disagreements.resolve(db_session, assessment, found.id, choice="keep", note="",
                          user=make_user(db_session))
    assert service_input(db_session, assessment).disagreements == ()
