"""Rule values: numbers computed from the answers, put in a finding's texts in each language,
checked at load time, carried by the finding and through a stored result."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from assessment.engine import DefinitionError, Result, evaluate, load_questionnaire
from assessment.engine.rule_values import PlaceholderError, fill, format_value, placeholders

from .builders import build, choice, line_of, rule, section

BANK = Path(__file__).resolve().parents[2] / "questions" / "commerce-readiness"


def number(qid: str) -> dict[str, Any]:
    return {
        "id": qid,
        "type": "number",
        "scored": False,
        "text": {"en": "?"},
        "sources": ["KS-1"],
        "min": 0,
    }


SHORT = "peak - per_hour * hours"
CAPACITY_RULE = rule(
    "CAP",
    "a",
    "per_hour * hours < peak",
    values={"capacity": "per_hour * hours", "short": SHORT, "share": f"({SHORT}) / peak * 100"},
    explanation={"en": "{capacity} a day: {short} short, {share:percent} of the peak."},
    recommendation={"en": "Cover the {short:number} orders."},
)


def questionnaire(tmp_path: Path, *rules: dict[str, Any]) -> Path:
    return build(
        tmp_path / "values",
        [
            section(
                "sa",
                "a",
                [
                    choice("launch", {"soon": 0, "later": 100, "never": 50}),
                    number("per_hour"),
                    number("hours"),
                    number("peak"),
                ],
            )
        ],
        rules=list(rules),
    )


def finding(result: Result, rule_id: str) -> Any:
    return next(f for f in result.findings if f.rule == rule_id)


def test_values_are_computed_and_filled_in(tmp_path: Path) -> None:
    q = load_questionnaire(questionnaire(tmp_path, CAPACITY_RULE))
    found = finding(evaluate(q, {"per_hour": 60, "hours": 16, "peak": 1800}), "CAP")
    assert found.values == {"capacity": 960, "short": 840, "share": 46.6667}
    assert isinstance(found.values["short"], int)
    assert found.explanation["en"] == "960 a day: 840 short, 46.7% of the peak."
    assert format_value(found.values["share"], "percent", "fr") == "46,7\u00a0%"
    assert found.recommendation["en"] == "Cover the 840 orders."


def test_values_survive_the_stored_result_and_the_json_view(tmp_path: Path) -> None:
    q = load_questionnaire(questionnaire(tmp_path, CAPACITY_RULE))
    result = evaluate(q, {"per_hour": 60, "hours": 16, "peak": 1800})
    again = Result.from_dict(result.to_dict())
    assert finding(again, "CAP").values == finding(result, "CAP").values
    assert again.to_dict() == result.to_dict()
    assert result.to_json("en")["findings"][0]["values"]["short"] == 840


def test_an_unknown_value_uses_the_fallback_or_the_rule_stays_silent(tmp_path: Path) -> None:
    months = {"question": "launch", "map": {"soon": 3}}
    silent = rule(
        "SILENT",
        "a",
        "peak > 100",
        values={"months": months},
        explanation={"en": "Go-live within {months} months."},
    )
    spoken = rule(
        "SPOKEN",
        "a",
        "peak > 100",
        values={"months": months},
        explanation={"en": "Go-live within {months} months."},
        fallback={"explanation": {"en": "Go-live date unknown."}},
    )
    q = load_questionnaire(questionnaire(tmp_path, silent, spoken))
    soon = evaluate(q, {"peak": 500, "launch": "soon"})
    assert finding(soon, "SILENT").explanation["en"] == "Go-live within 3 months."
    assert finding(soon, "SPOKEN").values == {"months": 3}
    later = evaluate(q, {"peak": 500, "launch": "later"})  # a choice the map does not list
    assert "SILENT" not in later.finding_ids()
    assert finding(later, "SPOKEN").explanation["en"] == "Go-live date unknown."
    assert finding(later, "SPOKEN").values == {}
    dont_know = evaluate(q, {"peak": 500, "launch": "dont_know"})
    assert dont_know.finding_ids() == ["SPOKEN"]


def test_division_by_zero_is_an_unknown_value(tmp_path: Path) -> None:
    ratio = rule(
        "R",
        "a",
        "peak >= 0",
        values={"r": "per_hour / peak"},
        title={"en": "Ratio {r}"},
        fallback={"title": {"en": "Ratio unknown"}},
    )
    q = load_questionnaire(questionnaire(tmp_path, ratio))
    assert finding(evaluate(q, {"peak": 0, "per_hour": 5}), "R").title["en"] == "Ratio unknown"
    assert finding(evaluate(q, {"peak": 4, "per_hour": 5}), "R").title["en"] == "Ratio 1.2"


@pytest.mark.parametrize(
    ("extra", "snippet", "message"),
    [
        ({"explanation": {"en": "Short by {shortage}."}}, "Short by", "{shortage} names no value"),
        ({"title": {"en": "Broken {short"}}, "Broken", "not part of a placeholder"),
        ({"title": {"en": "{short:money}"}}, "{short:money}", "unknown format 'money'"),
        ({"values": {"short": "launch + 1"}}, "launch + 1", "needs a number"),
        ({"values": {"short": "per_hour > 1"}}, "per_hour > 1", "must be a number"),
        ({"values": {"short": "per_hour", "spare": "hours"}}, "spare:", "used by none"),
        (
            {"values": {"short": {"question": "peak", "map": {"a": 1}}}},
            "    short:",
            "not a single-choice question",
        ),
        ({"fallback": {"title": {"en": "No {short}"}}}, "No {short}", "cannot use {short}"),
    ],
)
def test_placeholder_and_value_errors_name_file_and_line(
    tmp_path: Path, extra: dict[str, Any], snippet: str, message: str
) -> None:
    base = rule("BAD", "a", "peak > 1", values={"short": "per_hour"}, title={"en": "Short {short}"})
    folder = questionnaire(tmp_path, {**base, **extra})
    with pytest.raises(DefinitionError) as raised:
        load_questionnaire(folder)
    issue = next(i for i in raised.value.issues if message in i.message)
    assert issue.file.endswith("rules.yaml")
    assert issue.line == line_of((folder / "rules.yaml").read_text(), snippet)


def test_a_placeholder_in_any_language_of_the_bank_is_checked(tmp_path: Path) -> None:
    copy = shutil.copytree(BANK, tmp_path / "bank")
    rules = copy / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    needle = "tekort van {shortfall} bestellingen"
    assert text.count(needle) == 1
    rules.write_text(text.replace(needle, "tekort van {tekort} bestellingen"), encoding="utf-8")
    with pytest.raises(DefinitionError) as raised:
        load_questionnaire(copy)
    [issue] = [i for i in raised.value.issues if "{tekort}" in i.message]
    assert "(nl)" in issue.message and "WH-01" in issue.message
    lines = rules.read_text(encoding="utf-8").splitlines()
    assert lines[issue.line - 1].strip() == "nl: >-"  # the Dutch text that holds it
    assert 0 < line_of(rules.read_text(encoding="utf-8"), "tekort van {tekort}") - issue.line < 4


def test_the_bank_states_the_warehouse_shortfall_in_every_language() -> None:
    q = load_questionnaire(BANK)
    answers = {
        "pr_launch_timeframe": "within_3_months",
        "peak_orders_per_day": 1800,
        "wh_packing_orders_per_hour": 60,
        "wh_labels_per_hour": 50,
        "wh_shift_hours": 16,
        "wh_stock_visibility": "daily",
        "wh_stock_accuracy": 92.5,
        "wh_peak_rehearsal": "planned",
        "ct_review_months": 18,
        "ct_complete_pages": 60,
        "cs_capacity": "usual_team",
        "cs_response_hours": 20,
    }
    result = evaluate(q, answers)
    packing = finding(result, "WH-01")
    assert packing.values["shortfall"] == 840 and packing.values["capacity"] == 960
    texts = packing.explanation
    assert "960" in texts["en"] and "1,800" in texts["en"] and "840" in texts["en"]
    assert "1.800" in texts["nl"] and "840" in texts["nl"] and "46,7%" in texts["nl"]
    assert "1\u202f800" in texts["fr"] and "46,7\u00a0%" in texts["fr"]
    assert "1\u00a0800" in texts["sv"] and "46,7\u00a0%" in texts["sv"]
    assert "840" in packing.recommendation["fr"]
    assert finding(result, "WH-02").values["shortfall"] == 1000
    assert "92.5%" in finding(result, "WH-07").explanation["en"]
    assert "within 3 months" in finding(result, "WH-04").explanation["en"]
    assert "20 werkuren" in finding(result, "CS-06").explanation["nl"]
    content = finding(result, "CT-04").explanation
    assert "18 mois" in content["fr"] and "60\u00a0%" in content["fr"]
    for f in result.findings:
        for field in (f.title, f.explanation, f.recommendation):
            assert not any("{" in text for text in field.values()), f.rule


def test_the_bank_falls_back_without_the_numbers() -> None:
    q = load_questionnaire(BANK)
    result = evaluate(
        q,
        {"ct_review_months": 18, "ct_complete_pages": "dont_know", "wh_stock_visibility": "manual"},
    )
    assert "less than once a year" in finding(result, "CT-04").explanation["en"]
    assert finding(result, "CT-04").values == {"review_months": 18}
    assert finding(result, "WH-07").values == {}


def test_formatting_and_placeholder_parsing() -> None:
    assert format_value(1800, "number", "en") == "1,800"
    assert format_value(1800, "number", "nl") == "1.800"
    assert format_value(2.5, "number", "sv") == "2,5"
    assert format_value(47, "percent", "en") == "47%"
    assert placeholders("{a} and {b:percent}") == [("a", "number"), ("b", "percent")]
    with pytest.raises(PlaceholderError):
        placeholders("a } b")
    assert fill("{a} of {b}", {"a": 1}, "en") is None
