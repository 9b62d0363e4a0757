"""Exclusive choices of a multiple-choice question ("None of these"): definition checks, the
answer check (``exclusive_combined``) and what conditions may ask of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assessment.engine import DefinitionError, Issue, check_answers, load_bank, load_questionnaire

from .builders import build, choice, line_of, rule, section, t

CHOICES = [
    {"value": "status", "label": t("Status"), "points": 50},
    {"value": "tracking", "label": t("Tracking"), "points": 50},
    {"value": "none", "label": t("None of these"), "points": 0, "exclusive": True},
]


def seen(**extra: Any) -> dict[str, Any]:
    """A scored multiple-choice question whose last choice is exclusive."""
    return {
        "id": "seen",
        "type": "multiple_choice",
        "text": t("What can agents see?"),
        "sources": ["KS-1"],
        "choices": CHOICES,
        **extra,
    }


def folder_with(tmp_path: Path, question: dict[str, Any], *rules: dict[str, Any]) -> Path:
    return build(tmp_path / "excl", [section("sa", "a", [question])], rules=list(rules))


def issues_of(folder: Path) -> list[Issue]:
    with pytest.raises(DefinitionError) as caught:
        load_questionnaire(folder)
    return caught.value.issues


def only_issue(folder: Path) -> Issue:
    issues = issues_of(folder)
    assert len(issues) == 1, "\n".join(map(str, issues))
    return issues[0]


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        (["none"], None),
        (["status", "tracking"], None),
        (["status", "none"], "exclusive_combined"),
        (["none", "tracking", "status"], "exclusive_combined"),
        ("dont_know", None),
    ],
)
def test_an_exclusive_choice_is_never_combined(
    tmp_path: Path, answer: Any, code: str | None
) -> None:
    q = load_questionnaire(folder_with(tmp_path, seen()))
    errors = check_answers(q, {"seen": answer})
    assert [e.code for e in errors] == ([] if code is None else [code])
    if code is not None:
        assert errors[0].message == "'none' cannot be combined with other choices"


def test_exclusive_on_a_single_choice_question_is_reported_at_its_line(tmp_path: Path) -> None:
    question = choice("pick", {"a": 100, "b": 0})
    question["choices"][1]["exclusive"] = True
    folder = folder_with(tmp_path, question)
    issue = only_issue(folder)
    assert issue.line == line_of((folder / "sections" / "sa.yaml").read_text(), "exclusive: true")
    assert "exclusive applies only to choices of a multiple_choice question" in issue.message


def test_an_exclusive_choice_cannot_live_with_min_selected_over_one(tmp_path: Path) -> None:
    issue = only_issue(folder_with(tmp_path, seen(min_selected=2)))
    assert "an exclusive choice can never be selected when min_selected is over 1" in issue.message


def test_a_rule_asking_for_an_exclusive_choice_with_another_can_never_fire(
    tmp_path: Path,
) -> None:
    impossible = rule("A-1", "a", "'none' in seen and 'status' in seen")
    folder = folder_with(tmp_path, seen(), impossible)
    issue = only_issue(folder)
    assert "rule A-1 can never fire" in issue.message


def test_a_rule_asking_for_the_exclusive_choice_alone_is_fine(tmp_path: Path) -> None:
    fine = rule("A-1", "a", "'none' in seen")
    assert load_questionnaire(folder_with(tmp_path, seen(), fine)).rules[0].id == "A-1"


def test_the_bank_marks_none_of_these_exclusive() -> None:
    bank = load_bank().get("commerce-readiness")
    question = bank.questions["cs_visibility"]
    exclusive = [c.value for c in question.choices if c.exclusive]  # type: ignore[attr-defined]
    assert exclusive == ["none_of_these"]
    errors = check_answers(bank, {"cs_visibility": ["order_status", "none_of_these"]})
    assert [e.code for e in errors] == ["exclusive_combined"]
