"""The roadmap (reports.plan): phases relative to the planned go-live, prerequisites, Large
actions split into a first step and the rest, and no empty or falsely promising phase."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.plan import LAST, Roadmap, horizon_of, roadmap


@dataclass(frozen=True)
class Gap:
    id: str
    severity: str
    effort: str
    owner: str = "owner"
    owner_name: str = "Owner"
    title: str = "A gap"


def plan(
    gaps: Sequence[Gap],
    timeframe: str | None = "within_3_months",
    after: Mapping[str, Sequence[str]] | None = None,
    first_steps: Mapping[str, str] | None = None,
) -> Roadmap[Gap]:
    return roadmap(gaps, timeframe=timeframe, after=after or {}, first_steps=first_steps or {},
                   gettext=lambda text: text)


def where(result: Roadmap[Gap]) -> dict[str, list[tuple[int, str]]]:
    """finding id -> [(phase index, part)] in plan order."""
    found: dict[str, list[tuple[int, str]]] = {}
    for phase in result.phases:
        for step in phase.items:
            found.setdefault(step.finding.id, []).append((phase.index, step.part))
    return found


@pytest.mark.parametrize(
    ("timeframe", "labels", "intro"),
    [
        ("within_3_months", ("Weeks 1–4", "Weeks 5–8", "Weeks 9–12", "After launch"),
         "Go-live is planned within 3 months"),
        ("months_3_6", ("Month 1", "Months 2 and 3", "Until launch", "After launch"),
         "Go-live is planned in 3 to 6 months"),
        ("months_6_12", ("Months 1–3", "Months 4–6", "Until launch", "After launch"),
         "Go-live is planned in 6 to 12 months"),
        ("live", ("Days 1–30", "Days 31–60", "Days 61–90", "After day 90"),
         "The shop is already live"),
        ("later", ("Days 1–30", "Days 31–60", "Days 61–90", "After day 90"),
         "more than a year away"),
        ("dont_know", ("Days 1–30", "Days 31–60", "Days 61–90", "After day 90"),
         "The planned go-live date is not known"),
        (None, ("Days 1–30", "Days 31–60", "Days 61–90", "After day 90"),
         "The planned go-live date is not known"),
    ],
)
def test_phases_follow_the_launch_timeframe(
    timeframe: str | None, labels: tuple[str, ...], intro: str
) -> None:
    result = plan([Gap("A", "high", "S")], timeframe)
    assert tuple(phase.label for phase in result.phases) == labels
    assert result.intro.startswith(intro) or intro in result.intro
    assert result.launch_relative == (horizon_of(timeframe) != "today")


def test_urgent_work_first_what_can_wait_after_launch() -> None:
    gaps = [Gap("LOW", "low", "S"), Gap("MED-M", "medium", "M"), Gap("HIGH", "high", "M"),
            Gap("MED-S", "medium", "S")]
    placed = where(plan(gaps, "months_6_12"))
    assert placed == {"HIGH": [(0, "whole")], "MED-S": [(0, "whole")],
                      "MED-M": [(1, "whole")], "LOW": [(LAST, "whole")]}
    live = where(plan(gaps, "live"))
    assert live["LOW"] == [(2, "whole")]  # a 90-day plan has room for it before day 90


def test_an_action_never_starts_before_its_prerequisite_is_done() -> None:
    gaps = [Gap("KPI", "high", "S"), Gap("SPONSOR", "high", "S"), Gap("REVIEW", "high", "S")]
    result = plan(gaps, after={"KPI": ["SPONSOR"], "REVIEW": ["KPI"]})
    placed = where(result)
    assert placed == {"SPONSOR": [(0, "whole")], "KPI": [(1, "whole")], "REVIEW": [(2, "whole")]}
    assert [s.after for s in result.steps] == [(), ("SPONSOR",), ("KPI",)]


def test_a_chain_longer_than_the_time_to_launch_shares_the_last_phase_in_order() -> None:
    gaps = [Gap(f"G{i}", "high", "S") for i in range(5)]
    after = {f"G{i}": [f"G{i - 1}"] for i in range(1, 5)}
    result = plan(list(reversed(gaps)), after=after)
    last = [s.finding.id for s in result.phases[2].items]
    assert last == ["G2", "G3", "G4"]  # high work stays before launch, in dependency order
    assert not result.phases[LAST].items


def test_a_prerequisite_is_as_urgent_as_what_waits_for_it() -> None:
    gaps = [Gap("URGENT", "high", "S"), Gap("MINOR", "low", "S")]
    placed = where(plan(gaps, "months_3_6", after={"URGENT": ["MINOR"]}))
    assert placed == {"MINOR": [(0, "whole")], "URGENT": [(1, "whole")]}


def test_a_prerequisite_that_did_not_fire_does_not_hold_anything_back() -> None:
    placed = where(plan([Gap("KPI", "high", "S")], after={"KPI": ["SPONSOR"]}))
    assert placed == {"KPI": [(0, "whole")]}


def test_a_large_action_starts_with_its_first_step_and_does_the_rest_next() -> None:
    gaps = [Gap("BIG", "high", "L", title="Plan the integrations")]
    result = plan(gaps, first_steps={"BIG": "List every system"})
    assert where(result) == {"BIG": [(0, "start"), (1, "rest")]}
    assert result.phases[0].items[0].text == "List every system"
    assert result.phases[1].items[0].text == ""
    assert not any(step.quick_win for step in result.steps)


@pytest.mark.parametrize("timeframe", ["within_3_months", "months_3_6", "months_6_12", "live"])
@pytest.mark.parametrize("severity", ["high", "medium", "low"])
def test_a_large_action_never_sits_whole_in_the_first_phase(timeframe: str, severity: str) -> None:
    result = plan([Gap("BIG", severity, "L"), Gap("S", severity, "S")], timeframe)
    assert not [s for s in result.phases[0].items if s.finding.effort == "L" and s.part == "whole"]


def test_nothing_waits_for_an_empty_first_phase() -> None:
    result = plan([Gap("ONLY", "medium", "M")], "live")
    assert where(result) == {"ONLY": [(0, "whole")]}
    assert [phase.label for phase in result.shown] == ["Days 1–30"]


def test_when_everything_could_wait_for_launch_it_is_done_now_instead() -> None:
    result = plan([Gap("SMALL", "low", "S"), Gap("BIG", "low", "L")], "months_3_6")
    assert where(result) == {"SMALL": [(0, "whole")], "BIG": [(0, "start"), (1, "rest")]}
    assert result.phases[0].label == "Month 1"


def test_no_phase_promises_quick_wins_it_does_not_hold_and_empty_phases_are_not_shown() -> None:
    result = plan([Gap("A", "high", "M"), Gap("B", "medium", "M"), Gap("C", "low", "S")])
    assert [(p.label, p.quick_wins) for p in result.shown] == [
        ("Weeks 1–4", 0), ("Weeks 5–8", 0), ("After launch", 1)]
    assert all(phase.items for phase in result.shown)
    assert plan([]).shown == () and plan([]).steps == ()


GAPS = st.lists(
    st.tuples(st.sampled_from(["high", "medium", "low"]), st.sampled_from(["S", "M", "L"])),
    min_size=1, max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(GAPS, st.data(), st.sampled_from(["within_3_months", "months_6_12", "live", None]))
def test_any_plan_keeps_every_prerequisite_ahead(
    specs: list[tuple[str, str]], data: st.DataObject, timeframe: str | None
) -> None:
    gaps = [Gap(f"R{i}", severity, effort) for i, (severity, effort) in enumerate(specs)]
    after = {  # only earlier rules as prerequisites: no cycles, like a validated bank
        gap.id: data.draw(st.lists(st.sampled_from([g.id for g in gaps[:i]]), max_size=2))
        for i, gap in enumerate(gaps) if i
    }
    result = plan(gaps, timeframe, after)
    order = [(phase.index, n, step)
             for phase in result.phases for n, step in enumerate(phase.items)]
    first = {s.finding.id: (p, n) for p, n, s in reversed(order)}
    last = {s.finding.id: (p, n) for p, n, s in order}
    assert set(first) == {g.id for g in gaps}
    for gap in gaps:
        for prerequisite in after.get(gap.id, []):
            assert last[prerequisite] < first[gap.id], (gap.id, prerequisite, result.phases)
        if gap.severity != "low":
            assert last[gap.id][0] < LAST  # high and medium work is done before launch
        if gap.effort == "L":
            assert first[gap.id][0] > 0 or where(result)[gap.id][0][1] == "start"
    for phase in result.phases:
        assert phase.quick_wins == sum(1 for s in phase.items if s.finding.effort == "S")
