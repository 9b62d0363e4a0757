"""Reading an answers document into a ReportInput: defaults, attribution, clear errors."""

from __future__ import annotations

from typing import Any

import pytest

from assessment.engine import Questionnaire
from reports.inputs import ReportInputError, report_input


def _document(answers: Any, **extra: Any) -> dict[str, Any]:
    return {"questionnaire": "report-mini", "language": "en", "answers": answers, **extra}


def test_answers_are_attributed_to_the_respondent_whose_areas_cover_them(
    mini: Questionnaire, complete_answers: dict[str, Any]
) -> None:
    data = report_input(mini, _document(complete_answers, respondents=[
        {"name": "Ann", "areas": ["executive_buy_in"]},
        {"name": "Bob", "areas": ["warehouse_capacity", "executive_buy_in"]},
        {"name": "Cy", "areas": ["content_readiness"]},
    ]))
    assert data.answered_by["ct_owner"] == "Cy"
    assert data.answered_by["wh_shift_hours"] == "Bob"
    assert "eb_sponsor" not in data.answered_by  # two respondents cover it: nobody is guessed
    assert "pr_org_size" not in data.answered_by


def test_explicit_attribution_wins_and_defaults_fill_the_rest(
    mini: Questionnaire, complete_answers: dict[str, Any]
) -> None:
    data = report_input(mini, _document(complete_answers, answered_by={"eb_sponsor": "Zoë"}),
                        language="sv")
    assert data.answered_by == {"eb_sponsor": "Zoë"}
    assert data.language == "sv"
    assert data.organisation == "Namnlös organisation"
    assert data.result.finding_ids() == ["EB-NO-SPONSOR", "BO-IT-LATE", "WH-PACKING",
                                         "WH-NO-STOCK-OWNER"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"respondents": "Ann"}, "'respondents' must be a list"),
        ({"respondents": [{"role": "CEO"}]}, r"respondents\[0\] needs a 'name'"),
        ({"respondents": [{"name": "A", "areas": "all"}]}, r"respondents\[0\].areas must be"),
        ({"answered_by": {"eb_sponsor": 3}}, "'answered_by' must map question ids"),
        ({"review": ["x"]}, "'review' must be a mapping"),
        ({"review": {"severities": {"X": "huge"}}}, "review: finding X: severity 'huge'"),
        ({"organisation": 42}, "'organisation' must be text"),
        ({"date": "tomorrow"}, "'date' must be a date like 2026-11-23"),
        ({"language": "de"}, "unknown report language 'de'"),
        ({"answers_list": True}, "'answers' must be a mapping"),
    ],
)
def test_bad_documents_are_refused_with_the_reason(
    mini: Questionnaire, complete_answers: dict[str, Any], extra: dict[str, Any], message: str
) -> None:
    extra = dict(extra)
    answers: Any = ["eb_sponsor"] if extra.pop("answers_list", False) else complete_answers
    with pytest.raises(ReportInputError, match=message):
        report_input(mini, _document(answers, **extra))
