"""Three-valued (Kleene) evaluation: the AST compiled once into a tree of closures.

Values are numbers, strings, booleans, lists, or ``UNKNOWN``. A missing answer (unanswered,
hidden, "dont_know", "not_applicable") reads as ``UNKNOWN``; every operator given ``UNKNOWN``
returns ``UNKNOWN``, except that ``false and x`` is false and ``true or x`` is true whatever
``x`` is, and that ``count_true(...)`` compared with a number is decided as soon as the
unknown conditions cannot change the outcome (see ``_compile_count_comparison``). Division by
zero and operands of the wrong type give ``UNKNOWN`` too, so evaluation never raises. A
condition holds only when its value is exactly ``True``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from assessment.engine.expressions.nodes import (
    Binary,
    Call,
    ListLiteral,
    Literal,
    Name,
    Node,
    Ref,
    Unary,
)


class _Unknown:
    """The third truth value; also the value of any missing answer."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "unknown"

    def __bool__(self) -> bool:
        raise TypeError("UNKNOWN has no truth value; test 'is True' instead")


UNKNOWN: Final = _Unknown()

ANSWERED, DONT_KNOW, NOT_APPLICABLE = "answered", "dont_know", "not_applicable"


class Env:
    """What an expression can see: answers on the route, scores and earlier findings.

    ``values`` holds the real answers (not dont_know / not_applicable) of questions on the
    route; ``status`` says for every question on the route with a response whether it is
    ``answered``, ``dont_know`` or ``not_applicable``; ``area_scores`` and ``area_bands`` are
    the scores as shown and their bands before caps (None without a score).
    """

    __slots__ = ("area_bands", "area_scores", "fired", "status", "values")

    def __init__(
        self,
        values: dict[str, Any] | None = None,
        status: dict[str, str] | None = None,
        area_scores: Mapping[str, float | None] | None = None,
        fired: set[str] | None = None,
        area_bands: Mapping[str, str | None] | None = None,
    ) -> None:
        self.values: dict[str, Any] = {} if values is None else values
        self.status: dict[str, str] = {} if status is None else status
        self.area_scores: Mapping[str, float | None] = area_scores or {}
        self.fired: set[str] = set() if fired is None else fired
        self.area_bands: dict[str, str | None] = {} if area_bands is None else dict(area_bands)


Compiled = Callable[[Env], Any]


def holds(compiled: Compiled, env: Env) -> bool:
    """True only when the condition is definitely true."""
    return compiled(env) is True


def compile_node(node: Node) -> Compiled:
    """Compile an AST into a closure ``env -> value`` (no ``eval``)."""
    if isinstance(node, Literal):
        value = node.value
        return lambda env: value
    if isinstance(node, ListLiteral):
        return _compile_list(node)
    if isinstance(node, Name):
        name = node.name
        return lambda env: env.values.get(name, UNKNOWN)
    if isinstance(node, Unary):
        return _compile_unary(node)
    if isinstance(node, Binary):
        return _compile_binary(node)
    if isinstance(node, Ref):
        return compile_node(node.body)
    return _compile_call(node)


def _compile_list(node: ListLiteral) -> Compiled:
    items = [compile_node(item) for item in node.items]

    def evaluate_list(env: Env) -> Any:
        values = [item(env) for item in items]
        return UNKNOWN if any(v is UNKNOWN for v in values) else values

    return evaluate_list


def _compile_unary(node: Unary) -> Compiled:
    operand = compile_node(node.operand)
    if node.op == "not":
        return lambda env: _not(operand(env))
    return lambda env: _negate(operand(env))


def _not(value: Any) -> Any:
    if value is True:
        return False
    if value is False:
        return True
    return UNKNOWN


def _negate(value: Any) -> Any:
    return -value if _is_number(value) else UNKNOWN


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _compile_binary(node: Binary) -> Compiled:
    fast = _compile_choice_test(node) or _compile_count_comparison(node)
    if fast is not None:
        return fast
    left, right = compile_node(node.left), compile_node(node.right)
    if node.op == "and":
        return _compile_and(left, right)
    if node.op == "or":
        return _compile_or(left, right)
    operation = _OPERATIONS[node.op]

    def evaluate_binary(env: Env) -> Any:
        a = left(env)
        if a is UNKNOWN:
            return UNKNOWN
        b = right(env)
        if b is UNKNOWN:
            return UNKNOWN
        return operation(a, b)

    return evaluate_binary


def _compile_and(left: Compiled, right: Compiled) -> Compiled:
    def evaluate_and(env: Env) -> Any:
        a = left(env)
        if a is False:
            return False
        b = right(env)
        if b is False:
            return False
        return True if a is True and b is True else UNKNOWN

    return evaluate_and


def _compile_or(left: Compiled, right: Compiled) -> Compiled:
    def evaluate_or(env: Env) -> Any:
        a = left(env)
        if a is True:
            return True
        b = right(env)
        if b is True:
            return True
        return False if a is False and b is False else UNKNOWN

    return evaluate_or


def _compile_choice_test(node: Binary) -> Compiled | None:
    """Fast closures for the common ``q == 'x'``, ``q in ['x', 'y']`` and ``'x' in q``.

    They give exactly what the general operators give (a test checks this on random trees).
    """
    left, right, op = node.left, node.right, node.op
    if op in ("==", "!=") and isinstance(left, Literal) and isinstance(right, Name):
        left, right = right, left
    if isinstance(left, Name) and op in ("==", "!=", "in", "not in"):
        accepted = _string_literals(right if op in ("in", "not in") else ListLiteral((right,), 0))
        if accepted is not None:
            return _name_among(left.name, accepted, negate=op in ("!=", "not in"))
    if op in ("in", "not in") and isinstance(right, Name) and _is_string_literal(left):
        assert isinstance(left, Literal)
        return _literal_in_name(str(left.value), right.name, negate=op == "not in")
    return None


def _is_string_literal(node: Node) -> bool:
    return isinstance(node, Literal) and isinstance(node.value, str)


def _string_literals(node: Node) -> frozenset[str] | None:
    if isinstance(node, ListLiteral) and all(_is_string_literal(item) for item in node.items):
        return frozenset(str(item.value) for item in node.items if isinstance(item, Literal))
    return None


def _name_among(name: str, accepted: frozenset[str], negate: bool) -> Compiled:
    def name_among(env: Env) -> Any:
        value = env.values.get(name, UNKNOWN)
        if value is UNKNOWN:
            return UNKNOWN
        return (isinstance(value, str) and value in accepted) is not negate

    return name_among


def _literal_in_name(literal: str, name: str, negate: bool) -> Compiled:
    def literal_in_name(env: Env) -> Any:
        value = env.values.get(name, UNKNOWN)
        if not isinstance(value, list | tuple | frozenset | set):
            return UNKNOWN
        return (literal in value) is not negate

    return literal_in_name


def _equal(a: Any, b: Any) -> Any:
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    return bool(a == b)


def _order(compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
    def ordered(a: Any, b: Any) -> Any:
        if _is_number(a) and _is_number(b):
            return compare(a, b)
        if isinstance(a, str) and isinstance(b, str):
            return compare(a, b)
        return UNKNOWN

    return ordered


def _contains(a: Any, b: Any) -> Any:
    if not isinstance(b, list | tuple | frozenset | set):
        return UNKNOWN
    return any(_equal(a, item) is True for item in b)


def _arithmetic(operate: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def arithmetic(a: Any, b: Any) -> Any:
        if not (_is_number(a) and _is_number(b)):
            return UNKNOWN
        try:
            return operate(a, b)
        except (ZeroDivisionError, OverflowError):
            return UNKNOWN

    return arithmetic


_OPERATIONS: dict[str, Callable[[Any, Any], Any]] = {
    "==": _equal,
    "!=": lambda a, b: not _equal(a, b),
    "<": _order(lambda a, b: a < b),
    "<=": _order(lambda a, b: a <= b),
    ">": _order(lambda a, b: a > b),
    ">=": _order(lambda a, b: a >= b),
    "in": _contains,
    "not in": lambda a, b: _not(_contains(a, b)),
    "+": _arithmetic(lambda a, b: a + b),
    "-": _arithmetic(lambda a, b: a - b),
    "*": _arithmetic(lambda a, b: a * b),
    "/": _arithmetic(lambda a, b: a / b),
}


_COMPARE = frozenset({"==", "!=", "<", "<=", ">", ">="})


def _is_count_true(node: Node) -> bool:
    return isinstance(node, Call) and node.function == "count_true"


def _compile_count_comparison(node: Binary) -> Compiled | None:
    """``count_true(...)`` compared with a number, decided as soon as it is certain.

    The count can be anything from the conditions that are true to those that are true or
    unknown; the comparison is true (false) when it is true (false) for every count in that
    range, else unknown. So ``count_true(a, b, c) >= 2`` is exactly the Kleene value of
    ``(a and b) or (a and c) or (b and c)``; only an unknown that matters makes it unknown.
    """
    if node.op not in _COMPARE or not (_is_count_true(node.left) or _is_count_true(node.right)):
        return None
    left, right = _possible_values(node.left), _possible_values(node.right)
    operation = _OPERATIONS[node.op]

    def compare_count(env: Env) -> Any:
        a = left(env)
        if a is UNKNOWN:
            return UNKNOWN
        b = right(env)
        if b is UNKNOWN:
            return UNKNOWN
        outcomes = [operation(x, y) for x in a for y in b]
        if all(outcome is True for outcome in outcomes):
            return True
        if all(outcome is False for outcome in outcomes):
            return False
        return UNKNOWN

    return compare_count


def _possible_values(node: Node) -> Compiled:
    """A closure giving every value ``node`` may take (a range for ``count_true``)."""
    if isinstance(node, Call) and node.function == "count_true":
        conditions = [compile_node(arg) for arg in node.args]

        def possible_counts(env: Env) -> Any:
            true = unknown = 0
            for condition in conditions:
                found = condition(env)
                if found is True:
                    true += 1
                elif found is not False:
                    unknown += 1
            return range(true, true + unknown + 1)

        return possible_counts
    single = compile_node(node)

    def one_value(env: Env) -> Any:
        found = single(env)
        return UNKNOWN if found is UNKNOWN else (found,)

    return one_value


def _compile_count_true(node: Call) -> Compiled:
    conditions = [compile_node(arg) for arg in node.args]

    def count_true(env: Env) -> Any:
        total = 0
        for condition in conditions:
            found = condition(env)
            if found is True:
                total += 1
            elif found is not False:
                return UNKNOWN
        return total

    return count_true


def _compile_call(node: Call) -> Compiled:
    """Functions take question ids (Names) or a string literal; the checker ensures it."""
    if node.function == "count_true":
        return _compile_count_true(node)
    if node.function == "dont_know_count":
        keys = tuple(arg.name for arg in node.args if isinstance(arg, Name))
        return lambda env: sum(env.status.get(key) == DONT_KNOW for key in keys)
    arg = node.args[0] if node.args else None
    key = arg.name if isinstance(arg, Name) else arg.value if isinstance(arg, Literal) else ""
    key = str(key)
    function = node.function
    if function == "answered":
        return lambda env: key in env.status
    if function == "dont_know":
        return lambda env: env.status.get(key) == DONT_KNOW
    if function == "not_applicable":
        return lambda env: env.status.get(key) == NOT_APPLICABLE
    if function == "count":
        return lambda env: _count(env.values.get(key, UNKNOWN))
    if function == "area_score":
        return lambda env: _score(env.area_scores.get(key))
    if function == "area_band":
        return lambda env: _score(env.area_bands.get(key))
    if function == "finding":
        return lambda env: key in env.fired
    return lambda env: UNKNOWN


def _count(value: Any) -> Any:
    return len(value) if isinstance(value, list | tuple | frozenset | set) else UNKNOWN


def _score(value: float | str | None) -> Any:
    return UNKNOWN if value is None else value
