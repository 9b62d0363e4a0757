"""The abstract syntax tree of the expression language (immutable nodes with a column)."""

from __future__ import annotations

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


Node = Literal | ListLiteral | Name | Unary | Binary | Call

COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">=", "in", "not in"})
ARITHMETIC = frozenset({"+", "-", "*", "/"})
LOGIC = frozenset({"and", "or"})


def names_in(node: Node) -> set[str]:
    """Every question id the expression reads, directly or through a function."""
    if isinstance(node, Name):
        return {node.name}
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
    if isinstance(node, Unary):
        return calls_in(node.operand)
    if isinstance(node, Binary):
        return calls_in(node.left) + calls_in(node.right)
    if isinstance(node, ListLiteral):
        return [c for item in node.items for c in calls_in(item)]
    return []
