"""The compiled closures agree with a plain reference interpreter of the Kleene semantics,
on random expression trees and random environments (this guards the fast paths)."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.engine.expressions import UNKNOWN, Env, compile_node
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

U = UNKNOWN
CONTAINERS = (list, tuple, set, frozenset)


def reference(node: Node, env: Env) -> Any:
    """Direct tree-walking evaluation, written from doc/architecture/0002 alone."""
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Name):
        return env.values.get(node.name, U)
    if isinstance(node, ListLiteral):
        items = [reference(item, env) for item in node.items]
        return U if any(item is U for item in items) else items
    if isinstance(node, Unary):
        value = reference(node.operand, env)
        if node.op == "not":
            return U if value is U else not value if isinstance(value, bool) else U
        return -value if _number(value) else U
    if isinstance(node, Call):
        return _call(node, env)
    if isinstance(node, Ref):
        return reference(node.body, env)
    return _binary(node, env)


def _number(value: Any) -> bool:
    return type(value) in (int, float)


def _same(a: Any, b: Any) -> bool:
    return isinstance(a, bool) == isinstance(b, bool) and a == b


def _counted(node: Node) -> bool:
    return isinstance(node, Call) and node.function == "count_true"


def _count_comparison(node: Binary, env: Env) -> Any:
    """Compare every count the conditions could give once their unknowns are settled."""
    sides = []
    for side in (node.left, node.right):
        if _counted(side):
            assert isinstance(side, Call)
            found = [reference(arg, env) for arg in side.args]
            open_ = sum(1 for f in found if f is not True and f is not False)
            settled = sum(1 for f in found if f is True)
            sides.append(
                [settled + sum(extra) for extra in itertools.product((0, 1), repeat=open_)]
            )
        else:
            found_value = reference(side, env)
            if found_value is U:
                return U
            sides.append([found_value])
    outcomes = [
        _binary(Binary(node.op, Literal(a, 1), Literal(b, 1), 1), env)
        for a in sides[0]
        for b in sides[1]
    ]
    if all(o is True for o in outcomes):
        return True
    return False if all(o is False for o in outcomes) else U


def _binary(node: Binary, env: Env) -> Any:
    if node.op in ("==", "!=", "<", "<=", ">", ">=") and (
        _counted(node.left) or _counted(node.right)
    ):
        return _count_comparison(node, env)
    a, b = reference(node.left, env), reference(node.right, env)
    if node.op in ("and", "or"):
        stop = node.op == "or"  # `true or x` / `false and x`
        if a is stop or b is stop:
            return stop
        return (not stop) if (a is (not stop) and b is (not stop)) else U
    if a is U or b is U:
        return U
    if node.op in ("==", "!="):
        return _same(a, b) is (node.op == "==")
    if node.op in ("in", "not in"):
        if not isinstance(b, CONTAINERS):
            return U
        return any(_same(a, item) for item in b) is (node.op == "in")
    if node.op in ("<", "<=", ">", ">="):
        comparable = (_number(a) and _number(b)) or (isinstance(a, str) and isinstance(b, str))
        if not comparable:
            return U
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[node.op]
    if not (_number(a) and _number(b)):
        return U
    if node.op == "/":
        return U if b == 0 else a / b
    return {"+": a + b, "-": a - b, "*": a * b}[node.op]


def _call(node: Call, env: Env) -> Any:
    if node.function == "count_true":
        found = [reference(arg, env) for arg in node.args]
        if not all(f is True or f is False for f in found):
            return U
        return sum(1 for f in found if f is True)
    if node.function == "dont_know_count":
        return sum(
            1
            for arg in node.args
            if isinstance(arg, Name) and env.status.get(arg.name) == "dont_know"
        )
    arg = node.args[0]
    assert isinstance(arg, Name)
    status = env.status.get(arg.name)
    if node.function == "answered":
        return status is not None
    if node.function == "dont_know":
        return status == "dont_know"
    if node.function == "not_applicable":
        return status == "not_applicable"
    value = env.values.get(arg.name, U)
    return len(value) if isinstance(value, CONTAINERS) else U


NAMES = ["a", "b", "m"]
leaves = st.one_of(
    st.builds(Literal, st.sampled_from(["x", "y", "z"]), st.just(1)),
    st.builds(Literal, st.integers(-3, 3), st.just(1)),
    st.builds(Literal, st.booleans(), st.just(1)),
    st.builds(Name, st.sampled_from(NAMES), st.just(1)),
    st.builds(
        ListLiteral,
        st.lists(st.builds(Literal, st.sampled_from(["x", "y", 1]), st.just(1)), max_size=3).map(
            tuple
        ),
        st.just(1),
    ),
    st.builds(
        Call,
        st.sampled_from(["answered", "dont_know", "not_applicable", "count"]),
        st.builds(Name, st.sampled_from(NAMES), st.just(1)).map(lambda n: (n,)),
        st.just(1),
    ),
    st.builds(
        Call,
        st.just("dont_know_count"),
        st.lists(st.builds(Name, st.sampled_from(NAMES), st.just(1)), min_size=1, max_size=3).map(
            tuple
        ),
        st.just(1),
    ),
)
OPS = ["and", "or", "==", "!=", "<", "<=", ">", ">=", "in", "not in", "+", "-", "*", "/"]
trees = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.builds(Unary, st.sampled_from(["not", "-"]), inner, st.just(1)),
        st.builds(Binary, st.sampled_from(OPS), inner, inner, st.just(1)),
        st.builds(
            Call,
            st.just("count_true"),
            st.lists(inner, min_size=1, max_size=3).map(tuple),
            st.just(1),
        ),
        st.builds(Ref, st.just("named"), inner, st.just(1)),
    ),
    max_leaves=12,
)
values = st.one_of(
    st.sampled_from(["x", "y", "z"]),
    st.integers(-3, 3),
    st.booleans(),
    st.lists(st.sampled_from(["x", "y"]), max_size=2, unique=True),
)
statuses = st.sampled_from(["answered", "dont_know", "not_applicable"])


@settings(max_examples=1500, deadline=None)
@given(
    trees,
    st.dictionaries(st.sampled_from(NAMES), values),
    st.dictionaries(st.sampled_from(NAMES), statuses),
)
def test_compiled_closures_match_the_reference(
    node: Node, answers: dict[str, Any], status: dict[str, str]
) -> None:
    env = Env(values=dict(answers), status={**dict.fromkeys(answers, "answered"), **status})
    expected, actual = reference(node, env), compile_node(node)(env)
    assert (expected is U) == (actual is U), (node, env.values, expected, actual)
    if expected is not U:
        assert type(expected) is type(actual) and expected == actual


FAST_SHAPES = [
    Binary("==", Name("a", 1), Literal("x", 1), 1),
    Binary("!=", Literal("x", 1), Name("a", 1), 1),
    Binary("in", Name("a", 1), ListLiteral((Literal("x", 1), Literal("y", 1)), 1), 1),
    Binary("not in", Name("a", 1), ListLiteral((Literal("x", 1),), 1), 1),
    Binary("in", Literal("x", 1), Name("a", 1), 1),
    Binary("not in", Literal("y", 1), Name("a", 1), 1),
]
EVERY_VALUE = ["x", "y", "z", 0, 1, True, False, [], ["x"], ["y", "x"], ("x",), None]


@given(st.sampled_from(FAST_SHAPES), st.sampled_from(EVERY_VALUE), st.booleans())
def test_fast_paths_match_the_reference_for_every_kind_of_value(
    node: Node, value: Any, present: bool
) -> None:
    env = Env(values={"a": value} if present and value is not None else {})
    expected, actual = reference(node, env), compile_node(node)(env)
    assert (expected is U) == (actual is U) and (expected is U or expected == actual), (node, value)
