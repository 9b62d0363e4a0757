"""Static checks of expressions at load time: names, choices, types, functions, arity."""

from __future__ import annotations

import pytest

from assessment.engine.errors import CheckError
from assessment.engine.expressions import (
    ALL_FUNCTIONS,
    QUESTION_FUNCTIONS,
    Context,
    NameInfo,
    check_condition,
    parse,
)

QUESTIONS = {
    "size": NameInfo("choice", ("micro", "small", "large")),
    "sponsor": NameInfo("choice", ("yes", "no")),
    "model": NameInfo("choices", ("b2b", "b2c")),
    "peak": NameInfo("number"),
    "notes": NameInfo("text"),
    "later": NameInfo("number"),
    "region": NameInfo("choice", ("north", "south"), dont_know=False),
}


def _order_error(name: str) -> str | None:
    return "comes later" if name == "later" else None


SHOW_IF = Context("show_if", QUESTIONS, QUESTION_FUNCTIONS, _order_error)
RULE = Context(
    "when",
    QUESTIONS,
    ALL_FUNCTIONS,
    lambda name: None,
    frozenset({"ops", "lead"}),
    rules_before=frozenset({"R-1"}),
    rules_all=frozenset({"R-1", "R-2", "R-3"}),
)


def check(source: str, context: Context = SHOW_IF) -> None:
    check_condition(parse(source), context)


@pytest.mark.parametrize(
    "source",
    [
        "size == 'micro'",
        "'micro' == size",
        "size != 'large' and sponsor == 'yes'",
        "size in ['micro', 'small']",
        "'b2b' in model",
        "'b2c' not in model",
        "count(model) >= 1",
        "peak > 100 and peak / 2 < 1000",
        "notes == 'x'",
        "answered(notes) or dont_know(peak) or not_applicable(size)",
        "true",
        "not (peak < 0)",
        "size == sponsor",
        "dont_know_count(size, sponsor, peak) >= 2",
        "dont_know_count(size) == 1",
        "count_true(size == 'micro', peak > 10, 'b2b' in model) >= 2",
        "count_true(dont_know(size), answered(notes)) + dont_know_count(peak) < 3",
        "not_applicable(region) or answered(region)",
    ],
)
def test_valid_conditions_pass(source: str) -> None:
    check(source)


@pytest.mark.parametrize(
    "source",
    [
        "area_score('ops') < 50 and finding('R-1')",
        "peak * 2 < area_score('lead')",
        "area_band('ops') == 'red'",
        "'amber' != area_band('ops')",
        "area_band('ops') in ['red', 'amber']",
        "area_band('ops') not in ['green'] and area_band('lead') == area_band('ops')",
    ],
)
def test_rule_functions_pass_in_rules(source: str) -> None:
    check(source, RULE)


@pytest.mark.parametrize(
    ("source", "column", "message", "context"),
    [
        ("siz == 'micro'", 1, "unknown question 'siz'; did you mean 'size'?", SHOW_IF),
        (
            "size == 'tiny'",
            9,
            "'tiny' is not a choice of question 'size' (choices: micro, small, large)",
            SHOW_IF,
        ),
        ("'tiny' == size", 1, "'tiny' is not a choice of question 'size'", SHOW_IF),
        ("size in ['micro', 'huge']", 19, "'huge' is not a choice of question 'size'", SHOW_IF),
        ("'b2x' in model", 1, "'b2x' is not a choice of question 'model'", SHOW_IF),
        ("model == 'b2b'", 7, "multiple-choice question", SHOW_IF),
        ("sponsor == true", 9, "cannot compare a choice with a condition", SHOW_IF),
        ("peak == 'many'", 6, "cannot compare a number with a string", SHOW_IF),
        ("peak > 'a'", 6, "needs numbers on both sides", SHOW_IF),
        ("size < 3", 6, "needs numbers on both sides", SHOW_IF),
        ("peak + 1", 1, "must be a condition (true or false), but this is a number", SHOW_IF),
        ("size", 1, "must be a condition", SHOW_IF),
        ("peak and true", 1, "'and' needs a condition on both sides, not a number", SHOW_IF),
        ("not peak", 1, "'not' needs a condition, not a number", SHOW_IF),
        ("-size > 1", 1, "'-' needs a number", SHOW_IF),
        ("peak in 3", 6, "needs a list or a multiple-choice question on its right", SHOW_IF),
        ("later > 1", 1, "comes later", SHOW_IF),
        ("answered(later)", 10, "comes later", SHOW_IF),
        ("area_score('ops') < 1", 1, "only allowed in rule conditions, not in show_if", SHOW_IF),
        ("finding('R-1')", 1, "only allowed in rule conditions", SHOW_IF),
        ("answered(size, peak)", 1, "answered() takes exactly 1 argument, got 2", SHOW_IF),
        ("count() > 1", 1, "count() takes exactly 1 argument, got 0", SHOW_IF),
        ("answered('size')", 10, "takes a question id", SHOW_IF),
        ("count(size) > 1", 7, "count() needs a multiple-choice question", SHOW_IF),
        ("shout(size)", 1, "unknown function 'shout'", SHOW_IF),
        ("dont_know_count() > 1", 1, "dont_know_count() takes at least 1 argument, got 0", SHOW_IF),
        ("count_true() > 1", 1, "count_true() takes at least 1 argument, got 0", SHOW_IF),
        ("dont_know_count(size, peak, size) > 1", 29, "lists 'size' twice", SHOW_IF),
        ("dont_know_count(size, 'peak') > 1", 23, "takes question ids", SHOW_IF),
        ("dont_know_count(size, later) > 1", 23, "comes later", SHOW_IF),
        ("dont_know_count(siz) > 1", 17, "unknown question 'siz'", SHOW_IF),
        (
            "dont_know_count(size)",
            1,
            "must be a condition (true or false), but this is a number",
            SHOW_IF,
        ),
        ("dont_know_count(size) and true", 1, "'and' needs a condition on both sides", SHOW_IF),
        ("dont_know_count(size) == 'two'", 23, "cannot compare a number with a string", SHOW_IF),
        ("count_true(size == 'micro', peak) >= 1", 29, "argument 2 is a number", SHOW_IF),
        ("count_true(size == 'tiny') >= 1", 20, "'tiny' is not a choice", SHOW_IF),
        ("count_true(later > 1) >= 1", 12, "comes later", SHOW_IF),
        (
            "dont_know_count(size, region) >= 1",
            23,
            "'region' does not offer \"don't know\" (allow_dont_know is false)",
            SHOW_IF,
        ),
        ("dont_know(region)", 11, "so dont_know() is never true for it", SHOW_IF),
        ("area_score('hr') < 5", 12, "unknown area 'hr' (areas: lead, ops)", RULE),
        ("area_score(ops) < 5", 12, "takes a quoted id", RULE),
        (
            "area_band('ops') == 'redd'",
            21,
            "'redd' is not a band (area_band('ops') is one of red, amber, green)",
            RULE,
        ),
        ("area_band('ops') in ['red', 'Amber']", 29, "'Amber' is not a band", RULE),
        ("area_band('hr') == 'red'", 11, "unknown area 'hr' (areas: lead, ops)", RULE),
        ("area_band('ops') < 'green'", 18, "needs numbers on both sides", RULE),
        ("area_band('ops') == 2", 18, "cannot compare a choice with a number", RULE),
        ("area_band('ops')", 1, "must be a condition (true or false), but this is a choice", RULE),
        ("area_band(ops) == 'red'", 11, "takes a quoted id", RULE),
        ("area_band('ops') == 'red'", 1, "only allowed in rule conditions", SHOW_IF),
        ("finding('R-2')", 9, "not evaluated before this one", RULE),
        ("finding('R-9')", 9, "unknown rule 'R-9'", RULE),
    ],
)
def test_static_errors_name_the_problem_and_column(
    source: str, column: int, message: str, context: Context
) -> None:
    with pytest.raises(CheckError) as caught:
        check(source, context)
    assert message in caught.value.message
    assert caught.value.column == column, caught.value
