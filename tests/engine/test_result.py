"""Result: the `score --json` shape, language choice, and the to_dict/from_dict round trip."""

from __future__ import annotations

import json
from typing import Any

import pytest

from assessment.engine import Questionnaire, Result, evaluate

ANSWERS = {
    "org_size": "small",
    "business_model": ["b2b"],
    "peak_orders_per_day": 500,
    "sponsor": "no",
    "checkpoints": "dont_know",
    "kpis": ["revenue", "roi"],
    "packing_per_hour": 20,
    "shift_hours": 8,
    "stock_accuracy": 95,
    "b2b_portal": "yes",
}


@pytest.fixture
def result(mini: Questionnaire) -> Result:
    return evaluate(mini, ANSWERS)


def test_json_shape_has_the_contract_keys(result: Result) -> None:
    data = result.to_json("en")
    assert {"overall", "areas", "findings"} <= set(data)
    assert {"score", "band"} <= set(data["overall"])
    for area in data["areas"].values():
        assert {"score", "level", "band", "confidence", "answered", "applicable"} <= set(area)
    for finding in data["findings"]:
        assert {"rule", "area", "severity", "title", "recommendation", "owner", "sources"} <= set(
            finding
        )
    json.dumps(data)  # serialisable as is


def test_json_values(result: Result) -> None:
    data = result.to_json("en")
    assert data["overall"] == {"score": 38, "band": "red", "level": 2}
    assert data["areas"]["leadership"] == {
        "score": 20,
        "level": 2,
        "band": "red",
        "confidence": 0.67,
        "answered": 2,
        "applicable": 3,
        "dont_know": 1,
        "not_applicable": 0,
        "unanswered": 0,
        "capped_by": [],
        "uncapped_band": "red",
    }
    assert [f["rule"] for f in data["findings"]] == ["LD-1", "LD-2", "OP-1"]
    first = data["findings"][0]
    assert first["title"] == "No executive sponsor" and first["recommendation"] == "Name a sponsor."
    assert first["owner"] == "sponsor" and first["owner_name"] == "Executive sponsor"
    assert first["sources"] == ["KS-1"] and first["effort"] == "S" and first["caps_band"] == "red"
    assert data["questionnaire"]["id"] == "mini" and data["questionnaire"]["version"] == "1.2.0"


def test_texts_follow_the_language_with_default_fallback(result: Result) -> None:
    assert result.to_json("nl")["findings"][0]["title"] == "Geen sponsor"
    assert result.to_json("sv")["findings"][0]["title"] == "No executive sponsor"


def test_round_trip_through_json(result: Result) -> None:
    stored = json.loads(json.dumps(result.to_dict()))
    again = Result.from_dict(stored)
    assert again == result
    assert again.to_json("nl") == result.to_json("nl")


def test_round_trip_keeps_capped_by_and_none_scores(mini: Questionnaire) -> None:
    answers: dict[str, Any] = {"org_size": "micro", "sponsor": "no", "kpis": ["roi"]}
    result = evaluate(mini, answers)
    assert result.areas["operations"].score is None
    assert Result.from_dict(json.loads(json.dumps(result.to_dict()))) == result


def test_from_dict_refuses_an_unknown_format(result: Result) -> None:
    data = result.to_dict() | {"format": 99}
    with pytest.raises(ValueError, match="unsupported result format 99"):
        Result.from_dict(data)
