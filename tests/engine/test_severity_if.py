"""Severity by time to go-live: ``severity_if`` on a rule, its load-time checks, its effect on
the finding and the band cap, and fixtures that assert a finding's severity."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assessment.engine import DefinitionError, Issue, Result, evaluate, load_questionnaire
from assessment.engine.fixtures import run_fixture

from .builders import build, choice, line_of, rule, section, yes_no

LAUNCH = choice("launch", {"within_3_months": None, "within_12_months": None, "later": None})
URGENT = {"when": "launch == 'within_3_months'", "severity": "high"}
SOON = {"when": "launch in ['within_3_months', 'within_12_months']", "severity": "medium"}


def questionnaire(tmp_path: Path, *rules: dict[str, Any], **named: str) -> Path:
    """Profile (launch), area a (sponsor, plan) and the given rules."""
    return build(
        tmp_path / "sev",
        [
            section("profile", "profile", [LAUNCH]),
            section("sa", "a", [yes_no("sponsor"), yes_no("plan")]),
        ],
        rules=list(rules),
        conditions=named or None,
    )


def gap(**extra: Any) -> dict[str, Any]:
    """A rule firing when there is no sponsor, low unless severity_if says otherwise."""
    return rule("A-1", "a", "sponsor == 'no'", **{"severity": "low", **extra})


def severity(result: Result, rule_id: str = "A-1") -> str:
    return next(f.severity for f in result.findings if f.rule == rule_id)


def issues_of(folder: Path) -> list[Issue]:
    with pytest.raises(DefinitionError) as caught:
        load_questionnaire(folder)
    return caught.value.issues


def only_issue(folder: Path) -> Issue:
    issues = issues_of(folder)
    assert len(issues) == 1, "\n".join(map(str, issues))
    return issues[0]


@pytest.mark.parametrize(
    ("launch", "expected"),
    [
        ("within_3_months", "high"),
        ("within_12_months", "medium"),
        ("later", "low"),
        ("dont_know", "low"),
        (None, "low"),
    ],
)
def test_the_first_severity_if_that_definitely_holds_sets_the_severity(
    tmp_path: Path, launch: str | None, expected: str
) -> None:
    q = load_questionnaire(questionnaire(tmp_path, gap(severity_if=[URGENT, SOON])))
    answers: dict[str, Any] = {"sponsor": "no", "plan": "yes"}
    if launch is not None:
        answers["launch"] = launch
    assert severity(evaluate(q, answers)) == expected


def test_the_resolved_severity_survives_the_stored_result(tmp_path: Path) -> None:
    q = load_questionnaire(questionnaire(tmp_path, gap(severity_if=[URGENT])))
    result = evaluate(q, {"launch": "within_3_months", "sponsor": "no", "plan": "yes"})
    again = Result.from_dict(result.to_dict())
    assert severity(again) == "high"
    assert result.to_json("en")["findings"][0]["severity"] == "high"


def test_a_cap_applies_only_when_the_resolved_severity_is_high(tmp_path: Path) -> None:
    q = load_questionnaire(
        questionnaire(tmp_path, gap(severity="medium", severity_if=[URGENT], caps_band="red"))
    )
    soon = evaluate(q, {"launch": "within_3_months", "sponsor": "no", "plan": "yes"})
    later = evaluate(q, {"launch": "later", "sponsor": "no", "plan": "yes"})
    assert (soon.areas["a"].band, soon.areas["a"].capped_by) == ("red", ("A-1",))
    assert soon.findings[0].caps_band == "red"
    assert later.areas["a"].band == later.areas["a"].uncapped_band == "amber"
    assert later.areas["a"].capped_by == ()
    assert later.findings[0].caps_band is None


def test_a_named_condition_may_set_the_severity(tmp_path: Path) -> None:
    entry = {"when": "launch_close", "severity": "high"}
    folder = questionnaire(
        tmp_path, gap(severity_if=[entry]), launch_close="launch == 'within_3_months'"
    )
    q = load_questionnaire(folder)
    assert severity(evaluate(q, {"launch": "within_3_months", "sponsor": "no"})) == "high"


def test_caps_band_needs_some_high_severity(tmp_path: Path) -> None:
    folder = questionnaire(tmp_path, gap(severity="medium", severity_if=[SOON], caps_band="red"))
    issue = only_issue(folder)
    assert issue.line == line_of((folder / "rules.yaml").read_text(), "caps_band: red")
    assert "only a high-severity rule may cap a band" in issue.message


def test_an_unknown_question_in_severity_if_is_reported_at_its_line(tmp_path: Path) -> None:
    folder = questionnaire(
        tmp_path, gap(severity_if=[{"when": "go_live == 'soon'", "severity": "high"}])
    )
    issue = only_issue(folder)
    assert issue.line == line_of((folder / "rules.yaml").read_text(), "go_live == 'soon'")
    assert issue.message.startswith("severity_if[0] of rule A-1: unknown question 'go_live'")


def test_an_unknown_choice_in_severity_if_is_reported(tmp_path: Path) -> None:
    folder = questionnaire(
        tmp_path, gap(severity_if=[{"when": "launch == 'tomorrow'", "severity": "high"}])
    )
    issue = only_issue(folder)
    assert "severity_if[0] of rule A-1" in issue.message and "'tomorrow'" in issue.message


def test_a_severity_if_that_can_never_hold_when_the_rule_fires_is_reported(
    tmp_path: Path,
) -> None:
    never = {"when": "sponsor == 'yes'", "severity": "high"}
    folder = questionnaire(tmp_path, gap(severity_if=[URGENT, never]))
    issue = only_issue(folder)
    assert issue.line == line_of((folder / "rules.yaml").read_text(), "sponsor == 'yes'")
    assert "severity_if[1] of rule A-1 never applies" in issue.message


def test_a_bad_severity_value_is_a_shape_error(tmp_path: Path) -> None:
    folder = questionnaire(tmp_path, gap(severity_if=[{"when": "true", "severity": "urgent"}]))
    issues = issues_of(folder)
    assert any("severity_if[0].severity" in issue.message for issue in issues), issues


def write_fixture(folder: Path, launch: str, severities: str) -> Path:
    path = folder / "fixtures" / f"{launch}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(
        f"name: {launch}\nanswers: {{launch: {launch}, sponsor: 'no', plan: 'yes'}}\n"
        f"expect:\n  findings: [A-1]\n  severities: {severities}\n",
        encoding="utf-8",
    )
    return path


def test_a_fixture_asserts_the_severity_of_a_finding(tmp_path: Path) -> None:
    folder = questionnaire(tmp_path, gap(severity_if=[URGENT, SOON]))
    q = load_questionnaire(folder)
    assert run_fixture(q, write_fixture(folder, "within_3_months", "{A-1: high}")).passed
    assert run_fixture(q, write_fixture(folder, "within_12_months", "{A-1: medium}")).passed
    failed = run_fixture(q, write_fixture(folder, "later", "{A-1: high}"))
    assert failed.problems == ["severity of A-1: expected high, got low"]


def test_a_fixture_severity_must_be_of_an_expected_finding(tmp_path: Path) -> None:
    folder = questionnaire(tmp_path, gap(), rule("A-2", "a", "plan == 'no'"))
    q = load_questionnaire(folder)
    outcome = run_fixture(q, write_fixture(folder, "later", "{A-2: low}"))
    assert len(outcome.problems) == 1
    assert "severity of 'A-2', which is not among the expected findings" in outcome.problems[0]
    assert outcome.problems[0].endswith(
        "later.yaml:5: severity of 'A-2', which is not among the expected findings"
    )
