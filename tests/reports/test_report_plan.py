"""The 30/60/90-day plan: which phase a finding starts in, and the order within a phase."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from reports.plan import action_plan, phase_of


@dataclass(frozen=True)
class Gap:
    id: str
    severity: str
    effort: str


@pytest.mark.parametrize(
    ("severity", "effort", "days"),
    [
        ("high", "S", 30), ("high", "M", 30), ("high", "L", 30),
        ("medium", "S", 30), ("medium", "M", 60), ("medium", "L", 90),
        ("low", "S", 60), ("low", "M", 90), ("low", "L", 90),
    ],
)
def test_phase_by_severity_and_effort(severity: str, effort: str, days: int) -> None:
    assert phase_of(severity, effort) == days


def test_every_phase_is_present_and_ordered_by_severity_then_effort_then_rule_order() -> None:
    gaps = [Gap("a", "medium", "S"), Gap("b", "high", "L"), Gap("c", "high", "S"),
            Gap("d", "low", "S"), Gap("e", "medium", "M"), Gap("f", "high", "S")]
    plan = action_plan(gaps)
    assert [phase.days for phase in plan] == [30, 60, 90]
    assert [g.id for g in plan[0].items] == ["c", "f", "b", "a"]
    assert [g.id for g in plan[1].items] == ["e", "d"]
    assert plan[2].items == ()


def test_an_empty_plan_has_three_empty_phases() -> None:
    assert [(p.days, p.items) for p in action_plan([])] == [(30, ()), (60, ()), (90, ())]
