"""Which questions a rule reads: the question ids its ``when`` and ``severity_if`` name,
through named conditions too, read with the engine's expression parser once per loaded
questionnaire. The detail page links each finding to those answers."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from assessment.engine import Questionnaire
from assessment.engine.errors import ExpressionError
from assessment.engine.expressions import names_in, parse


@lru_cache(maxsize=16)  # a loaded questionnaire is immutable and hashed by identity
def rule_reads(questionnaire: Questionnaire) -> Mapping[str, tuple[str, ...]]:
    """Rule id -> the question ids it reads, in questionnaire order."""
    order = {qid: index for index, qid in enumerate(questionnaire.questions)}
    named: dict[str, set[str]] = {}

    def read(source: str, seen: frozenset[str] = frozenset()) -> set[str]:
        try:
            node = parse(source)
        except ExpressionError:
            return set()
        found: set[str] = set()
        for name in names_in(node) if node is not None else set():
            if name in questionnaire.conditions and name not in seen:
                if name not in named:
                    named[name] = read(questionnaire.conditions[name], seen | {name})
                found |= named[name]
            elif name in order:
                found.add(name)
        return found

    reads = {}
    for rule in questionnaire.rules:
        names = read(rule.when).union(*(read(entry.when) for entry in rule.severity_if))
        reads[rule.id] = tuple(sorted(names, key=order.__getitem__))
    return reads
