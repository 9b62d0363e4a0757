"""The 30/60/90-day action plan: findings ordered into three phases by severity and effort.

The rule, stated once: a finding's priority is its severity weight plus its effort
weight (high 0, medium 1, low 2; S 0, M 1, L 2), with one exception — high-severity
findings always start in the first 30 days, however large, because leaving them
is what makes the launch unsafe. Otherwise priority 0-1 goes in the first 30 days,
2 in days 31-60, 3-4 in days 61-90. Within a phase, findings are ordered by
severity, then effort, then the order the rules came in (stable).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

PHASES = (30, 60, 90)
SEVERITY_WEIGHT = {"high": 0, "medium": 1, "low": 2}
EFFORT_WEIGHT = {"S": 0, "M": 1, "L": 2}


class Plannable(Protocol):
    """What the plan needs to know of a finding."""

    @property
    def severity(self) -> str: ...

    @property
    def effort(self) -> str: ...


T = TypeVar("T", bound=Plannable)


@dataclass(frozen=True)
class Phase(Generic[T]):
    """One phase of the plan: the day it ends by and its findings in order."""

    days: int
    items: tuple[T, ...]


def phase_of(severity: str, effort: str) -> int:
    """The phase (30, 60 or 90) a finding of this severity and effort starts in."""
    if severity == "high":
        return 30
    priority = SEVERITY_WEIGHT[severity] + EFFORT_WEIGHT[effort]
    if priority <= 1:
        return 30
    return 60 if priority == 2 else 90


def action_plan(findings: Sequence[T]) -> list[Phase[T]]:
    """Arrange findings into the three phases; every phase is present, even if empty."""
    ranked = sorted(
        enumerate(findings),
        key=lambda pair: (
            SEVERITY_WEIGHT[pair[1].severity], EFFORT_WEIGHT[pair[1].effort], pair[0]
        ),
    )
    phases: dict[int, list[T]] = {days: [] for days in PHASES}
    for _, finding in ranked:
        phases[phase_of(finding.severity, finding.effort)].append(finding)
    return [Phase(days, tuple(items)) for days, items in phases.items()]
