"""Routing: branching, hidden sections, area filters, progress, answers on paths not taken."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assessment.engine import Questionnaire, load_questionnaire, route

from .builders import build, choice, section, yes_no


def ids(found: Any) -> list[tuple[str, list[str]]]:
    return [(view.section.id, [q.id for q in view.questions]) for view in found.sections]


def test_everything_applies_for_a_large_b2b_organisation(mini: Questionnaire) -> None:
    found = route(mini, {"org_size": "large", "business_model": ["b2b"], "sponsor": "yes"})
    assert ids(found) == [
        ("profile", ["org_size", "business_model", "peak_orders_per_day", "notes"]),
        ("leadership", ["sponsor", "sponsor_involvement", "checkpoints", "kpis"]),
        ("operations", ["packing_per_hour", "shift_hours", "stock_accuracy", "b2b_portal"]),
    ]


def test_a_hidden_question_and_a_hidden_section(mini: Questionnaire) -> None:
    found = route(mini, {"org_size": "micro", "business_model": ["b2c"], "sponsor": "no"})
    assert ids(found) == [
        ("profile", ["org_size", "business_model", "peak_orders_per_day", "notes"]),
        ("leadership", ["sponsor", "checkpoints", "kpis"]),
    ]
    assert not found.applies("packing_per_hour") and found.applies("kpis")


def test_unknown_conditions_hide(mini: Questionnaire) -> None:
    """Nothing answered: org_size != 'micro' is unknown, so the section does not show yet."""
    found = route(mini, {})
    assert [view.section.id for view in found.sections] == ["profile", "leadership"]
    assert found.unanswered == [
        "org_size",
        "business_model",
        "peak_orders_per_day",
        "notes",
        "sponsor",
        "checkpoints",
        "kpis",
    ]
    assert found.missing_required == [q for q in found.unanswered if q != "notes"]
    assert (
        found.progress.answered == 0 and found.progress.total == 7 and found.progress.percent == 0
    )


def test_dont_know_hides_what_depends_on_the_answer(mini: Questionnaire) -> None:
    found = route(mini, {"org_size": "dont_know", "sponsor": "dont_know"})
    assert "sponsor_involvement" not in found.question_ids
    assert found.section("operations") is None


def test_progress_counts_dont_know_and_not_applicable_as_responses(mini: Questionnaire) -> None:
    answers = {
        "org_size": "small",
        "business_model": ["b2c"],
        "peak_orders_per_day": 10,
        "sponsor": "dont_know",
        "checkpoints": "not_applicable",
    }
    found = route(mini, answers)
    assert found.progress.answered == 5
    assert found.progress.total == 10  # 4 profile + 3 leadership + 3 operations (no b2b portal)
    assert found.progress.percent == 50
    assert not found.complete


def test_complete_when_every_required_question_is_answered(
    mini: Questionnaire, full_answers: dict[str, Any]
) -> None:
    del full_answers["notes"]  # optional
    found = route(mini, full_answers)
    assert found.complete and found.unanswered == ["notes"] and found.missing_required == []


def test_answers_on_paths_not_taken_are_dropped(
    mini: Questionnaire, full_answers: dict[str, Any]
) -> None:
    full_answers.update(org_size="micro", sponsor="no")
    found = route(mini, full_answers)
    kept = found.applicable_answers(full_answers)
    assert "sponsor_involvement" not in kept and "packing_per_hour" not in kept
    assert kept["sponsor"] == "no"
    assert list(kept) == [qid for qid in found.question_ids if qid in full_answers]
    assert set(kept) == set(found.question_ids) & set(full_answers)


def test_hidden_answers_never_drive_later_conditions(tmp_path: Path) -> None:
    """q3 depends on q2, which is hidden: q2's stored answer must not show q3."""
    folder = build(
        tmp_path / "q",
        [
            section(
                "s",
                "a",
                [
                    yes_no("q1"),
                    yes_no("q2", show_if="q1 == 'yes'"),
                    yes_no("q3", show_if="q2 == 'yes'"),
                ],
            )
        ],
    )
    questionnaire = load_questionnaire(folder)
    assert route(questionnaire, {"q1": "yes", "q2": "yes"}).question_ids == ["q1", "q2", "q3"]
    assert route(questionnaire, {"q1": "no", "q2": "yes"}).question_ids == ["q1"]


def test_invalid_answers_count_as_unanswered(mini: Questionnaire) -> None:
    found = route(mini, {"org_size": "huge", "sponsor": True, "kpis": "roi"})
    assert {"org_size", "sponsor", "kpis"} <= set(found.unanswered)
    assert found.section("operations") is None


def test_not_applicable_only_where_offered(mini: Questionnaire) -> None:
    found = route(mini, {"sponsor": "not_applicable", "checkpoints": "not_applicable"})
    assert "sponsor" in found.unanswered and "checkpoints" not in found.unanswered


def test_constraint_violations_count_as_unanswered(mini: Questionnaire) -> None:
    assert "peak_orders_per_day" in route(mini, {"peak_orders_per_day": 2_000_000}).unanswered
    assert "peak_orders_per_day" not in route(mini, {"peak_orders_per_day": 20}).unanswered


def test_area_filter_keeps_the_profile(mini: Questionnaire) -> None:
    found = route(mini, {"org_size": "large"}, areas=["operations"])
    assert [view.section.id for view in found.sections] == ["profile", "operations"]
    assert found.progress.total == 4 + 3
    assert route(mini, {"org_size": "micro"}, areas=["operations"]).question_ids == [
        "org_size",
        "business_model",
        "peak_orders_per_day",
        "notes",
    ]


def test_area_filter_rejects_unknown_areas(mini: Questionnaire) -> None:
    with pytest.raises(ValueError, match="unknown area\\(s\\): hr"):
        route(mini, {}, areas=["hr"])


def test_next_section_follows_definition_order(mini: Questionnaire) -> None:
    found = route(mini, {"org_size": "micro"})
    assert found.next_section() is not None and found.next_section().section.id == "profile"
    assert found.next_section("profile").section.id == "leadership"
    assert found.next_section("leadership") is None
    large = route(mini, {"org_size": "large"}, areas=["operations"])
    assert large.next_section("profile").section.id == "operations"
    assert large.next_section("leadership").section.id == "operations"  # not on this route


def test_sections_whose_questions_are_all_hidden_are_left_out(tmp_path: Path) -> None:
    folder = build(
        tmp_path / "q",
        [
            section("first", "a", [choice("size", {"s": 0, "l": 100})]),
            section("second", "a", [yes_no("only_large", show_if="size == 'l'")]),
        ],
    )
    questionnaire = load_questionnaire(folder)
    assert [v.section.id for v in route(questionnaire, {"size": "s"}).sections] == ["first"]
    assert [v.section.id for v in route(questionnaire, {"size": "l"}).sections] == [
        "first",
        "second",
    ]
