"""Every kind of invalid definition: each reported with file, line and a precise message.

Each test breaks a private copy of the mini questionnaire in one place and asserts the
issue (and, where the break is isolated, that it is the only one: no follow-on noise).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.engine import DefinitionError, Issue, load_questionnaire

from .builders import copy_mini, edit, line_of


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return copy_mini(tmp_path / "mini")


def issues_of(folder: Path) -> list[Issue]:
    with pytest.raises(DefinitionError) as caught:
        load_questionnaire(folder)
    assert str(caught.value) == "\n".join(str(issue) for issue in caught.value.issues)
    return caught.value.issues


def only_issue(folder: Path) -> Issue:
    issues = issues_of(folder)
    assert len(issues) == 1, "\n".join(map(str, issues))
    return issues[0]


def assert_at(issue: Issue, file: str, line: int, message: str) -> None:
    assert issue.file.endswith(file), issue
    assert issue.line == line, issue
    assert message in issue.message, issue
    assert str(issue) == f"{issue.file}:{issue.line}: {issue.message}"


def break_file(folder: Path, file: str, old: str, new: str, marker: str | None = None) -> int:
    """Apply an edit and return the line of ``marker`` (default: the new text) in the file."""
    text = edit(folder / file, old, new)
    return line_of(text, marker or new)


LEAD = "sections/leadership.yaml"
OPS = "sections/operations.yaml"
PROFILE = "sections/profile.yaml"


def test_the_intact_mini_questionnaire_loads(folder: Path) -> None:
    assert load_questionnaire(folder).id == "mini"


def test_invalid_yaml(folder: Path) -> None:
    line = break_file(folder, LEAD, "    weight: 2\n", "    weight: [2\n", "weight: [2")
    issue = issues_of(folder)[0]
    assert issue.file.endswith(LEAD) and "invalid YAML" in issue.message
    assert issue.line >= line


def test_duplicate_yaml_key(folder: Path) -> None:
    line = break_file(
        folder, LEAD, "    weight: 2\n", "    weight: 2\n    weight: 3\n", "weight: 3"
    )
    assert_at(only_issue(folder), LEAD, line, "duplicate key 'weight'")


def test_unknown_question_type(folder: Path) -> None:
    line = break_file(
        folder, LEAD, "type: yes_no\n    weight: 2", "type: slider\n    weight: 2", "slider"
    )
    assert_at(
        only_issue(folder), LEAD, line, "unknown question type 'slider' (known types: single_choice"
    )


def test_unknown_key_is_a_typo(folder: Path) -> None:
    line = break_file(folder, LEAD, "show_if: sponsor == 'yes'", "show_iff: sponsor == 'yes'")
    assert_at(only_issue(folder), LEAD, line, "questions[1]: unknown key 'show_iff'")


def test_missing_required_key(folder: Path) -> None:
    line = line_of((folder / LEAD).read_text(), "- id: sponsor\n")
    edit(
        folder / LEAD,
        '    text: {en: "Is there a named executive sponsor?", '
        'nl: "Is er een benoemde sponsor?"}\n',
        "",
    )
    assert_at(only_issue(folder), LEAD, line, "questions[0]: missing required key 'text'")


def test_condition_names_an_unknown_question(folder: Path) -> None:
    line = break_file(folder, LEAD, "show_if: sponsor == 'yes'", "show_if: sponsr == 'yes'")
    assert_at(
        only_issue(folder),
        LEAD,
        line,
        "show_if of question 'sponsor_involvement': unknown question 'sponsr'; did you mean "
        "'sponsor'? at column 1 of \"sponsr == 'yes'\"",
    )


def test_condition_names_an_unknown_choice(folder: Path) -> None:
    line = break_file(folder, OPS, "show_if: org_size != 'micro'", "show_if: org_size != 'mikro'")
    assert_at(
        only_issue(folder),
        OPS,
        line,
        "show_if of section 'operations': 'mikro' is not a choice of question 'org_size' "
        "(choices: micro, small, large) at column 13",
    )


def test_rule_condition_names_an_unknown_choice(folder: Path) -> None:
    line = break_file(folder, "rules.yaml", "when: sponsor == 'no'", "when: sponsor == 'nope'")
    assert_at(only_issue(folder), "rules.yaml", line, "when of rule LD-1: 'nope' is not a choice")


def test_expression_syntax_error_gives_line_and_column(folder: Path) -> None:
    line = break_file(folder, "rules.yaml", "when: sponsor == 'no'", "when: sponsor == 'no' and (")
    assert_at(
        only_issue(folder),
        "rules.yaml",
        line,
        "when of rule LD-1: the expression ends too early at column 22",
    )


def test_expression_error_in_a_block_scalar_points_at_its_line(folder: Path) -> None:
    text = edit(
        folder / "rules.yaml",
        "when: sponsor == 'no'\n",
        "when: |\n      sponsor == 'no'\n      and = 1\n",
    )
    assert_at(
        only_issue(folder),
        "rules.yaml",
        line_of(text, "and = 1"),
        "single '=' is not an operator; use '==' to compare at column 21",
    )


def test_function_not_allowed_in_show_if(folder: Path) -> None:
    line = break_file(
        folder, LEAD, "show_if: sponsor == 'yes'", "show_if: area_score('leadership') > 1"
    )
    assert_at(
        only_issue(folder),
        LEAD,
        line,
        "area_score() is only allowed in rule conditions, not in show_if",
    )


def test_function_arity(folder: Path) -> None:
    line = break_file(
        folder, LEAD, "show_if: sponsor == 'yes'", "show_if: answered(sponsor, org_size)"
    )
    assert_at(
        only_issue(folder), LEAD, line, "answered() takes exactly 1 argument, got 2 at column 1"
    )


def test_finding_of_a_later_rule(folder: Path) -> None:
    line = break_file(folder, "rules.yaml", "when: sponsor == 'no'", "when: finding('OP-1')")
    assert_at(
        only_issue(folder),
        "rules.yaml",
        line,
        "finding('OP-1') refers to a rule that is not evaluated before this one",
    )


def test_duplicate_question_id_names_the_first(folder: Path) -> None:
    first = line_of((folder / LEAD).read_text(), "- id: sponsor\n")
    line = break_file(folder, OPS, "- id: b2b_portal", "- id: sponsor")
    issue = only_issue(folder)
    assert_at(issue, OPS, line, "duplicate question id 'sponsor' (first at ")
    assert issue.message.endswith(f"{LEAD}:{first})")


def test_duplicate_rule_id(folder: Path) -> None:
    line = break_file(folder, "rules.yaml", "- id: LD-2", "- id: LD-1", "also_areas") - 2
    assert_at(only_issue(folder), "rules.yaml", line, "duplicate rule id 'LD-1' (first at ")


def test_duplicate_choice_value(folder: Path) -> None:
    line = break_file(folder, LEAD, "{value: monthly,", "{value: weekly,", "points: 60")
    assert_at(only_issue(folder), LEAD, line, "question 'checkpoints': duplicate choice 'weekly'")


def test_missing_translation(folder: Path) -> None:
    line = break_file(
        folder, LEAD, "title: {en: Leadership, nl: Leiderschap}", "title: {en: Leadership}"
    )
    assert_at(only_issue(folder), LEAD, line, "title: missing translation: nl")


def test_missing_translation_deep_in_a_question(folder: Path) -> None:
    line = break_file(folder, LEAD, "2: {en: Rarely, nl: Zelden}", "2: {en: Rarely}")
    assert_at(only_issue(folder), LEAD, line, "questions[1].labels[2]: missing translation: nl")


def test_question_without_sources(folder: Path) -> None:
    text = (folder / PROFILE).read_text()
    edit(folder / PROFILE, "    sources: [KS-1]\n", "")
    assert_at(
        only_issue(folder),
        PROFILE,
        line_of(text, "- id: notes"),
        "questions[3]: no sources; cite at least one source id",
    )


def test_question_with_empty_sources(folder: Path) -> None:
    line = break_file(folder, PROFILE, "    sources: [KS-1]\n", "    sources: []\n", "sources: []")
    assert_at(only_issue(folder), PROFILE, line, "questions[3].sources: no sources")


def test_rule_without_sources(folder: Path) -> None:
    text = (folder / "rules.yaml").read_text()
    edit(folder / "rules.yaml", "    effort: L\n    sources: [KS-2]\n", "    effort: L\n")
    assert_at(only_issue(folder), "rules.yaml", line_of(text, "- id: OP-1"), "rules[2]: no sources")


def test_source_not_in_the_catalogue(folder: Path) -> None:
    line = break_file(
        folder,
        LEAD,
        "    sources: [KS-1]\n    points: {yes: 100, no: 0}",
        "    sources: [KS-1, KS-9]\n    points: {yes: 100, no: 0}",
        "KS-9",
    )
    assert_at(only_issue(folder), LEAD, line, "unknown source 'KS-9' (not in sources.yaml)")


def test_rule_and_role_sources_not_in_the_catalogue(folder: Path) -> None:
    rule_line = break_file(
        folder,
        "rules.yaml",
        "effort: M\n    sources: [KS-1, KS-2]",
        "effort: M\n    sources: [KS-1, TM-2]",
        "TM-2",
    )
    role_line = break_file(folder, "roles.yaml", "sources: [KS-2]", "sources: [RR-7]")
    issues = issues_of(folder)
    assert len(issues) == 2
    assert_at(issues[0], "roles.yaml", role_line, "unknown source 'RR-7'")
    assert_at(issues[1], "rules.yaml", rule_line, "unknown source 'TM-2'")


def test_scored_choice_without_points(folder: Path) -> None:
    line = break_file(folder, LEAD, "{value: monthly, points: 60,", "{value: monthly,")
    assert_at(
        only_issue(folder),
        LEAD,
        line,
        "question 'checkpoints': choice 'monthly' of a scored question has no points",
    )


def test_scored_yes_no_without_points(folder: Path) -> None:
    edit(folder / LEAD, "    points: {yes: 100, no: 0}\n", "")
    line = line_of((folder / LEAD).read_text(), "- id: sponsor\n")
    assert_at(
        only_issue(folder), LEAD, line, "question 'sponsor': a scored yes_no question needs points"
    )


def test_question_depending_on_a_later_question(folder: Path) -> None:
    line = break_file(folder, LEAD, "show_if: sponsor == 'yes'", "show_if: checkpoints == 'weekly'")
    assert_at(
        only_issue(folder),
        LEAD,
        line,
        "show_if of question 'sponsor_involvement': cannot depend on 'checkpoints', which comes "
        "later in the questionnaire (a condition may only depend on earlier questions) at column 1",
    )


def test_question_depending_on_itself(folder: Path) -> None:
    line = break_file(folder, LEAD, "show_if: sponsor == 'yes'", "show_if: sponsor_involvement > 1")
    assert_at(only_issue(folder), LEAD, line, "cannot depend on the question itself")


def test_section_depending_on_its_own_question(folder: Path) -> None:
    line = break_file(folder, OPS, "show_if: org_size != 'micro'", "show_if: packing_per_hour > 1")
    assert_at(
        only_issue(folder),
        OPS,
        line,
        "show_if of section 'operations': cannot depend on 'packing_per_hour'",
    )


@pytest.mark.parametrize(
    "condition",
    [
        "false",
        "sponsor == 'yes' and sponsor == 'no'",
        "sponsor == 'yes' and not (sponsor == 'yes')",
        "org_size == 'micro' and org_size != 'micro'",
        "not answered(sponsor) and sponsor == 'yes'",
        "dont_know(sponsor) and sponsor == 'no'",
        "'roi' in kpis and count(kpis) == 0",
        "dont_know_count(sponsor, checkpoints) >= 3",
        "count_true(sponsor == 'yes', sponsor == 'no') >= 2",
        "dont_know_count(sponsor, kpis) == 2 and answered(sponsor) == false",
    ],
)
def test_question_that_can_never_be_shown(folder: Path, condition: str) -> None:
    edit(folder / OPS, "show_if: \"'b2b' in business_model\"", f'show_if: "{condition}"')
    line = line_of((folder / OPS).read_text(), f'show_if: "{condition}"')
    assert_at(
        only_issue(folder),
        OPS,
        line,
        "question 'b2b_portal' can never be shown: its show_if can never be true",
    )


@pytest.mark.parametrize(
    "condition",
    [
        "true",
        "sponsor == 'yes' or sponsor == 'no'",
        "not answered(sponsor)",
        "dont_know(sponsor)",
        "peak_orders_per_day > 10 and peak_orders_per_day < 20",
        "packing_per_hour * shift_hours < peak_orders_per_day",
        "notes == 'x'",
        "count(kpis) == 3",
        "dont_know_count(sponsor, checkpoints) >= 2",
        "count_true(sponsor == 'yes', checkpoints == 'weekly', peak_orders_per_day > 9) >= 3",
        "count_true(sponsor == 'yes', sponsor == 'no') == 1",
    ],
)
def test_conditions_that_can_hold_are_accepted(folder: Path, condition: str) -> None:
    edit(folder / OPS, "show_if: \"'b2b' in business_model\"", f'show_if: "{condition}"')
    assert load_questionnaire(folder).questions["b2b_portal"].show_if == condition


def test_section_that_can_never_be_shown(folder: Path) -> None:
    line = break_file(
        folder,
        OPS,
        "show_if: org_size != 'micro'",
        "show_if: org_size == 'micro' and org_size == 'large'",
    )
    assert_at(only_issue(folder), OPS, line, "section 'operations' can never be shown")


def test_question_depending_on_a_never_shown_question(folder: Path) -> None:
    edit(folder / LEAD, "show_if: sponsor == 'yes'", "show_if: \"'a' == 'b'\"")
    line = break_file(
        folder,
        LEAD,
        '    allow_not_applicable: true\n    text: {en: "How often',
        "    allow_not_applicable: true\n    show_if: sponsor_involvement > 2\n"
        '    text: {en: "How often',
        "sponsor_involvement > 2",
    )
    issues = issues_of(folder)
    assert len(issues) == 3, "\n".join(map(str, issues))
    rule_line = line_of((folder / "rules.yaml").read_text(), "when: checkpoints == 'never'")
    assert_at(issues[0], "rules.yaml", rule_line, "rule LD-2 can never fire")  # reads checkpoints
    assert "question 'sponsor_involvement' can never be shown" in issues[1].message
    assert_at(issues[2], LEAD, line, "question 'checkpoints' can never be shown")


def test_constraint_is_checked(folder: Path) -> None:
    line = break_file(
        folder,
        PROFILE,
        "constraint: peak_orders_per_day <= 1000000",
        "constraint: peak_orders_per_day <= notes",
    )
    assert_at(
        only_issue(folder),
        PROFILE,
        line,
        "constraint of question 'peak_orders_per_day': cannot depend on 'notes'",
    )


def test_section_with_unknown_area(folder: Path) -> None:
    line = break_file(folder, OPS, "area: operations", "area: logistics")
    assert_at(
        only_issue(folder),
        OPS,
        line,
        "unknown area 'logistics' (areas: leadership, operations, profile)",
    )


def test_rule_with_unknown_area_owner_and_bad_cap(folder: Path) -> None:
    area = break_file(folder, "rules.yaml", "also_areas: [operations]", "also_areas: [warehouse]")
    owner = break_file(
        folder,
        "rules.yaml",
        "effort: M",
        "effort: M\n    caps_band: red  # on a low rule",
        "# on a low",
    )
    role = break_file(
        folder,
        "rules.yaml",
        "owner: ops_manager\n    effort: L",
        "owner: cfo\n    effort: L",
        "owner: cfo",
    )
    issues = issues_of(folder)
    assert [(i.line, i.message) for i in issues] == [
        (area, "rule LD-2: unknown area 'warehouse' (areas: leadership, operations)"),
        (role, "rule OP-1: unknown owner role 'cfo' (not in roles.yaml)"),
        (
            owner,
            "rule OP-2: only a high-severity rule may cap a band (severity or a severity_if high)",
        ),
    ]


def test_profile_questions_are_never_scored(folder: Path) -> None:
    line = break_file(
        folder,
        PROFILE,
        "    required: false\n",
        "    required: false\n    scored: true\n",
        "scored: true",
    )
    issues = issues_of(folder)
    assert any(
        i.line == line and "free_text questions are never scored" in i.message for i in issues
    )
    line = break_file(
        folder,
        PROFILE,
        "    integer: true\n",
        "    integer: true\n    scored: true\n",
        "scored: true",
    )
    assert any(
        i.line == line and "profile questions are never scored" in i.message
        for i in issues_of(folder)
    )


def test_levels_and_bands(folder: Path) -> None:
    levels = break_file(
        folder, "questionnaire.yaml", "{level: 3, min: 40,", "{level: 3, min: 10,", "level: 3"
    )
    bands = break_file(
        folder, "questionnaire.yaml", "{id: amber, min: 50,", "{id: amber, min: 0,", "id: amber"
    )
    issues = issues_of(folder)
    first_level = line_of((folder / "questionnaire.yaml").read_text(), "levels:")
    first_band = line_of((folder / "questionnaire.yaml").read_text(), "bands:")
    assert [(i.line, i.message) for i in issues] == [
        (first_level, "the levels min must increase strictly from low to high"),
        (first_band, "the bands min must increase strictly from low to high"),
    ]
    assert levels > first_level and bands > first_band


def test_bands_must_be_red_amber_green(folder: Path) -> None:
    line = break_file(
        folder, "questionnaire.yaml", "{id: green, min: 75,", "{id: blue, min: 75,", "id: blue"
    )
    issue = only_issue(folder)
    assert_at(
        issue, "questionnaire.yaml", line, "bands[2].id: Input should be 'red', 'amber' or 'green'"
    )


def test_area_without_scored_questions(folder: Path) -> None:
    edit(folder / "questionnaire.yaml", "  - operations.yaml\n", "")
    edit(
        folder / "rules.yaml",
        "when: packing_per_hour * shift_hours < peak_orders_per_day",
        "when: sponsor == 'no'",
    )
    line = line_of((folder / "questionnaire.yaml").read_text(), "- id: operations")
    assert_at(
        only_issue(folder), "questionnaire.yaml", line, "area 'operations' has no scored questions"
    )


def test_missing_section_file(folder: Path) -> None:
    (folder / OPS).unlink()
    issues = issues_of(folder)
    assert_at(issues[0], OPS, 1, "file not found")
    assert len(issues) == 1  # no follow-on noise from rules naming its questions


def test_section_file_name_cannot_leave_the_folder(folder: Path) -> None:
    line = break_file(folder, "questionnaire.yaml", "  - operations.yaml", "  - ../operations.yaml")
    issues = issues_of(folder)
    assert_at(
        issues[0],
        "questionnaire.yaml",
        line,
        "section file name '../operations.yaml' must be a plain *.yaml name",
    )


def test_every_error_is_collected_not_just_the_first(folder: Path) -> None:
    edit(folder / LEAD, "type: yes_no\n    weight: 2", "type: slider\n    weight: 2")
    edit(folder / OPS, "area: operations", "area: logistics")
    edit(
        folder / "roles.yaml", "{en: Executive sponsor, nl: Sponsor}", "{en: Sponsor, fr: Sponsor}"
    )
    edit(folder / "sources.yaml", "- id: KS-2", "- id: KS-1")
    messages = [issue.message for issue in issues_of(folder)]
    assert any("unknown question type 'slider'" in m for m in messages)
    assert any("unknown area 'logistics'" in m for m in messages)
    assert any("unknown language fr" in m for m in messages)
    assert any("duplicate source id 'KS-1'" in m for m in messages)
    assert len(messages) >= 5


def test_not_a_questionnaire_folder(tmp_path: Path) -> None:
    issues = issues_of(tmp_path)
    assert issues[0].message == "file not found" and issues[0].file.endswith("questionnaire.yaml")


def test_v1_passage_en_is_accepted_for_every_language(folder: Path) -> None:
    edit(
        folder / "sources.yaml",
        "text: {en: Small teams do everything., nl: Kleine teams doen alles.}",
        "passage_en: Small teams do everything.",
    )
    source = load_questionnaire(folder).sources["KS-2"]
    assert source.text == {
        "en": "Small teams do everything.",
        "nl": "Small teams do everything.",
    }


def test_question_contradicting_its_section_can_never_be_shown(folder: Path) -> None:
    edit(folder / OPS, "show_if: \"'b2b' in business_model\"", "show_if: org_size == 'micro'")
    line = line_of((folder / OPS).read_text(), "show_if: org_size == 'micro'")
    assert_at(
        only_issue(folder),
        OPS,
        line,
        "question 'b2b_portal' can never be shown: its show_if can never be true together "
        "with its section's show_if",
    )


def test_scored_questions_always_offer_dont_know(folder: Path) -> None:
    line = break_file(
        folder,
        LEAD,
        "    weight: 2\n",
        "    weight: 2\n    allow_dont_know: false\n",
        "allow_dont_know",
    )
    assert_at(
        only_issue(folder),
        LEAD,
        line,
        "question 'sponsor': a scored question always offers dont_know",
    )


def test_dont_know_count_of_a_question_without_dont_know(folder: Path) -> None:
    line = break_file(
        folder,
        "rules.yaml",
        "when: sponsor == 'no'",
        "when: dont_know_count(sponsor, org_size) >= 1",
    )
    assert_at(
        only_issue(folder),
        "rules.yaml",
        line,
        "when of rule LD-1: 'org_size' does not offer \"don't know\" (allow_dont_know is false), "
        "so dont_know_count() can never count it at column 26",
    )


# --- rules that can never fire ---------------------------------------------------------------

NEVER_FIRES = [
    "false",
    "sponsor == 'no' and sponsor == 'yes'",
    "checkpoints in ['weekly', 'monthly'] and checkpoints == 'never'",
    "not (sponsor == 'no') and sponsor != 'yes' and answered(sponsor) and not dont_know(sponsor)",
    "checkpoints == 'weekly' and dont_know(checkpoints)",
    "dont_know_count(sponsor, checkpoints) >= 3",
    # sponsor_involvement is only asked when there is a sponsor
    "sponsor == 'no' and sponsor_involvement >= 1",
    "sponsor == 'no' and answered(sponsor_involvement)",
    # the operations section is not shown to micro organisations
    "org_size == 'micro' and b2b_portal == 'yes'",
    "org_size == 'micro' and dont_know(packing_per_hour)",
    "area_band('leadership') == 'red' and area_band('leadership') != 'red'",
    "count_true(sponsor == 'yes', sponsor == 'no') >= 2",
]


@pytest.mark.parametrize("condition", NEVER_FIRES)
def test_a_rule_that_can_never_fire_is_reported(folder: Path, condition: str) -> None:
    line = break_file(
        folder,
        "rules.yaml",
        "when: checkpoints == 'never' or dont_know(checkpoints)",
        f'when: "{condition}"',
    )
    assert_at(
        only_issue(folder),
        "rules.yaml",
        line,
        "rule LD-2 can never fire: its condition can never be true",
    )


@pytest.mark.parametrize(
    "condition",
    [
        "sponsor == 'yes' and sponsor_involvement >= 4",
        "not answered(sponsor_involvement) and sponsor == 'no'",
        "org_size == 'large' and packing_per_hour > 0",
        "area_band('leadership') == 'green' and area_score('operations') < 10",
        "area_score('leadership') > 99.9",
        "dont_know_count(sponsor, checkpoints, kpis) >= 3",
        "count_true(sponsor == 'yes', checkpoints == 'weekly', 'roi' in kpis) >= 3",
        "peak_orders_per_day * 2 < packing_per_hour",
        "notes == 'x'",
    ],
)
def test_rules_that_can_fire_are_accepted(folder: Path, condition: str) -> None:
    edit(folder / "rules.yaml", "when: sponsor == 'no'", f'when: "{condition}"')
    assert load_questionnaire(folder).rule("LD-1").when == condition


def test_a_rule_that_needs_a_rule_that_never_fires_never_fires_either(folder: Path) -> None:
    first = break_file(folder, "rules.yaml", "when: sponsor == 'no'", "when: \"'a' == 'b'\"")
    edit(
        folder / "rules.yaml",
        "when: area_score('operations') < 50 and finding('LD-1')",
        "when: finding('LD-1') or false",
    )
    later = line_of((folder / "rules.yaml").read_text(), "when: finding('LD-1') or false")
    issues = issues_of(folder)
    assert [(i.line, i.message) for i in issues] == [
        (first, "rule LD-1 can never fire: its condition can never be true"),
        (later, "rule OP-2 can never fire: its condition can never be true"),
    ]


def test_a_finding_of_a_rule_that_can_fire_may_fire(folder: Path) -> None:
    edit(
        folder / "rules.yaml",
        "when: area_score('operations') < 50 and finding('LD-1')",
        "when: finding('LD-1') and not finding('LD-2')",
    )
    assert load_questionnaire(folder).rule("OP-2").when == "finding('LD-1') and not finding('LD-2')"


def test_a_named_condition_that_can_never_be_true_is_reported(folder: Path) -> None:
    text = edit(
        folder / "rules.yaml",
        "rules:\n",
        "conditions:\n  tiny_and_large: org_size == 'micro' and org_size == 'large'\nrules:\n",
    )
    edit(folder / "rules.yaml", "when: sponsor == 'no'", "when: sponsor == 'no' or tiny_and_large")
    issue = only_issue(folder)
    assert (issue.line, issue.message) == (
        line_of(text, "tiny_and_large:"),
        "condition 'tiny_and_large' can never be true",
    )
