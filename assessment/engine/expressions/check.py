"""Static checks at load time: names, choice literals, types, functions and their arity."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from assessment.engine.definition import BAND_ORDER
from assessment.engine.errors import CheckError
from assessment.engine.expressions.nodes import (
    ARITHMETIC,
    LOGIC,
    Binary,
    Call,
    ListLiteral,
    Literal,
    Name,
    Node,
    Ref,
    Unary,
)

QUESTION_FUNCTIONS = frozenset(
    {"answered", "dont_know", "not_applicable", "count", "dont_know_count", "count_true"}
)
RULE_FUNCTIONS = frozenset({"area_score", "area_band", "finding"})
ALL_FUNCTIONS = QUESTION_FUNCTIONS | RULE_FUNCTIONS
# Functions taking any number (at least one) of arguments; every other takes exactly one.
VARIADIC_FUNCTIONS = frozenset({"dont_know_count", "count_true"})


@dataclass(frozen=True, slots=True)
class NameInfo:
    """What the checker knows of a question: the kind of its value, its choices, and whether
    it can be answered "don't know"."""

    kind: str  # "choice" | "choices" | "number" | "text"
    choices: tuple[str, ...] = ()
    dont_know: bool = True


@dataclass(frozen=True, slots=True)
class Type:
    """The inferred type of a sub-expression."""

    kind: str  # "bool" | "number" | "string" | "text" | "choice" | "choices" | "list"
    question: str | None = None
    choices: tuple[str, ...] = ()
    literal: str | None = None
    items: tuple[tuple[Type, int], ...] = ()
    band_of: str | None = None  # the area of an area_band() value


_DESCRIPTIONS = {
    "bool": "a condition",
    "number": "a number",
    "string": "a string",
    "text": "a free-text answer",
    "choice": "a choice",
    "choices": "a multiple-choice answer",
    "list": "a list",
}


@dataclass(frozen=True)
class Context:
    """Where an expression is used and what it may refer to.

    ``order_error(name)`` returns why an existing question may not be used here (e.g. it
    comes later), or None when it may. ``named`` are the names of the named conditions;
    ``named_here`` says whether they may be used here (they arrive resolved as ``Ref``).
    """

    where: str
    questions: Mapping[str, NameInfo]
    functions: frozenset[str]
    order_error: Callable[[str], str | None] = lambda name: None
    areas: frozenset[str] | None = frozenset()  # None: not known (not checked)
    rules_before: frozenset[str] = frozenset()
    rules_all: frozenset[str] = frozenset()
    notes: list[str] = field(default_factory=list)
    named: frozenset[str] = frozenset()
    named_here: bool = False


def check_condition(node: Node, context: Context) -> None:
    """Raise CheckError unless ``node`` is a well-formed condition in ``context``."""
    found = _infer(node, context)
    if found.kind != "bool":
        raise CheckError(
            f"{context.where} must be a condition (true or false), but this is "
            f"{_DESCRIPTIONS[found.kind]}",
            1,
        )


def check_number(node: Node, context: Context) -> None:
    """Raise CheckError unless ``node`` is a well-formed arithmetic expression (a number)."""
    found = _infer(node, context)
    if found.kind != "number":
        raise CheckError(
            f"{context.where} must be a number, but this is {_DESCRIPTIONS[found.kind]}", 1
        )


def _infer(node: Node, context: Context) -> Type:
    if isinstance(node, Literal):
        if isinstance(node.value, bool):
            return Type("bool")
        if isinstance(node.value, str):
            return Type("string", literal=node.value)
        return Type("number")
    if isinstance(node, ListLiteral):
        return Type(
            "list", items=tuple((_infer(item, context), item.column) for item in node.items)
        )
    if isinstance(node, Name):
        return _name(node, context)
    if isinstance(node, Unary):
        return _unary(node, context)
    if isinstance(node, Binary):
        return _binary(node, context)
    if isinstance(node, Ref):
        return _ref(node, context)
    return _call(node, context)


def _ref(node: Ref, context: Context) -> Type:
    """A named condition: its body, checked where it is used (order, functions, findings)."""
    try:
        found = _infer(node.body, context)
    except CheckError as error:
        raise CheckError(f"condition {node.name!r}: {error.message}", node.column) from error
    if found.kind != "bool":
        raise CheckError(f"condition {node.name!r} is not a condition", node.column)
    return found


def _name(node: Name, context: Context) -> Type:
    info = context.questions.get(node.name)
    if info is None and node.name in context.named:
        raise CheckError(
            f"{node.name!r} is a named condition of rules.yaml; named conditions can only be "
            f"used in rule conditions, not in {context.where}",
            node.column,
        )
    if info is None:
        known = [*context.questions, *(context.named if context.named_here else ())]
        close = difflib.get_close_matches(node.name, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        what = "question or condition" if context.named_here and context.named else "question"
        raise CheckError(f"unknown {what} {node.name!r}{hint}", node.column)
    problem = context.order_error(node.name)
    if problem is not None:
        raise CheckError(problem, node.column)
    return Type(info.kind, question=node.name, choices=info.choices)


def _unary(node: Unary, context: Context) -> Type:
    operand = _infer(node.operand, context)
    wanted = "bool" if node.op == "not" else "number"
    if operand.kind != wanted:
        raise CheckError(
            f"'{node.op}' needs {_DESCRIPTIONS[wanted]}, not {_DESCRIPTIONS[operand.kind]}",
            node.column,
        )
    return Type(wanted)


def _binary(node: Binary, context: Context) -> Type:
    left, right = _infer(node.left, context), _infer(node.right, context)
    if node.op in LOGIC or node.op in ARITHMETIC:
        wanted = "bool" if node.op in LOGIC else "number"
        for side, column in ((left, node.left), (right, node.right)):
            if side.kind != wanted:
                raise CheckError(
                    f"'{node.op}' needs {_DESCRIPTIONS[wanted]} on both sides, not "
                    f"{_DESCRIPTIONS[side.kind]}",
                    column.column,
                )
        return Type(wanted)
    if node.op in ("==", "!="):
        _comparable(left, right, node)
    elif node.op in ("in", "not in"):
        _membership(left, right, node)
    elif left.kind != "number" or right.kind != "number":
        raise CheckError(f"'{node.op}' needs numbers on both sides", node.column)
    return Type("bool")


def _comparable(left: Type, right: Type, node: Binary) -> None:
    for side in (left, right):
        if side.kind == "choices":
            raise CheckError(
                f"{side.question!r} is a multiple-choice question: test a choice with "
                f"'value' in {side.question}",
                node.column,
            )
        if side.kind == "list":
            raise CheckError(f"'{node.op}' cannot compare a list; use 'in'", node.column)
    for choice, other, other_node in ((left, right, node.right), (right, left, node.left)):
        if choice.kind == "choice":
            _check_choice_literal(choice, other, other_node.column)
            if other.kind in ("choice", "string"):
                return
    kinds = {_family(left.kind), _family(right.kind)}
    if len(kinds) != 1:
        raise CheckError(
            f"cannot compare {_DESCRIPTIONS[left.kind]} with {_DESCRIPTIONS[right.kind]}",
            node.column,
        )


def _family(kind: str) -> str:
    return "string" if kind in ("string", "text", "choice") else kind


def _check_choice_literal(choice: Type, other: Type, column: int) -> None:
    if other.kind != "string" or other.literal in choice.choices:
        return
    if choice.band_of is not None:
        raise CheckError(
            f"{other.literal!r} is not a band (area_band({choice.band_of!r}) is one of "
            f"{', '.join(choice.choices)})",
            column,
        )
    raise CheckError(
        f"{other.literal!r} is not a choice of question {choice.question!r} "
        f"(choices: {', '.join(choice.choices)})",
        column,
    )


def _membership(left: Type, right: Type, node: Binary) -> None:
    if right.kind == "choices":
        if left.kind == "string":
            _check_choice_literal(
                Type("choice", question=right.question, choices=right.choices),
                left,
                node.left.column,
            )
        elif left.kind != "choice":
            raise CheckError(
                f"'{node.op}' tests a choice against {right.question!r}, but the left side is "
                f"{_DESCRIPTIONS[left.kind]}",
                node.column,
            )
        return
    if right.kind != "list":
        raise CheckError(
            f"'{node.op}' needs a list or a multiple-choice question on its right, not "
            f"{_DESCRIPTIONS[right.kind]}",
            node.column,
        )
    for item, column in right.items:
        probe = Binary("==", Literal(0, node.left.column), Literal(0, column), node.column)
        _comparable(left, item, probe)


def _call(node: Call, context: Context) -> Type:
    if node.function not in ALL_FUNCTIONS:
        known = ", ".join(sorted(ALL_FUNCTIONS))
        raise CheckError(f"unknown function {node.function!r} (known: {known})", node.column)
    if node.function not in context.functions:
        raise CheckError(
            f"{node.function}() is only allowed in rule conditions, not in {context.where}",
            node.column,
        )
    _arity(node)
    if node.function == "count_true":
        return _count_true(node, context)
    if node.function == "dont_know_count":
        return _dont_know_count(node, context)
    arg = node.args[0]
    if node.function in QUESTION_FUNCTIONS:
        return _question_function(node, arg, context)
    if not (isinstance(arg, Literal) and isinstance(arg.value, str)):
        raise CheckError(
            f"{node.function}() takes a quoted id, e.g. {node.function}('id')", arg.column
        )
    if node.function in ("area_score", "area_band"):
        if context.areas is not None and arg.value not in context.areas:
            raise CheckError(
                f"unknown area {arg.value!r} (areas: {', '.join(sorted(context.areas))})",
                arg.column,
            )
        if node.function == "area_band":
            return Type("choice", choices=BAND_ORDER, band_of=arg.value)
        return Type("number")
    return _finding(arg.value, arg.column, context)


def _arity(node: Call) -> None:
    if node.function in VARIADIC_FUNCTIONS:
        if not node.args:
            raise CheckError(f"{node.function}() takes at least 1 argument, got 0", node.column)
    elif len(node.args) != 1:
        raise CheckError(
            f"{node.function}() takes exactly 1 argument, got {len(node.args)}", node.column
        )


def _count_true(node: Call, context: Context) -> Type:
    for position, arg in enumerate(node.args, start=1):
        found = _infer(arg, context)
        if found.kind != "bool":
            raise CheckError(
                f"count_true() counts conditions, but argument {position} is "
                f"{_DESCRIPTIONS[found.kind]}",
                arg.column,
            )
    return Type("number")


def _dont_know_count(node: Call, context: Context) -> Type:
    seen: set[str] = set()
    for arg in node.args:
        _asked_question(node, arg, context)
        assert isinstance(arg, Name)
        if arg.name in seen:
            raise CheckError(f"dont_know_count() lists {arg.name!r} twice", arg.column)
        seen.add(arg.name)
    return Type("number")


def _asked_question(node: Call, arg: Node, context: Context) -> Type:
    """Check that ``arg`` is a question id that ``dont_know``-style functions can read."""
    if not isinstance(arg, Name):
        raise CheckError(
            f"{node.function}() takes question ids, e.g. {node.function}(question_id)", arg.column
        )
    found = _name(arg, context)
    info = context.questions[arg.name]
    if node.function in ("dont_know", "dont_know_count") and not info.dont_know:
        never = "is never true for it" if node.function == "dont_know" else "can never count it"
        raise CheckError(
            f'{arg.name!r} does not offer "don\'t know" (allow_dont_know is false), so '
            f"{node.function}() {never}",
            arg.column,
        )
    return found


def _question_function(node: Call, arg: Node, context: Context) -> Type:
    if not isinstance(arg, Name):
        raise CheckError(
            f"{node.function}() takes a question id, e.g. {node.function}(question_id)", arg.column
        )
    found = _asked_question(node, arg, context)
    if node.function != "count":
        return Type("bool")
    if found.kind != "choices":
        raise CheckError(
            f"count() needs a multiple-choice question; {arg.name!r} is not one", arg.column
        )
    return Type("number")


def _finding(rule_id: str, column: int, context: Context) -> Type:
    if rule_id in context.rules_before:
        return Type("bool")
    if rule_id in context.rules_all:
        raise CheckError(
            f"finding({rule_id!r}) refers to a rule that is not evaluated before this one "
            "(rules run in file order)",
            column,
        )
    raise CheckError(f"unknown rule {rule_id!r}", column)
