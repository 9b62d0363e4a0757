"""The abstract syntax tree of the expression language (immutable nodes with a column)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Literal:
    """A number, string or boolean written in the expression."""

    value: float | int | str | bool
    column: int


@dataclass(frozen=True, slots=True)
class ListLiteral:
    """``[a, b, ...]``."""

    items: tuple[Node, ...]
    column: int


@dataclass(frozen=True, slots=True)
class Name:
    """A question id: the value of its answer."""

    name: str
    column: int


@dataclass(frozen=True, slots=True)
class Unary:
    """``not x`` or ``-x``."""

    op: str
    operand: Node
    column: int


@dataclass(frozen=True, slots=True)
class Binary:
    """Arithmetic (``+ - * /``), logic (``and or``) or comparison (``== != < <= > >= in``,
    ``not in``)."""

    op: str
    left: Node
    right: Node
    column: int


@dataclass(frozen=True, slots=True)
class Call:
    """``function(args...)``."""

    function: str
    args: tuple[Node, ...]
    column: int


@dataclass(frozen=True, slots=True)
class Ref:
    """A named condition used by name: ``name`` stands for ``body`` (already resolved)."""

    name: str
    body: Node
    column: int


Node = Literal | ListLiteral | Name | Unary | Binary | Call | Ref

COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">=", "in", "not in"})
ARITHMETIC = frozenset({"+", "-", "*", "/"})
LOGIC = frozenset({"and", "or"})


def names_in(node: Node) -> set[str]:
    """Every question id the expression reads, directly, through a function or through a
    named condition."""
    if isinstance(node, Name):
        return {node.name}
    if isinstance(node, Ref):
        return names_in(node.body)
    if isinstance(node, Unary):
        return names_in(node.operand)
    if isinstance(node, Binary):
        return names_in(node.left) | names_in(node.right)
    if isinstance(node, ListLiteral | Call):
        found: set[str] = set()
        for item in node.items if isinstance(node, ListLiteral) else node.args:
            found |= names_in(item)
        return found
    return set()


def calls_in(node: Node) -> list[Call]:
    """Every function call in the expression, outermost first."""
    if isinstance(node, Call):
        return [node, *(c for arg in node.args for c in calls_in(arg))]
    if isinstance(node, Ref):
        return calls_in(node.body)
    if isinstance(node, Unary):
        return calls_in(node.operand)
    if isinstance(node, Binary):
        return calls_in(node.left) + calls_in(node.right)
    if isinstance(node, ListLiteral):
        return [c for item in node.items for c in calls_in(item)]
    return []


def refs_in(node: Node) -> set[str]:
    """The names of every named condition the expression uses, directly or nested."""
    if isinstance(node, Ref):
        return {node.name} | refs_in(node.body)
    return set().union(*(refs_in(child) for child in children(node)))


def resolve_names(node: Node, bodies: Mapping[str, Node]) -> Node:
    """``node`` with every ``Name`` that is a key of ``bodies`` replaced by a ``Ref``."""
    if isinstance(node, Name):
        body = bodies.get(node.name)
        return node if body is None else Ref(node.name, body, node.column)
    if isinstance(node, Unary):
        return Unary(node.op, resolve_names(node.operand, bodies), node.column)
    if isinstance(node, Binary):
        left, right = resolve_names(node.left, bodies), resolve_names(node.right, bodies)
        return Binary(node.op, left, right, node.column)
    if isinstance(node, Call):
        args = tuple(resolve_names(arg, bodies) for arg in node.args)
        return Call(node.function, args, node.column)
    if isinstance(node, ListLiteral):
        return ListLiteral(tuple(resolve_names(i, bodies) for i in node.items), node.column)
    return node


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-expressions of ``node`` (a named condition's body counts as one)."""
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    if isinstance(node, ListLiteral):
        return node.items
    if isinstance(node, Ref):
        return (node.body,)
    return ()
