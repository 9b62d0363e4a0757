"""Checks of the rules' ``after`` (prerequisites) and ``first_step`` keys.

``after: [RULE-ID, ...]`` names the rules whose action must come before this rule's in the
roadmap. Every id must name another rule of the file, and the prerequisites must not form a
cycle (A after B after A): a roadmap could never order them. ``first_step`` is the first
concrete step of a Large action and only means something on a rule of effort L.
"""

from __future__ import annotations

from collections.abc import Sequence

from assessment.engine.definition import Rule
from assessment.engine.errors import Issue
from assessment.engine.yamlsource import SourceDoc


def prerequisite_issues(doc: SourceDoc, rules: Sequence[Rule]) -> list[Issue]:
    """Unknown or self-referring ``after`` ids, cycles, and ``first_step`` on a non-L rule."""
    known = {rule.id for rule in rules}
    issues: list[Issue] = []
    for index, rule in enumerate(rules):
        for position, other in enumerate(rule.after):
            at = ("rules", index, "after", position)
            if other == rule.id:
                issues.append(doc.issue(at, f"rule {rule.id}: lists itself in after"))
            elif other not in known:
                issues.append(doc.issue(at, f"rule {rule.id}: unknown rule {other!r} in after"))
        if rule.first_step is not None and rule.effort != "L":
            message = f"rule {rule.id}: first_step is only for a rule of effort L"
            issues.append(doc.issue(("rules", index, "first_step"), message))
    issues += _cycles(doc, rules, known)
    return issues


def _cycles(doc: SourceDoc, rules: Sequence[Rule], known: set[str]) -> list[Issue]:
    """One issue per cycle of prerequisites, at the ``after`` entry that closes it."""
    index = {rule.id: i for i, rule in enumerate(rules)}
    edges = {
        rule.id: [other for other in rule.after if other in known and other != rule.id]
        for rule in rules
    }
    done: set[str] = set()
    issues: list[Issue] = []

    def visit(node: str, trail: list[str]) -> None:
        for other in edges.get(node, []):
            if other in trail:
                cycle = [*trail[trail.index(other):], other]
                position = rules[index[node]].after.index(other)
                message = f"rule {node}: prerequisites form a cycle: {' → '.join(cycle)}"
                issues.append(doc.issue(("rules", index[node], "after", position), message))
            elif other not in done:
                visit(other, [*trail, other])
        done.add(node)

    for rule in rules:
        if rule.id not in done:
            visit(rule.id, [rule.id])
    return issues
