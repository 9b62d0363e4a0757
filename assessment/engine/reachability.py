"""Can a condition ever be definitely true? Used to reject questions that never show.

Every question the condition reads is given each state it can be in: each real answer when
there are few (choices, yes/no, small scales, small multiple choices), "answered with some
value" otherwise, unanswered, and "dont_know"/"not_applicable" where offered. A question that
can never show itself is only ever unanswered. The condition is evaluated for every
combination, together with the section's show_if for a question (a question in a section
for large organisations that asks ``org_size == 'micro'`` never shows). Kleene logic is
monotone, so an unknown result under "some value" may become
true and counts as reachable; only a condition that is never true is reported. Combinations
beyond ``LIMIT`` are not enumerated: the condition is then assumed reachable.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assessment.engine.expressions import (
    ANSWERED,
    DONT_KNOW,
    NOT_APPLICABLE,
    Compiled,
    Env,
    Node,
    names_in,
)
from assessment.engine.question_types import QuestionBase

LIMIT = 20_000
_SOME = object()
State = tuple[str | None, Any]


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


def can_hold(conditions: list[tuple[Node, Compiled]], domains: Mapping[str, Domain]) -> bool:
    """False only when the conditions are never all definitely true in any reachable state."""
    names = sorted(set().union(*(names_in(node) for node, _ in conditions)))
    options = [domains[name].states for name in names]
    total = 1
    for states in options:
        total *= len(states)
    if total > LIMIT:
        return True
    for combination in itertools.product(*options):
        env = Env()
        vague = False
        for name, (status, value) in zip(names, combination, strict=True):
            if status is not None:
                env.status[name] = status
            if status == ANSWERED:
                if value is _SOME:
                    vague = True
                else:
                    env.values[name] = value
        results = [compiled(env) for _, compiled in conditions]
        if all(result is True for result in results):
            return True
        if vague and not any(result is False for result in results):
            return True  # unknown under "some value": may be true for some value
    return False
