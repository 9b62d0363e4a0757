"""A rule's prerequisites (``after``) and a Large rule's ``first_step``: what loads, and the
load-time errors with file and line (unknown ids, a rule after itself, cycles)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assessment.engine import DefinitionError, Issue, load_bank, load_questionnaire

from .builders import build, line_of, rule, section, yes_no


def questionnaire(tmp_path: Path, *rules: dict[str, Any]) -> Path:
    return build(
        tmp_path / "after", [section("sa", "a", [yes_no("sponsor"), yes_no("kpis")])],
        rules=list(rules),
    )


def issues_of(folder: Path) -> list[Issue]:
    with pytest.raises(DefinitionError) as caught:
        load_questionnaire(folder)
    return caught.value.issues


def rules_text(folder: Path) -> str:
    return (folder / "rules.yaml").read_text(encoding="utf-8")


def test_prerequisites_and_a_first_step_load(tmp_path: Path) -> None:
    folder = questionnaire(
        tmp_path,
        rule("A-1", "a", "sponsor == 'no'"),
        rule("A-2", "a", "kpis == 'no'", after=["A-1"], effort="L",
             first_step={"en": "Agree who drafts the KPIs"}),
    )
    q = load_questionnaire(folder)
    assert q.rule("A-2").after == ["A-1"]
    assert q.rule("A-2").first_step == {"en": "Agree who drafts the KPIs"}
    assert q.rule("A-1").after == [] and q.rule("A-1").first_step is None


def test_an_unknown_prerequisite_is_reported_at_its_line(tmp_path: Path) -> None:
    folder = questionnaire(
        tmp_path,
        rule("A-1", "a", "sponsor == 'no'"),
        rule("A-2", "a", "kpis == 'no'", after=["A-1", "A-9"]),
    )
    [issue] = issues_of(folder)
    assert issue.message == "rule A-2: unknown rule 'A-9' in after"
    assert issue.line == line_of(rules_text(folder), "- A-9")
    assert issue.file.endswith("rules.yaml")


def test_a_rule_after_itself_is_reported(tmp_path: Path) -> None:
    folder = questionnaire(tmp_path, rule("A-1", "a", "sponsor == 'no'", after=["A-1"]))
    [issue] = issues_of(folder)
    assert issue.message == "rule A-1: lists itself in after"
    assert issue.line == line_of(rules_text(folder), "- A-1")


def test_a_cycle_of_prerequisites_is_reported_once_with_its_path(tmp_path: Path) -> None:
    folder = questionnaire(
        tmp_path,
        rule("A-1", "a", "sponsor == 'no'", after=["A-3"]),
        rule("A-2", "a", "kpis == 'no'", after=["A-1"]),
        rule("A-3", "a", "kpis == 'no'", after=["A-2"]),
    )
    [issue] = issues_of(folder)
    # found from A-1: A-1 needs A-3, A-3 needs A-2, and A-2's `after: [A-1]` closes it
    assert issue.message == "rule A-2: prerequisites form a cycle: A-1 → A-3 → A-2 → A-1"
    text = rules_text(folder)
    start = text.index("id: A-2")
    assert issue.line == line_of(text, "id: A-2") + line_of(text[start:], "- A-1") - 1


def test_first_step_only_on_a_large_rule(tmp_path: Path) -> None:
    folder = questionnaire(
        tmp_path, rule("A-1", "a", "sponsor == 'no'", effort="M", first_step={"en": "Start"})
    )
    [issue] = issues_of(folder)
    assert issue.message == "rule A-1: first_step is only for a rule of effort L"
    assert issue.line == line_of(rules_text(folder), "first_step:")


def test_a_first_step_needs_every_language(tmp_path: Path) -> None:
    folder = questionnaire(
        tmp_path, rule("A-1", "a", "sponsor == 'no'", effort="L", first_step={"nl": "Begin"})
    )
    messages = [issue.message for issue in issues_of(folder)]
    assert any("first_step" in m and "unknown language nl" in m for m in messages), messages


def test_the_bank_declares_prerequisites_and_first_steps() -> None:
    bank = load_bank().get("commerce-readiness")
    assert "EB-01" in bank.rule("EB-05").after  # a sponsor before the KPIs
    large = [r for r in bank.rules if r.effort == "L"]
    assert large and all(r.first_step is not None for r in large)
    assert all(set(r.first_step or {}) == set(bank.languages) for r in large)
