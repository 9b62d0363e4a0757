"""The expression language: tokenizer, parser precedence, three-valued evaluation."""

from __future__ import annotations

import contextlib
import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.engine.errors import ParseError
from assessment.engine.expressions import UNKNOWN, Env, Kind, compile_node, holds, parse, tokenize
from assessment.engine.expressions.nodes import (
    Binary,
    Call,
    ListLiteral,
    Literal,
    Name,
    Node,
    Unary,
    calls_in,
    names_in,
)


def sexp(node: Node) -> str:
    """The AST as an s-expression, to assert structure and precedence."""
    if isinstance(node, Literal):
        return repr(node.value)
    if isinstance(node, Name):
        return node.name
    if isinstance(node, ListLiteral):
        return "[" + " ".join(sexp(item) for item in node.items) + "]"
    if isinstance(node, Unary):
        return f"({node.op} {sexp(node.operand)})"
    if isinstance(node, Binary):
        return f"({node.op} {sexp(node.left)} {sexp(node.right)})"
    assert isinstance(node, Call)
    return f"{node.function}(" + " ".join(sexp(a) for a in node.args) + ")"


def value(source: str, env: Env | None = None) -> Any:
    return compile_node(parse(source))(env or Env())


# --- tokenizer -------------------------------------------------------------------------


def test_tokens_kinds_texts_and_columns() -> None:
    tokens = tokenize("a >= 10 and 'x y' in b")
    assert [(t.kind, t.text, t.column) for t in tokens] == [
        (Kind.NAME, "a", 1),
        (Kind.OP, ">=", 3),
        (Kind.NUMBER, "10", 6),
        (Kind.KEYWORD, "and", 9),
        (Kind.STRING, "'x y'", 13),
        (Kind.KEYWORD, "in", 19),
        (Kind.NAME, "b", 22),
        (Kind.EOF, "", 23),
    ]


def test_token_values() -> None:
    numbers = [t.value for t in tokenize("1 2.5 .5 007") if t.kind is Kind.NUMBER]
    assert numbers == [1, 2.5, 0.5, 7]
    assert isinstance(numbers[0], int) and isinstance(numbers[1], float)
    strings = [t.value for t in tokenize(r"""'it\'s' "say \"hi\"" 'a\\b'""")]
    assert strings[:3] == ["it's", 'say "hi"', "a\\b"]


@pytest.mark.parametrize(
    ("source", "column", "message"),
    [
        ("a = 1", 3, "single '=' is not an operator"),
        ("a @ b", 3, "unexpected character '@'"),
        ("a == 'open", 6, "string is not closed"),
        ("12abc > 1", 1, "malformed number"),
        (r"'a\qb'", 3, "unknown escape"),
        ("a == é", 6, "unexpected character 'é'"),
    ],
)
def test_tokenizer_errors_have_columns(source: str, column: int, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        tokenize(source)
    assert caught.value.column == column
    assert message in caught.value.message


# --- parser ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "tree"),
    [
        ("a or b and c", "(or a (and b c))"),
        ("a and b or c", "(or (and a b) c)"),
        ("not a == b", "(not (== a b))"),
        ("not a and b", "(and (not a) b)"),
        ("a + b * c < d", "(< (+ a (* b c)) d)"),
        ("a - b - c", "(- (- a b) c)"),
        ("a / b * c", "(* (/ a b) c)"),
        ("-a * b", "(* (- a) b)"),
        ("- -a", "(- (- a))"),
        ("(a or b) and c", "(and (or a b) c)"),
        ("x not in [1, 2]", "(not in x [1 2])"),
        ("not x in y", "(not (in x y))"),
        ("'b2b' in model or size == 'micro'", "(or (in 'b2b' model) (== size 'micro'))"),
        ("count(q) >= 2", "(>= count(q) 2)"),
        ("p * h < peak", "(< (* p h) peak)"),
        (
            "finding('EB-1') and area_score('x') < 50",
            "(and finding('EB-1') (< area_score('x') 50))",
        ),
        ("true != false", "(!= True False)"),
        ("[]", "[]"),
        ("[1, 'a',]", "[1 'a']"),
        ("f()", "f()"),
    ],
)
def test_parser_precedence_and_structure(source: str, tree: str) -> None:
    assert sexp(parse(source)) == tree


@pytest.mark.parametrize(
    ("source", "column", "message"),
    [
        ("", 1, "empty"),
        ("   ", 1, "empty"),
        ("a ==", 5, "ends too early"),
        ("(a", 3, "expected ')'"),
        ("a b", 3, "after a complete expression"),
        ("a < b < c", 7, "cannot be chained"),
        ("a == b != c", 8, "cannot be chained"),
        ("f(a b)", 5, "expected ',' or ')'"),
        ("[1 2]", 4, "expected ',' or ']'"),
        ("and a", 1, "unexpected 'and'"),
        ("a and or b", 7, "unexpected 'or'"),
        (")", 1, "unexpected ')'"),
        ("a in", 5, "ends too early"),
        ("not", 4, "ends too early"),
    ],
)
def test_parse_errors_report_the_column(source: str, column: int, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(source)
    assert caught.value.column == column, caught.value
    assert message in caught.value.message


def test_deep_nesting_is_a_parse_error_not_a_crash() -> None:
    with pytest.raises(ParseError, match="nested too deeply"):
        parse("(" * 500 + "a" + ")" * 500)
    with pytest.raises(ParseError, match="nested too deeply"):
        parse("not " * 500 + "a")


def test_names_and_calls_are_collected() -> None:
    node = parse("a > 1 and answered(b) and 'x' in [c, 2] and finding('R')")
    assert names_in(node) == {"a", "b", "c"}
    assert [call.function for call in calls_in(node)] == ["answered", "finding"]


_VOCABULARY = [
    "a",
    "b",
    "q_1",
    "1",
    "2.5",
    "'x'",
    '"y"',
    "true",
    "false",
    "and",
    "or",
    "not",
    "in",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "+",
    "-",
    "*",
    "/",
    "(",
    ")",
    "[",
    "]",
    ",",
    "count",
    "answered",
    "=",
    "'",
    "@",
    "é",
    "\\",
    ".",
    "0.",
    "1e3",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_VOCABULARY), max_size=25), st.sampled_from([" ", ""]))
def test_random_token_strings_only_ever_raise_parse_error(words: list[str], glue: str) -> None:
    source = glue.join(words)
    try:
        node = parse(source)
    except ParseError as error:
        assert 1 <= error.column <= len(source) + 1
        return
    result = compile_node(node)(Env())  # what parses must also evaluate without raising
    assert result is UNKNOWN or isinstance(result, bool | int | float | str | list)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_random_text_only_ever_raises_parse_error(source: str) -> None:
    with contextlib.suppress(ParseError):
        parse(source)


_VALUES = st.one_of(
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
    st.sampled_from(["x", "y", "yes"]),
    st.lists(st.sampled_from(["x", "y"]), max_size=2),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_VOCABULARY[:30]), min_size=1, max_size=15),
    st.dictionaries(st.sampled_from(["a", "b", "q_1"]), _VALUES),
)
def test_evaluation_never_raises_whatever_the_values(
    words: list[str], values: dict[str, Any]
) -> None:
    try:
        node = parse(" ".join(words))
    except ParseError:
        return
    env = Env(values=dict(values), status=dict.fromkeys(values, "answered"))
    result = compile_node(node)(env)
    assert result is UNKNOWN or isinstance(result, bool | int | float | str | list)


# --- three-valued logic ------------------------------------------------------------------

T, F, U = True, False, UNKNOWN
_LITERAL = {T: "true", F: "false", U: "u"}  # u: an unanswered question, so unknown

AND_TABLE = [
    (T, T, T),
    (T, F, F),
    (T, U, U),
    (F, T, F),
    (F, F, F),
    (F, U, F),
    (U, T, U),
    (U, F, F),
    (U, U, U),
]
OR_TABLE = [
    (T, T, T),
    (T, F, T),
    (T, U, T),
    (F, T, T),
    (F, F, F),
    (F, U, U),
    (U, T, T),
    (U, F, U),
    (U, U, U),
]


@pytest.mark.parametrize(("a", "b", "expected"), AND_TABLE)
def test_kleene_and(a: Any, b: Any, expected: Any) -> None:
    assert value(f"{_LITERAL[a]} and {_LITERAL[b]}") is expected


@pytest.mark.parametrize(("a", "b", "expected"), OR_TABLE)
def test_kleene_or(a: Any, b: Any, expected: Any) -> None:
    assert value(f"{_LITERAL[a]} or {_LITERAL[b]}") is expected


@pytest.mark.parametrize(("a", "expected"), [(T, F), (F, T), (U, U)])
def test_kleene_not(a: Any, expected: Any) -> None:
    assert value(f"not {_LITERAL[a]}") is expected


@pytest.mark.parametrize(
    "source",
    [
        "u == 1",
        "u != 1",
        "u < 1",
        "1 >= u",
        "u + 1 > 0",
        "-u < 0",
        "u in [1]",
        "1 in u",
        "'x' not in u",
        "[u, 1] == [1, 1]",
        "u == u",
    ],
)
def test_unknown_propagates_through_comparisons_and_arithmetic(source: str) -> None:
    assert value(source) is UNKNOWN


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a / 0 > 1", UNKNOWN),
        ("a / 0 < 1", UNKNOWN),
        ("not (a / 0 > 1)", UNKNOWN),
        ("a / 2 == 5", True),
        ("a * 3 - 1 == 29", True),
        ("a + 0.5 > 10", True),
        ("'x' + 1 > 0", UNKNOWN),
        ("'a' < 1", UNKNOWN),
        ("true == 1", False),
        ("a == 10.0", True),
        ("a in [1, 10]", True),
        ("a not in [1, 10]", False),
        ("'b2b' in m", True),
        ("'d2c' in m", False),
        ("'d2c' not in m", True),
        ("1 in a", UNKNOWN),
    ],
)
def test_evaluation_of_values(source: str, expected: Any) -> None:
    env = Env(values={"a": 10, "m": ["b2b", "b2c"]}, status={"a": "answered", "m": "answered"})
    assert value(source, env) is expected or value(source, env) == expected


def test_a_condition_holds_only_when_definitely_true() -> None:
    env = Env()
    assert holds(compile_node(parse("true")), env)
    assert not holds(compile_node(parse("u == 1")), env)
    assert not holds(compile_node(parse("false")), env)


def test_unknown_has_no_truth_value() -> None:
    with pytest.raises(TypeError):
        bool(UNKNOWN)


# --- functions ----------------------------------------------------------------------------


def test_response_functions_are_two_valued() -> None:
    env = Env(values={"a": 3}, status={"a": "answered", "d": "dont_know", "n": "not_applicable"})
    assert value("answered(a) and answered(d) and answered(n)", env) is True
    assert value("answered(missing)", env) is False
    assert value("dont_know(d) and not dont_know(a) and not dont_know(missing)", env) is True
    assert value("not_applicable(n) and not not_applicable(d)", env) is True
    assert value("d == 1", env) is UNKNOWN  # dont_know reads as unknown


def test_count_area_score_and_finding() -> None:
    env = Env(
        values={"m": ["x", "y"]},
        status={"m": "answered"},
        area_scores={"ops": 40.0, "empty": None},
        fired={"R-1"},
    )
    assert value("count(m)", env) == 2
    assert value("count(other)", env) is UNKNOWN
    assert value("area_score('ops') < 50", env) is True
    assert value("area_score('empty') < 50", env) is UNKNOWN
    assert value("finding('R-1') and not finding('R-2')", env) is True


def test_dont_know_count_counts_dont_know_answers_and_is_never_unknown() -> None:
    env = Env(
        values={"a": 3},
        status={"a": "answered", "b": "dont_know", "c": "dont_know", "d": "not_applicable"},
    )
    assert value("dont_know_count(a, b, c, d, missing)", env) == 2
    assert value("dont_know_count(a, d, missing)", env) == 0
    assert value("dont_know_count(b, c) >= 2", env) is True
    assert value("dont_know_count(a, b, c) >= 3", env) is False  # two-valued, like dont_know()


def test_count_true_on_its_own_is_unknown_when_any_condition_is() -> None:
    env = Env(values={"a": 1, "b": 2}, status={"a": "answered", "b": "answered"})
    assert value("count_true(a == 1, b == 1, true)", env) == 2
    assert value("count_true(a == 1, u == 1)", env) is UNKNOWN
    assert value("count_true(a == 1, u == 1) + 0 >= 1", env) is UNKNOWN  # not compared directly


# count_true(...) compared with a number: decided as soon as the unknowns cannot change it.
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("count_true(true, true, u == 1) >= 2", True),
        ("count_true(true, false, u == 1) >= 2", UNKNOWN),
        ("count_true(false, false, u == 1) >= 2", False),
        ("count_true(true, u == 1, u == 2) <= 0", False),
        ("count_true(true, u == 1, u == 2) < 4", True),
        ("count_true(true, u == 1) == 1", UNKNOWN),
        ("count_true(true, false) == 1", True),
        ("count_true(true, false) != 1", False),
        ("1 <= count_true(true, u == 1)", True),
        ("2 > count_true(false, u == 1)", True),
        ("count_true(true, u == 1) >= u", UNKNOWN),
        ("count_true(true, true) > count_true(false, u == 1)", True),
        ("count_true(true) > count_true(u == 1, u == 2)", UNKNOWN),
    ],
)
def test_count_true_compared_with_a_number(source: str, expected: Any) -> None:
    assert value(source) is expected


def test_three_of_five_equals_the_ten_combinations_of_three() -> None:
    """``count_true(a..e) >= 3`` is exactly the Kleene OR of the ten ANDs of three."""
    names = ["a", "b", "c", "d", "e"]
    expanded = " or ".join(
        "(" + " and ".join(f"{n} == 1" for n in combo) + ")"
        for combo in itertools.combinations(names, 3)
    )
    counted = "count_true(" + ", ".join(f"{n} == 1" for n in names) + ")"
    forms = {
        expanded: compile_node(parse(counted + " >= 3")),
        f"not ({expanded})": compile_node(parse(counted + " < 3")),
    }
    for states in itertools.product((1, 0, None), repeat=5):  # true, false, unknown
        env = Env(values={n: s for n, s in zip(names, states, strict=True) if s is not None})
        for oracle, compiled in forms.items():
            assert compiled(env) is value(oracle, env), (oracle, states)


def test_area_band_reads_the_band_and_is_unknown_without_a_score() -> None:
    env = Env(area_bands={"ops": "amber", "empty": None})
    assert value("area_band('ops') == 'amber'", env) is True
    assert value("area_band('ops') in ['red', 'green']", env) is False
    assert value("area_band('empty') == 'red'", env) is UNKNOWN
    assert value("area_band('empty') != 'red'", env) is UNKNOWN
    assert value("area_band('missing') == 'red'", env) is UNKNOWN
