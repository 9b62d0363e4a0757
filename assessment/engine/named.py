"""Named conditions: the ``conditions:`` mapping of ``rules.yaml``, used by name in rules.

``separate_roles_expected: pr_org_size in ['medium', 'large'] and ...`` defines a condition
that any rule (or another named condition) can use as ``separate_roles_expected``. Each is
parsed once; references between them are resolved into ``Ref`` nodes, and a cycle is an
error. The body is checked where it is defined (names, choices, types, functions), and again
wherever it is used, so a ``finding()`` inside it must still name a rule that runs earlier;
such errors name the condition. A broken condition is skipped silently where it is used: the
problem is reported once, at its definition.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from assessment.engine.errors import ExpressionError, Issue
from assessment.engine.expressions import Context, Node, check_condition, parse
from assessment.engine.expressions.nodes import Literal, Name, children, refs_in, resolve_names
from assessment.engine.yamlsource import SourceDoc

_BROKEN = Literal(True, 0)  # stands in for a broken condition: its uses resolve, then drop


@dataclass
class NamedConditions:
    """The named conditions, resolved and checked, with what was wrong with them."""

    bodies: dict[str, Node] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)
    issues: list[Issue] = field(default_factory=list)
    mentions: dict[str, list[str]] = field(default_factory=dict)  # name -> conditions it uses
    used: set[str] = field(default_factory=set)  # by the expressions given to ``resolve``

    @property
    def names(self) -> frozenset[str]:
        """Every defined name, broken or not."""
        return frozenset(self.bodies)

    def resolve(self, node: Node) -> Node | None:
        """``node`` with condition names resolved; None when it uses a broken condition."""
        resolved = resolve_names(node, self.bodies)
        found = refs_in(resolved)
        self.used |= found
        return None if found & self.broken else resolved

    def unused(self, doc: SourceDoc) -> list[Issue]:
        """An issue for each condition that neither a resolved expression nor another
        condition uses."""
        used = self.used.union(*self.mentions.values())
        return [
            doc.issue(("conditions", name), f"condition {name!r} is never used")
            for name in self.bodies
            if name not in used and name not in self.broken
        ]


def read_named(doc: SourceDoc, sources: Mapping[str, str], context: Context) -> NamedConditions:
    """Parse, resolve and check the named conditions of ``doc`` in the definition context."""
    out = NamedConditions(bodies=dict.fromkeys(sources, _BROKEN))
    parsed: dict[str, Node] = {}
    for name, source in sources.items():
        if name in context.questions:
            message = f"condition {name!r} has the id of a question; give it another name"
            out.issues.append(doc.issue(("conditions", name), message))
            out.broken.add(name)
            continue
        try:
            parsed[name] = parse(source)
        except ExpressionError as error:
            out.issues.append(_issue(doc, name, source, error))
            out.broken.add(name)
    names = set(sources) - set(context.questions)
    uses = out.mentions = {name: _mentions(node, names) for name, node in parsed.items()}
    for cycle in dependency_cycles(uses):
        loop = " → ".join([*cycle, cycle[0]])
        message = f"condition {cycle[0]!r} is circular: {loop}"
        out.issues.append(doc.issue(("conditions", cycle[0]), message))
        out.broken.update(cycle)
    for name in dependencies_first(uses):
        if name in out.broken or set(uses[name]) & out.broken:
            out.broken.add(name)  # a broken condition it uses is reported at its definition
            continue
        body = resolve_names(parsed[name], out.bodies)
        try:
            check_condition(body, context)
        except ExpressionError as error:
            out.issues.append(_issue(doc, name, sources[name], error))
            out.broken.add(name)
            continue
        out.bodies[name] = body
    return out


def _issue(doc: SourceDoc, name: str, source: str, error: ExpressionError) -> Issue:
    return doc.expression_issue(("conditions", name), f"condition {name!r}", source, error)


def _mentions(node: Node, names: set[str]) -> list[str]:
    """The ``names`` that ``node`` mentions, in order of appearance, once each."""
    found: list[str] = []
    for current in _walk(node):
        if isinstance(current, Name) and current.name in names and current.name not in found:
            found.append(current.name)
    return found


def _walk(node: Node) -> Iterator[Node]:
    yield node
    for child in children(node):
        yield from _walk(child)


def dependency_cycles(uses: Mapping[str, list[str]]) -> list[list[str]]:
    """Each cycle of the graph ``name -> names it uses`` once, starting at its first name."""
    cycles: list[list[str]] = []
    seen: set[frozenset[str]] = set()
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycle = path[path.index(name) :]
            if frozenset(cycle) not in seen:
                seen.add(frozenset(cycle))
                cycles.append(cycle)
            return
        if name in done or name not in uses:
            return
        for used in uses[name]:
            visit(used, [*path, name])
        done.add(name)

    for name in uses:
        visit(name, [])
    return cycles


def dependencies_first(uses: Mapping[str, list[str]]) -> list[str]:
    """The names in an order where each comes after those it uses (cycles cut anywhere)."""
    order: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in order or name in visiting or name not in uses:
            return
        visiting.add(name)
        for used in uses[name]:
            visit(used)
        visiting.discard(name)
        order.append(name)

    for name in uses:
        visit(name)
    return order
