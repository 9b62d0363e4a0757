"""Severities by the time left to go-live (issue 10): the bank's ``severity_if`` entries.

Gaps in work that takes months before launch (back-office plan, integrations, testing, the
warehouse in launch planning, an unknown peak) are high, and medium when go-live is 6 to 12
months away or later. Launch preparation that is normally finished close to go-live (the peak
rehearsal, customer-service staffing) is medium, and high within 3 months. A live shop or an
unknown launch date keeps the rule's own severity. The twin fixtures launch_in_3_months and
launch_in_12_months show the difference on otherwise identical answers.
"""

from __future__ import annotations

from typing import Any

import pytest

from assessment.engine import Questionnaire, check_answers, evaluate, load_bank
from assessment.engine.bank import DEFAULT_ROOT
from assessment.engine.fixtures import FixtureFile
from assessment.engine.yamlsource import load_yaml

BANK = DEFAULT_ROOT / "commerce-readiness"
DK = "dont_know"
UNANSWERED = None
TIMEFRAMES = ("live", "within_3_months", "months_3_6", "months_6_12", "later", DK, UNANSWERED)

# Answers that fire each time-sensitive rule on their own.
FIRES: dict[str, dict[str, Any]] = {
    "BO-03": {"bo_backoffice_changes": "yes", "bo_backoffice_plan": "estimated"},
    "BO-04": {"bo_oms_integration": "identified"},
    "BO-07": {"bo_testing": "ad_hoc"},
    "WH-04": {"wh_peak_rehearsal": "planned"},
    "WH-05": {"wh_launch_planning": "informed"},
    "WH-10": {"peak_orders_per_day": DK},
    "CS-06": {"cs_capacity": "usual_team"},
}
URGENT_WORK = ("BO-03", "BO-04", "BO-07", "WH-05", "WH-10")  # high unless 6+ months away
LATE_PREPARATION = ("WH-04", "CS-06")  # medium unless within 3 months


def expected_severity(rule: str, timeframe: str | None) -> str:
    if rule in URGENT_WORK:
        return "medium" if timeframe in ("months_6_12", "later") else "high"
    return "high" if timeframe == "within_3_months" else "medium"


@pytest.fixture(scope="module")
def bank() -> Questionnaire:
    assert BANK.is_dir(), f"the question bank is missing: {BANK}"
    return load_bank().get("commerce-readiness")


def severities(bank: Questionnaire, answers: dict[str, Any]) -> dict[str, str]:
    assert check_answers(bank, answers) == [], "invalid test answers"
    return {f.rule: f.severity for f in evaluate(bank, answers).findings}


def test_exactly_the_time_sensitive_rules_read_the_launch_date_for_their_severity(
    bank: Questionnaire,
) -> None:
    timed = {rule.id for rule in bank.rules if rule.severity_if}
    assert timed == set(FIRES)
    for rule in bank.rules:
        for entry in rule.severity_if:
            assert "pr_launch_timeframe" in entry.when, rule.id


@pytest.mark.parametrize("rule", sorted(FIRES))
@pytest.mark.parametrize("timeframe", TIMEFRAMES, ids=lambda t: str(t))
def test_severity_by_time_to_go_live(bank: Questionnaire, rule: str, timeframe: str | None) -> None:
    answers = dict(FIRES[rule])
    if timeframe is not UNANSWERED:
        answers["pr_launch_timeframe"] = timeframe
    found = severities(bank, answers)
    assert rule in found, f"{rule} does not fire on its answers"
    assert found[rule] == expected_severity(rule, timeframe)


def _fixture(name: str) -> FixtureFile:
    return FixtureFile.model_validate(load_yaml(BANK / "fixtures" / f"{name}.yaml").data)


def test_the_twin_launch_fixtures_differ_only_in_the_launch_date() -> None:
    soon, later = _fixture("launch_in_3_months"), _fixture("launch_in_12_months")
    differing = {
        qid for qid in soon.answers.keys() | later.answers.keys()
        if soon.answers.get(qid) != later.answers.get(qid)
    }
    assert differing == {"pr_launch_timeframe"}
    assert soon.answers["pr_launch_timeframe"] == "within_3_months"
    assert later.answers["pr_launch_timeframe"] == "months_6_12"
    assert soon.expect.findings == later.expect.findings
    changed = {
        r for r in soon.expect.findings
        if soon.expect.severities.get(r) != later.expect.severities.get(r)
    }
    assert changed == set(FIRES) - {"WH-10"}
    assert all(soon.expect.severities[r] == "high" for r in changed)
    assert all(later.expect.severities[r] == "medium" for r in changed)


def test_the_twin_launch_fixtures_evaluate_as_they_claim(bank: Questionnaire) -> None:
    soon = evaluate(bank, _fixture("launch_in_3_months").answers)
    later = evaluate(bank, _fixture("launch_in_12_months").answers)
    for area in ("back_office_integration", "warehouse_capacity"):
        # Same answers, same score: only the high severity near launch caps the band.
        assert soon.areas[area].score == later.areas[area].score
        assert soon.areas[area].uncapped_band == later.areas[area].band == "green"
        assert soon.areas[area].band == "amber" and soon.areas[area].capped_by
        assert later.areas[area].capped_by == ()
