"""The roadmap: the findings' actions placed on a timeline relative to the planned go-live.

Every plan has three timed phases and an open-ended fourth. Their span follows the answer
to ``pr_launch_timeframe``: a launch within 3 months gets weeks 1-4, 5-8 and 9-12, then
"after launch"; a launch in 3 to 6 or 6 to 12 months gets month-based phases up to launch,
then "after launch"; a shop already live, a launch later than a year or not decided, or an
unknown answer gets days 1-30, 31-60 and 61-90 from today, then "after day 90".

Where an action goes, stated once:
- it wants to start: high severity in the first phase; medium in the first when small
  (a quick win), else the second; low in the third (a 90-day plan) or after launch;
- it never starts before its prerequisites (the rule's ``after``) are finished: it starts in
  the phase after theirs, unless that would carry a high or medium action past launch (or
  past day 90): then it shares its prerequisite's last phase and is listed after it;
- a prerequisite is at least as urgent as the actions waiting for it;
- nothing waits for an empty first phase: if no action starts there, all but the
  open-ended phase's move earlier together; when every action could wait until after
  launch, there is nothing else to do first, so they are planned from now like a 90-day plan;
- a Large action starts with its first concrete step (the rule's ``first_step``, or
  "plan and staff" it) and does the rest in the next phase: it never sits whole in a phase
  that has a next one before its deadline.
Within a phase, actions follow severity, then effort, then rule order, prerequisites first.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

SEVERITY_WEIGHT = {"high": 0, "medium": 1, "low": 2}
EFFORT_WEIGHT = {"S": 0, "M": 1, "L": 2}
LAST = 3  # the open-ended phase: after launch, or after day 90
BEFORE_LAUNCH = 2  # the last phase high and medium actions may be planned in

# pr_launch_timeframe answer -> the kind of plan
HORIZONS = {
    "within_3_months": "weeks",
    "months_3_6": "months_3_6",
    "months_6_12": "months_6_12",
    "live": "today",
    "later": "today",
}


class Plannable(Protocol):
    """What the plan needs to know of a finding."""

    @property
    def id(self) -> str: ...

    @property
    def severity(self) -> str: ...

    @property
    def effort(self) -> str: ...

    @property
    def owner(self) -> str: ...


T = TypeVar("T", bound=Plannable)


@dataclass(frozen=True)
class Step(Generic[T]):
    """An action in a phase: a finding's whole action, a Large one's first step, or its rest.

    ``text`` is the first step's words (``part == "start"``), else empty: the finding's
    title names the action. ``after``: ids of the prerequisites in this plan.
    """

    finding: T
    part: str  # "whole" | "start" | "rest"
    text: str = ""
    after: tuple[str, ...] = ()

    @property
    def quick_win(self) -> bool:
        """A small action: done within days."""
        return self.part == "whole" and self.finding.effort == "S"


@dataclass(frozen=True)
class Phase(Generic[T]):
    """One phase of the roadmap: its place (0-3), label, and actions in order."""

    index: int
    label: str
    items: tuple[Step[T], ...]

    @property
    def open_ended(self) -> bool:
        """The last phase: after launch, or after day 90."""
        return self.index == LAST

    @property
    def quick_wins(self) -> int:
        """How many of its actions are small ones."""
        return sum(1 for step in self.items if step.quick_win)


@dataclass(frozen=True)
class Roadmap(Generic[T]):
    """The whole plan: what it is relative to, an introduction, and its four phases."""

    timeframe: str  # the pr_launch_timeframe answer, or "unknown"
    horizon: str  # "weeks" | "months_3_6" | "months_6_12" | "today"
    intro: str
    phases: tuple[Phase[T], ...]  # all four, empty ones included (the timeline's columns)

    @property
    def shown(self) -> tuple[Phase[T], ...]:
        """The phases that hold an action: an empty phase is never printed."""
        return tuple(phase for phase in self.phases if phase.items)

    @property
    def launch_relative(self) -> bool:
        """Whether the phases count towards a planned go-live (else: from today)."""
        return self.horizon != "today"

    @property
    def steps(self) -> tuple[Step[T], ...]:
        """Every step, phase by phase."""
        return tuple(step for phase in self.phases for step in phase.items)


@dataclass(frozen=True)
class Placement:
    """Where one finding's action goes: its start phase and (Large split) its end phase."""

    start: int
    end: int
    split: bool


def horizon_of(timeframe: str | None) -> str:
    """The kind of plan for a ``pr_launch_timeframe`` answer (anything unknown: from today)."""
    return HORIZONS.get(timeframe or "", "today")


def _wanted(severity: str, effort: str, launch_relative: bool) -> int:
    if severity == "high" or (severity == "medium" and effort == "S"):
        return 0
    if severity == "medium":
        return 1
    return LAST if launch_relative else BEFORE_LAUNCH


def _deadline(severity: str) -> int:
    return LAST if severity == "low" else BEFORE_LAUNCH


def _order(findings: Sequence[T], after: Mapping[str, Sequence[str]]) -> list[T]:
    """Prerequisites first; otherwise by severity, effort and the given order (stable)."""
    index = {f.id: i for i, f in enumerate(findings)}
    needs = {f.id: [p for p in after.get(f.id, ()) if p in index and p != f.id] for f in findings}
    waiting = {f.id: len(set(needs[f.id])) for f in findings}
    dependents: dict[str, list[str]] = {f.id: [] for f in findings}
    for fid, prerequisites in needs.items():
        for p in set(prerequisites):
            dependents[p].append(fid)

    def key(f: T) -> tuple[int, int, int]:
        return SEVERITY_WEIGHT[f.severity], EFFORT_WEIGHT[f.effort], index[f.id]

    by_id = {f.id: f for f in findings}
    ready = [(key(f), f.id) for f in findings if waiting[f.id] == 0]
    heapq.heapify(ready)
    ordered: list[T] = []
    while ready:
        _, fid = heapq.heappop(ready)
        ordered.append(by_id[fid])
        for other in dependents[fid]:
            waiting[other] -= 1
            if waiting[other] == 0:
                heapq.heappush(ready, (key(by_id[other]), other))
    placed = {f.id for f in ordered}  # a cycle (refused by the validator) keeps rule order
    return ordered + [f for f in findings if f.id not in placed]


def place(
    findings: Sequence[T], after: Mapping[str, Sequence[str]], launch_relative: bool
) -> tuple[list[T], dict[str, Placement]]:
    """Each finding's placement, and the findings in plan order (see the module rules)."""
    ordered = _order(findings, after)
    present = {f.id for f in findings}
    needs = {f.id: [p for p in after.get(f.id, ()) if p in present and p != f.id] for f in findings}
    wanted = {f.id: _wanted(f.severity, f.effort, launch_relative) for f in findings}
    deadline = {f.id: _deadline(f.severity) for f in findings}
    for f in reversed(ordered):  # a prerequisite is as urgent as what waits for it
        for p in needs[f.id]:
            wanted[p] = min(wanted[p], wanted[f.id])
            deadline[p] = min(deadline[p], deadline[f.id])
    placements: dict[str, Placement] = {}
    for f in ordered:
        ends = [placements[p].end for p in needs[f.id] if p in placements]
        start = max([wanted[f.id], *(end + 1 for end in ends)])
        if start > deadline[f.id]:
            start = max([deadline[f.id], *ends])
        start = min(start, LAST)
        split = f.effort == "L" and start < deadline[f.id]
        placements[f.id] = Placement(start, start + 1 if split else start, split)
    if launch_relative and all(p.start == LAST for p in placements.values()):
        return place(findings, after, launch_relative=False)  # nothing else to do: now
    return ordered, _compact(placements)


def _compact(placements: dict[str, Placement]) -> dict[str, Placement]:
    """Nothing waits for an empty first phase: when no action starts there, every action
    before the open-ended phase moves earlier by the same number of phases (which keeps
    each prerequisite ahead of what waits for it)."""
    starts = [p.start for p in placements.values() if p.start < LAST]
    shift = min(starts, default=0)
    if not shift:
        return placements
    return {
        fid: Placement(p.start - shift, p.end - shift, p.split) if p.start < LAST else p
        for fid, p in placements.items()
    }


def roadmap(
    findings: Sequence[T],
    *,
    timeframe: str | None,
    after: Mapping[str, Sequence[str]],
    first_steps: Mapping[str, str],
    gettext: Callable[[str], str],
) -> Roadmap[T]:
    """The roadmap of ``findings`` for a ``pr_launch_timeframe`` answer, in one language.

    ``after``: prerequisite ids per finding id; ``first_steps``: a Large finding's first
    concrete step, in the report's language (missing: "Plan and staff: <title>", added by
    the template).
    """
    horizon = horizon_of(timeframe)
    ordered, placements = place(findings, after, horizon != "today")
    present = {f.id for f in findings}
    slots: list[list[Step[T]]] = [[] for _ in range(LAST + 1)]
    for f in ordered:
        where = placements[f.id]
        prerequisites = tuple(p for p in after.get(f.id, ()) if p in present and p != f.id)
        if where.split:
            slots[where.start].append(Step(f, "start", first_steps.get(f.id, ""), prerequisites))
            slots[where.end].append(Step(f, "rest"))
        else:
            slots[where.start].append(Step(f, "whole", after=prerequisites))
    labels = phase_labels(horizon, gettext)
    phases = tuple(Phase(i, labels[i], tuple(items)) for i, items in enumerate(slots))
    known = timeframe if timeframe in HORIZONS else "unknown"
    return Roadmap(known, horizon, plan_intro(known, gettext), phases)


def phase_labels(horizon: str, gettext: Callable[[str], str]) -> tuple[str, str, str, str]:
    """The four phase names of a kind of plan, in the report's language."""
    _ = gettext
    if horizon == "weeks":
        return _("Weeks 1–4"), _("Weeks 5–8"), _("Weeks 9–12"), _("After launch")
    if horizon == "months_3_6":
        return _("Month 1"), _("Months 2 and 3"), _("Until launch"), _("After launch")
    if horizon == "months_6_12":
        return _("Months 1–3"), _("Months 4–6"), _("Until launch"), _("After launch")
    return _("Days 1–30"), _("Days 31–60"), _("Days 61–90"), _("After day 90")


def plan_intro(timeframe: str, gettext: Callable[[str], str]) -> str:
    """What the phases are relative to, as one sentence."""
    _ = gettext
    return {
        "within_3_months": _(
            "Go-live is planned within 3 months: the work before launch is planned in "
            "four-week phases, and what can wait follows after launch."
        ),
        "months_3_6": _(
            "Go-live is planned in 3 to 6 months: the phases run up to launch, and what can "
            "wait follows after launch."
        ),
        "months_6_12": _(
            "Go-live is planned in 6 to 12 months: the phases run up to launch, and what can "
            "wait follows after launch."
        ),
        "live": _(
            "The shop is already live: the plan covers the next 90 days from today, and what "
            "can wait follows after that."
        ),
        "later": _(
            "Go-live is more than a year away or not decided yet: the plan covers the next "
            "90 days from today."
        ),
    }.get(timeframe, _("The planned go-live date is not known: the plan covers the next 90 "
                       "days from today."))


class _Rules(Protocol):
    """The questionnaire, as far as the roadmap reads it (``assessment.engine.Questionnaire``)."""

    @property
    def rules(self) -> Sequence[Any]: ...

    def text(self, mapping: Mapping[str, str] | None, lang: str) -> str: ...


TIMEFRAME_QUESTION = "pr_launch_timeframe"


def questionnaire_roadmap(
    q: _Rules,
    answers: Mapping[str, Any],
    findings: Sequence[T],
    lang: str,
    gettext: Callable[[str], str],
) -> Roadmap[T]:
    """The roadmap with the rules' prerequisites and first steps and the client's go-live."""
    rules = {rule.id: rule for rule in q.rules}
    timeframe = answers.get(TIMEFRAME_QUESTION)
    return roadmap(
        findings,
        timeframe=timeframe if isinstance(timeframe, str) else None,
        after={fid: tuple(rule.after) for fid, rule in rules.items() if rule.after},
        first_steps={
            fid: q.text(rule.first_step, lang) for fid, rule in rules.items() if rule.first_step
        },
        gettext=gettext,
    )
