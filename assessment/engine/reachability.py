"""Can a condition ever be definitely true? Used to reject questions that never show and
rules that never fire.

Every input the condition reads is given each state it can be in:

- a question: each real answer when there are few (choices, yes/no, small scales, small
  multiple choices), "answered with some value" otherwise, unanswered, and
  "dont_know"/"not_applicable" where offered; a question that can never show itself is only
  ever unanswered. A question read only through ``answered()``, ``dont_know()``,
  ``not_applicable()`` or ``dont_know_count()`` needs a single "answered" state;
- an area read by ``area_score``/``area_band`` (rules): no score, or a score in each band;
- a rule read by ``finding``: fired or not (only "not" when it can never fire itself).

The condition is evaluated for every combination, together with the section's show_if for a
question (a question in a section for large organisations that asks ``org_size == 'micro'``
never shows). A combination in which a question that is read has a response although its
own show_if (or its section's) is definitely false cannot happen, and is skipped. Kleene
logic is monotone, so an unknown result under "some value" may become true and counts as
reachable; only a condition that is never true is reported. Combinations beyond ``LIMIT``
are not enumerated: the condition is then assumed reachable.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assessment.engine.definition import BAND_ORDER
from assessment.engine.expressions import (
    ANSWERED,
    DONT_KNOW,
    NOT_APPLICABLE,
    Compiled,
    Env,
    Node,
    calls_in,
    names_in,
)
from assessment.engine.expressions.nodes import Call, Literal, Name, children
from assessment.engine.question_types import QuestionBase

LIMIT = 20_000
_SOME = object()  # answered with a value that is not enumerated
_UNREAD = object()  # answered, and the value is never read
State = tuple[str | None, Any]
Condition = tuple[Node, Compiled]
# Applies one state of an input to the environment; True when the state is vague.
Setter = Callable[[Env], bool]
_STATUS_FUNCTIONS = frozenset({"answered", "dont_know", "not_applicable", "dont_know_count"})


@dataclass(frozen=True)
class Domain:
    """The states a question can be in, as (status or None for unanswered, value)."""

    states: tuple[State, ...]


NEVER_SHOWN = Domain(((None, None),))


def domain_of(question: QuestionBase) -> Domain:
    """Every state of a question that can be shown."""
    values = question.expression_domain()
    states: list[State] = [(ANSWERED, v) for v in (values if values is not None else [_SOME])]
    states.append((None, None))
    if question.allow_dont_know:
        states.append((DONT_KNOW, None))
    if question.allow_not_applicable:
        states.append((NOT_APPLICABLE, None))
    return Domain(tuple(states))


def can_hold(
    conditions: Sequence[Condition],
    domains: Mapping[str, Domain],
    guards: Mapping[str, Sequence[Condition]] | None = None,
    never_fire: frozenset[str] = frozenset(),
) -> bool:
    """False only when the conditions are never all definitely true in any reachable state.

    ``guards`` holds the show_if conditions (section and question) of each question;
    ``never_fire`` the rules known never to fire.
    """
    read = set().union(*(names_in(node) for node, _ in conditions))
    shown_if = [(name, guard) for name in sorted(read) for guard in (guards or {}).get(name, ())]
    for checked in (shown_if, []):  # with the guards when they fit within LIMIT
        inputs = _inputs(conditions, checked, domains, never_fire)
        total = 1
        for states in inputs:
            total *= len(states)
        if total <= LIMIT:
            return _search(conditions, checked, inputs)
    return True


def _inputs(
    conditions: Sequence[Condition],
    shown_if: list[tuple[str, Condition]],
    domains: Mapping[str, Domain],
    never_fire: frozenset[str],
) -> list[list[Setter]]:
    nodes = [node for node, _ in conditions] + [node for _, (node, _) in shown_if]
    names = sorted(set().union(*(names_in(node) for node in nodes)))
    valued = set().union(*(_value_reads(node) for node in nodes))
    inputs = [_question_states(name, domains[name], name in valued) for name in names]
    calls = [call for node in nodes for call in calls_in(node)]
    scored = {_key(call) for call in calls if call.function == "area_score"}
    areas = sorted({_key(call) for call in calls if call.function in ("area_score", "area_band")})
    inputs += [_area_states(area, area in scored) for area in areas]
    findings = sorted({_key(call) for call in calls if call.function == "finding"})
    inputs += [_finding_states(rule, rule in never_fire) for rule in findings]
    return inputs


def _search(
    conditions: Sequence[Condition],
    shown_if: list[tuple[str, Condition]],
    inputs: list[list[Setter]],
) -> bool:
    for combination in itertools.product(*inputs):
        env = Env()
        vague = False
        for setter in combination:
            vague = setter(env) or vague
        if any(name in env.status and guard(env) is False for name, (_, guard) in shown_if):
            continue  # a question with a response although it cannot be shown
        results = [compiled(env) for _, compiled in conditions]
        if all(result is True for result in results):
            return True
        if vague and not any(result is False for result in results):
            return True  # unknown under "some value": may be true for some value
    return False


def _question_states(name: str, domain: Domain, valued: bool) -> list[Setter]:
    states = list(domain.states)
    if not valued:  # only its response status is read: one answered state stands for all
        answered = [state for state in states if state[0] == ANSWERED][:1]
        states = answered + [state for state in states if state[0] != ANSWERED]
    return [_set_question(name, status, value if valued else _UNREAD) for status, value in states]


def _set_question(name: str, status: str | None, value: Any) -> Setter:
    def apply(env: Env) -> bool:
        if status is None:
            return False
        env.status[name] = status
        if status != ANSWERED:
            return False
        if value is _SOME:
            return True
        if value is not _UNREAD:
            env.values[name] = value
        return False

    return apply


def _area_states(area: str, score_read: bool) -> list[Setter]:
    def in_band(band: str) -> Setter:
        def apply(env: Env) -> bool:
            env.area_bands[area] = band
            return score_read  # the score itself stays unknown: some value in the band

        return apply

    return [lambda env: False, *(in_band(band) for band in BAND_ORDER)]


def _finding_states(rule: str, never: bool) -> list[Setter]:
    def fired(env: Env) -> bool:
        env.fired.add(rule)
        return False

    return [lambda env: False] if never else [lambda env: False, fired]


def _key(call: Call) -> str:
    arg = call.args[0] if call.args else None
    return str(arg.value) if isinstance(arg, Literal) else ""


def _value_reads(node: Node) -> set[str]:
    """The questions whose answer *value* ``node`` reads (not only their response status)."""
    if isinstance(node, Name):
        return {node.name}
    if isinstance(node, Call) and node.function in _STATUS_FUNCTIONS:
        return set()
    return set().union(*(_value_reads(child) for child in children(node)))
