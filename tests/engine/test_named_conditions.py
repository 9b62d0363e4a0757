"""Named conditions (``conditions:`` in rules.yaml): use by name, load-time checks, cycles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assessment.engine import DefinitionError, Issue, Questionnaire, evaluate, load_questionnaire
from assessment.engine.export import questionnaire_json

from .builders import build, choice, line_of, rule, section, yes_no

SIZE = choice("size", {"micro": None, "small": None, "large": None})
TEAM = {
    "id": "team",
    "type": "number",
    "text": {"en": "team"},
    "sources": ["KS-1"],
    "min": 0,
}
GUARD = "size == 'large' and team > 5"


def questionnaire(
    tmp_path: Path,
    conditions: dict[str, str],
    rules: list[dict[str, Any]],
    questions: list[dict[str, Any]] | None = None,
) -> Path:
    """Profile (size, team), area a (sponsor, meetings), and the given rules.yaml."""
    return build(
        tmp_path / "named",
        [
            section("profile", "profile", [SIZE, TEAM]),
            section("sa", "a", questions or [yes_no("sponsor"), yes_no("meetings")]),
        ],
        rules=rules,
        conditions=conditions,
    )


def issues_of(folder: Path) -> list[Issue]:
    with pytest.raises(DefinitionError) as caught:
        load_questionnaire(folder)
    return caught.value.issues


def only_issue(folder: Path) -> Issue:
    issues = issues_of(folder)
    assert len(issues) == 1, "\n".join(map(str, issues))
    return issues[0]


def rules_line(folder: Path, snippet: str) -> int:
    return line_of((folder / "rules.yaml").read_text(encoding="utf-8"), snippet)


# --- using them --------------------------------------------------------------------------


@pytest.fixture
def guarded(tmp_path: Path) -> Questionnaire:
    return load_questionnaire(
        questionnaire(
            tmp_path,
            {
                "large_team": GUARD,
                "unsteered": "large_team and (sponsor == 'no' or meetings == 'no')",
            },
            [
                rule("NO-SPONSOR", "a", "sponsor == 'no' and large_team"),
                rule("UNSTEERED", "a", "unsteered"),
                rule("SMALL", "a", "not large_team"),
            ],
        )
    )


@pytest.mark.parametrize(
    ("answers", "fired"),
    [
        ({"size": "large", "team": 6, "sponsor": "no"}, ["NO-SPONSOR", "UNSTEERED"]),
        ({"size": "large", "team": 6, "meetings": "no"}, ["UNSTEERED"]),
        ({"size": "large", "team": 5, "sponsor": "no"}, ["SMALL"]),
        ({"size": "small", "team": 60, "sponsor": "no"}, ["SMALL"]),
        ({"size": "large", "sponsor": "no"}, []),  # team unknown: neither large nor small
        ({"sponsor": "no"}, []),
    ],
)
def test_a_named_condition_means_its_expression(
    guarded: Questionnaire, answers: dict[str, Any], fired: list[str]
) -> None:
    assert evaluate(guarded, answers).finding_ids() == fired


def test_named_conditions_are_part_of_the_questionnaire_and_its_export(
    guarded: Questionnaire,
) -> None:
    assert guarded.conditions["large_team"] == GUARD
    assert guarded.rule("NO-SPONSOR").when == "sponsor == 'no' and large_team"  # as written
    assert questionnaire_json(guarded)["conditions"] == dict(guarded.conditions)


def test_a_named_condition_may_be_defined_after_the_one_that_uses_it(tmp_path: Path) -> None:
    folder = questionnaire(
        tmp_path,
        {"outer": "inner and sponsor == 'no'", "inner": GUARD},
        [rule("R", "a", "outer")],
    )
    loaded = load_questionnaire(folder)
    assert evaluate(loaded, {"size": "large", "team": 9, "sponsor": "no"}).finding_ids() == ["R"]


# --- load-time checks ----------------------------------------------------------------------


def test_unknown_question_in_a_condition_is_reported_at_its_definition(tmp_path: Path) -> None:
    folder = questionnaire(
        tmp_path, {"large_team": "siz == 'large'"}, [rule("R", "a", "large_team")]
    )
    issue = only_issue(folder)  # not again at the rule that uses it
    assert issue.file.endswith("rules.yaml")
    assert issue.line == rules_line(folder, "large_team: siz")
    assert issue.message == (
        "condition 'large_team': unknown question or condition 'siz'; did you mean 'size'? "
        "at column 1 of \"siz == 'large'\""
    )


def test_wrong_choice_and_syntax_errors_in_conditions(tmp_path: Path) -> None:
    folder = questionnaire(
        tmp_path,
        {"huge": "size == 'huge'", "broken": "team >", "fine": GUARD},
        [rule("R", "a", "huge or broken or fine")],
    )
    issues = issues_of(folder)
    assert [(i.line, i.message.split(" at column")[0]) for i in issues] == [
        (
            rules_line(folder, "huge: size"),
            "condition 'huge': 'huge' is not a choice of question 'size' (choices: micro, "
            "small, large)",
        ),
        (rules_line(folder, "broken: team"), "condition 'broken': the expression ends too early"),
    ]


def test_a_condition_must_be_true_or_false(tmp_path: Path) -> None:
    folder = questionnaire(tmp_path, {"team_size": "team * 2"}, [rule("R", "a", "team_size")])
    assert only_issue(folder).message.startswith(
        "condition 'team_size': a named condition must be a condition (true or false), but "
        "this is a number"
    )


@pytest.mark.parametrize(
    ("conditions", "first", "message"),
    [
        ({"a": "b and team > 1", "b": "a"}, "a", "condition 'a' is circular: a → b → a"),
        ({"a": "a or team > 1"}, "a", "condition 'a' is circular: a → a"),
        (
            {"x": "team > 1", "a": "b and x", "b": "c", "c": "a"},
            "a",
            "condition 'a' is circular: a → b → c → a",
        ),
    ],
)
def test_circular_conditions_are_reported_once(
    tmp_path: Path, conditions: dict[str, str], first: str, message: str
) -> None:
    folder = questionnaire(tmp_path, conditions, [rule("R", "a", " and ".join(conditions))])
    issue = only_issue(folder)
    assert (issue.line, issue.message) == (rules_line(folder, f"{first}: "), message)


def test_a_condition_may_not_have_the_id_of_a_question(tmp_path: Path) -> None:
    folder = questionnaire(tmp_path, {"sponsor": "team > 1"}, [rule("R", "a", "sponsor == 'no'")])
    issue = only_issue(folder)
    assert issue.line == rules_line(folder, "sponsor: team")
    assert issue.message == "condition 'sponsor' has the id of a question; give it another name"


@pytest.mark.parametrize(
    ("name", "problem"), [("Large", "should match pattern"), ("and", "reserved")]
)
def test_a_condition_name_is_a_snake_case_word(tmp_path: Path, name: str, problem: str) -> None:
    folder = questionnaire(tmp_path, {name: GUARD}, [rule("R", "a", "sponsor == 'no'")])
    issue = only_issue(folder)
    assert issue.line == rules_line(folder, f"{name}: ")
    assert issue.message.startswith(f"conditions.{name}") and problem in issue.message


def test_an_unused_condition_is_reported(tmp_path: Path) -> None:
    folder = questionnaire(
        tmp_path, {"used": GUARD, "forgotten": "team > 100"}, [rule("R", "a", "used")]
    )
    issue = only_issue(folder)
    assert (issue.line, issue.message) == (
        rules_line(folder, "forgotten: "),
        "condition 'forgotten' is never used",
    )


def test_a_typo_in_a_condition_name_suggests_the_condition(tmp_path: Path) -> None:
    folder = questionnaire(tmp_path, {"large_team": GUARD}, [rule("R", "a", "large_tem")])
    messages = [issue.message for issue in issues_of(folder)]
    assert messages[0].startswith(
        "when of rule R: unknown question or condition 'large_tem'; did you mean 'large_team'?"
    )


def test_conditions_are_for_rules_not_for_show_if(tmp_path: Path) -> None:
    folder = questionnaire(
        tmp_path,
        {"large_team": GUARD},
        [rule("R", "a", "large_team")],
        questions=[yes_no("sponsor"), yes_no("meetings", show_if="large_team")],
    )
    issue = only_issue(folder)
    assert issue.file.endswith("sections/sa.yaml")
    assert issue.message.startswith(
        "show_if of question 'meetings': 'large_team' is a named condition of rules.yaml; named "
        "conditions can only be used in rule conditions, not in show_if at column 1"
    )


def test_a_finding_inside_a_condition_is_checked_where_the_condition_is_used(
    tmp_path: Path,
) -> None:
    folder = questionnaire(
        tmp_path,
        {"unsponsored_large": "finding('NO-SPONSOR') and size == 'large'"},
        [
            rule("EARLY", "a", "meetings == 'no' and unsponsored_large"),
            rule("NO-SPONSOR", "a", "sponsor == 'no'"),
            rule("LATE", "a", "unsponsored_large"),
        ],
    )
    issue = only_issue(folder)
    assert issue.line == rules_line(folder, "when: meetings == 'no' and unsponsored_large")
    assert issue.message.startswith(
        "when of rule EARLY: condition 'unsponsored_large': finding('NO-SPONSOR') refers to a "
        "rule that is not evaluated before this one (rules run in file order) at column 22"
    )


def test_an_error_in_a_block_scalar_condition_points_at_its_line(tmp_path: Path) -> None:
    folder = questionnaire(tmp_path, {"large_team": GUARD}, [rule("R", "a", "large_team")])
    text = (folder / "rules.yaml").read_text(encoding="utf-8")
    broken = text.replace(
        f"  large_team: {GUARD}\n",
        "  large_team: |\n    size == 'large'\n    and team >> 5\n",
    )
    assert broken != text
    (folder / "rules.yaml").write_text(broken, encoding="utf-8")
    issue = only_issue(folder)
    assert issue.line == line_of(broken, "and team >> 5")
    assert "condition 'large_team': unexpected '>' at column 27" in issue.message


def test_an_unused_condition_is_reported_next_to_a_rule_that_never_fires(tmp_path: Path) -> None:
    folder = questionnaire(
        tmp_path,
        {"used": GUARD, "forgotten": "team > 100"},
        [rule("R", "a", "used"), rule("DEAD", "a", "used and false")],
    )
    assert [issue.message for issue in issues_of(folder)] == [
        "condition 'forgotten' is never used",
        "rule DEAD can never fire: its condition can never be true",
    ]
