"""The report model built from the mini questionnaire's complete fixture."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from assessment.engine import Questionnaire
from reports import Report
from reports.answers import format_answer
from reports.i18n import translations


def test_cover_facts(build: Callable[..., Report]) -> None:
    report = build()
    assert report.organisation == "Demo Retail BV"
    assert (report.questionnaire_id, report.questionnaire_version, report.rules_version) == (
        "report-mini", "2.1.0", "2.0.3")
    assert report.report_date_text == "November 23, 2026"
    assert report.language_name == "English"


def test_overall_and_areas_follow_the_engine(build: Callable[..., Report]) -> None:
    report = build()
    assert report.overall.band.id == "amber" and report.overall.band.label == "Ready with gaps"
    areas = {a.id: a for a in report.areas}
    assert list(areas) == ["executive_buy_in", "back_office_integration", "warehouse_capacity",
                           "customer_service", "content_readiness"]
    assert areas["executive_buy_in"].band.id == "red"
    assert areas["executive_buy_in"].capped_by == ("EB-NO-SPONSOR",)
    assert areas["executive_buy_in"].confidence == 1.0
    assert report.overall.high_gaps == 2 and report.overall.total_gaps == 4


def test_findings_carry_translated_texts_owner_effort_and_citations(
    build: Callable[..., Report]
) -> None:
    finding = next(f for a in build("fr").areas for f in a.findings if f.id == "BO-IT-LATE")
    assert finding.title == "L’informatique n’est pas impliquée dès le départ"
    assert finding.owner_name == "Responsable des systèmes d’information"
    assert finding.effort == "M"
    assert [s.id for s in finding.sources] == ["KS-4"]
    assert finding.sources[0].label == (
        "Bonnes pratiques Adobe Commerce — Parties prenantes clés, "
        "«\u00a0Qui est responsable de la technologie ?\u00a0»")


def test_a_finding_spanning_areas_is_related_in_the_other_area(
    build: Callable[..., Report]
) -> None:
    areas = {a.id: a for a in build().areas}
    assert [f.id for f in areas["executive_buy_in"].related] == ["BO-IT-LATE"]
    assert [f.id for f in areas["customer_service"].related] == ["WH-NO-STOCK-OWNER"]


def test_top_gaps_put_high_severity_in_heavier_areas_first(build: Callable[..., Report]) -> None:
    assert [f.id for f in build().top_gaps] == [
        "EB-NO-SPONSOR", "BO-IT-LATE", "WH-PACKING", "WH-NO-STOCK-OWNER"]


def test_in_place_lists_strong_answers_of_the_area(build: Callable[..., Report]) -> None:
    areas = {a.id: a for a in build().areas}
    content = [(i.question, i.answer) for i in areas["content_readiness"].in_place]
    assert ("Who owns the content?", "A content team") in content
    assert ("What share of product pages is complete?", "95%") in content
    assert all("sponsor" not in q for q, _ in content)


def test_stakeholder_map_reads_owners_from_the_answers(build: Callable[..., Report]) -> None:
    stakeholders = build().stakeholders
    pillars = {p.id: p for p in stakeholders.pillars}
    assert pillars["sponsorship"].status == "gap"  # informal support only
    assert pillars["experience"].status == "in_place"  # a named person
    # an internal IT lead, but a high-severity KS-4 gap (IT not involved from day one)
    assert pillars["technology"].status == "gap"
    assert [g.id for g in pillars["technology"].gaps] == ["BO-IT-LATE"]
    evidence = pillars["sponsorship"].evidence[0]
    assert (evidence.answer, evidence.answered_by) == ("Informal support only", "Anna de Vries")
    roles = {r.id: r for r in stakeholders.roles}
    assert roles["executive_sponsor"].status == "missing"
    assert roles["inventory_manager"].status == "missing"
    assert roles["customer_service_manager"].status == "present"
    assert roles["marketing_manager"].status == "not_asked"
    assert roles["logistics_manager"].open_findings == 1
    assert not stakeholders.small_team


def test_a_small_team_shares_roles_but_still_needs_a_sponsor(
    build: Callable[..., Report], complete_answers: dict[str, Any]
) -> None:
    answers = {**complete_answers, "pr_org_size": "micro", "ct_owner": "nobody"}
    stakeholders = build(answers=answers).stakeholders
    roles = {r.id: r.status for r in stakeholders.roles}
    assert stakeholders.small_team
    assert roles["content_team"] == "shared" and roles["inventory_manager"] == "shared"
    assert roles["executive_sponsor"] == "missing"


def test_unknown_when_the_answer_does_not_tell(
    build: Callable[..., Report], complete_answers: dict[str, Any]
) -> None:
    report = build(answers={**complete_answers, "eb_sponsor": "dont_know"})
    assert {p.id: p.status for p in report.stakeholders.pillars}["sponsorship"] == "unknown"
    assert {r.id: r.status for r in report.stakeholders.roles}["executive_sponsor"] == "unknown"


def test_appendix_lists_every_applicable_question_with_answer_and_respondent(
    build: Callable[..., Report], mini: Questionnaire
) -> None:
    appendix = build("nl").appendix
    assert [s.id for s in appendix] == [s.id for s in mini.sections]
    rows = {r.id: r for s in appendix for r in s.rows}
    assert set(rows) == set(mini.questions)
    assert rows["eb_sponsor"].question == "Is er een benoemde sponsor uit de directie?"
    assert rows["eb_sponsor"].answer == "Alleen informele steun"
    assert rows["eb_sponsor"].answered_by == "Anna de Vries"
    assert rows["wh_notes"].answered_by == "Bram Jansen"
    assert rows["pr_org_size"].answered_by is None  # profile: neither respondent covers it


def test_sources_appendix_has_cited_passages_in_the_report_language(
    build: Callable[..., Report]
) -> None:
    sources = {s.id: s for s in build("sv").sources}
    assert {"KS-4", "KS-5", "TM-7", "TM-8", "RR-6"} <= set(sources)
    assert sources["KS-4"].text == "Involvera IT från första dagen."
    assert sources["KS-5"].document == "Bästa praxis för Adobe Commerce — Viktiga intressenter"
    assert sources["KS-5"].section == "”Vem är sponsor?”"


@pytest.mark.parametrize(
    ("question", "value", "language", "text"),
    [
        ("eb_sponsor", "board_member", "fr", "Un membre de la direction"),
        ("cs_visibility", ["order_status", "stock_levels"], "en", "Order status; Stock levels"),
        ("cs_visibility", [], "nl", "Niets geselecteerd"),
        ("eb_csuite_support", 4, "sv", "4 – Starkt"),
        ("cs_manager", "yes", "nl", "Ja"),
        ("cs_manager", "no", "fr", "Non"),
        ("peak_orders_per_day", 12500, "nl", "12.500 orders"),
        ("peak_orders_per_day", 12500, "en", "12,500 orders"),
        ("wh_shift_hours", 7.5, "fr", "7,5 heures"),
        ("ct_complete_pages", 97.5, "sv", "97,5\xa0%"),
        ("ct_complete_pages", 40, "en", "40%"),
        ("bo_erp_integration", "not_applicable", "sv", "Ej tillämpligt"),
        ("eb_sponsor", "dont_know", "fr", "Je ne sais pas"),
        ("eb_sponsor", None, "nl", "Niet beantwoord"),
        ("eb_notes", "   ", "en", "Not answered"),
        ("eb_notes", "<b>as typed</b>", "en", "<b>as typed</b>"),
    ],
)
def test_answers_read_as_words_in_the_report_language(
    mini: Questionnaire, question: str, value: Any, language: str, text: str
) -> None:
    got = format_answer(mini, mini.questions[question], value, language,
                        translations(language).gettext)
    assert got.replace("\u202f", "\xa0") == text
