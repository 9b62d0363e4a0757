"""Table tests of the bank's gap rules (questions/commerce-readiness/rules.yaml).

Every rule has one row: a minimal answer set that fires it, and a near miss that changes
one thing and must not. Further tables cover the other ways a rule can fire, the answers
that must leave it silent because they make it unknown, the profile guard that spares
small organisations the role-separation rules (KS-2), and the "three of five don't know"
rules. The fixtures are checked to fire every rule between them.
"""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from assessment.engine import (
    Questionnaire,
    check_answers,
    evaluate,
    load_bank,
    load_questionnaire,
)
from assessment.engine.bank import DEFAULT_ROOT
from assessment.engine.definition import Rule
from assessment.engine.expressions import Node, names_in, parse
from assessment.engine.expressions.nodes import Binary, Call, Literal, Name
from assessment.engine.fixtures import FixtureFile, fixture_paths
from assessment.engine.question_types import MultipleChoice
from assessment.engine.yamlsource import load_yaml

BANK = DEFAULT_ROOT / "commerce-readiness"
LANGUAGES = ("en", "nl", "fr", "sv")
DK = "dont_know"
NA = "not_applicable"

# A profile that is definitely not small: the role-separation rules may fire.
LARGE: dict[str, Any] = {
    "pr_org_size": "large",
    "pr_team_structure": "dedicated_team",
    "pr_ecommerce_team_size": 12,
}
# The rules about separate roles and owners; only these read the organisation's size, through
# the named condition GUARD.
GUARD = "separate_roles_expected"
GUARDED = ("EB-01", "EB-06", "EB-07", "BO-02", "BO-05", "BO-06", "WH-06")
# Each profile says "small" in one way (KS-2), or leaves a fact unknown.
SMALL_PROFILES: dict[str, dict[str, Any]] = {
    "micro": {**LARGE, "pr_org_size": "micro"},
    "small": {**LARGE, "pr_org_size": "small"},
    "one_team": {**LARGE, "pr_team_structure": "one_team"},
    "handful_of_people": {**LARGE, "pr_ecommerce_team_size": 5},
    "size_unknown": {key: value for key, value in LARGE.items() if key != "pr_org_size"},
}
# The five key questions per area whose "don't know" answers the area's risk rule counts.
DONT_KNOW_RULES: dict[str, tuple[str, ...]] = {
    "EB-10": ("eb_sponsor", "eb_checkpoints", "eb_clevel_timing", "eb_kpis", "eb_experience_owner"),
    "BO-09": (
        "bo_technology_owner",
        "bo_it_involvement",
        "bo_erp_integration",
        "bo_sme",
        "bo_testing",
    ),
    "WH-09": (
        "wh_launch_planning",
        "wh_logistics_manager",
        "wh_stock_visibility",
        "wh_peak_rehearsal",
        "wh_promo_stock",
    ),
    "CS-07": (
        "cs_involvement",
        "cs_feedback_loop",
        "cs_visibility",
        "cs_order_updates",
        "cs_returns",
    ),
    "CT-08": (
        "ct_owner",
        "ct_alignment",
        "ct_broken_content",
        "ct_complete_pages",
        "ct_review_months",
    ),
}
FIRST_STEP = {
    "en": "First step:",
    "nl": "Eerste stap:",
    "fr": "Première étape :",
    "sv": "Första steget:",
}


@dataclass(frozen=True)
class Case:
    """A rule, answers that fire it, and the one change that must keep it silent."""

    rule: str
    fires: dict[str, Any]
    change: dict[str, Any] = field(default_factory=dict)

    @property
    def near_miss(self) -> dict[str, Any]:
        """The firing answers with ``change`` applied."""
        return {**self.fires, **self.change}


CASES = [
    Case("EB-01", {**LARGE, "eb_sponsor": "no_sponsor"}, {"eb_sponsor": "senior_manager"}),
    Case("EB-02", {"eb_checkpoints": "never"}, {"eb_checkpoints": "milestones"}),
    Case(
        "EB-03", {"eb_origin": "it", "eb_clevel_timing": "late"}, {"eb_clevel_timing": "planning"}
    ),
    Case("EB-04", {"eb_clevel_to_end": "no"}, {"eb_clevel_to_end": "yes"}),
    Case("EB-05", {"eb_kpis": "draft"}, {"eb_kpis": "agreed"}),
    Case("EB-06", {**LARGE, "eb_head_of_digital": "nobody"}, {"eb_head_of_digital": "combined"}),
    Case(
        "EB-07",
        {**LARGE, "eb_experience_owner": "several_departments"},
        {"eb_experience_owner": "team_with_lead"},
    ),
    Case("EB-08", {"eb_team_defined": 2}, {"eb_team_defined": 3}),
    Case("EB-09", {"eb_onboarding": "no"}, {"eb_onboarding": "yes"}),
    Case(
        "EB-10",
        {"eb_sponsor": DK, "eb_kpis": DK, "eb_experience_owner": DK},
        {"eb_experience_owner": "named_person"},
    ),
    Case(
        "EB-11",
        {"pr_launch_timeframe": "within_3_months", "wh_launch_planning": "not_involved"},
        {"pr_launch_timeframe": "months_3_6"},
    ),
    Case(
        "BO-01",
        {"bo_it_involvement": "after_timeline", "bo_backoffice_changes": "yes"},
        {"bo_backoffice_changes": "no"},
    ),
    Case(
        "BO-02",
        {**LARGE, "bo_technology_owner": "partner_only"},
        {"bo_technology_owner": "partner_with_owner"},
    ),
    Case(
        "BO-03",
        {"bo_backoffice_changes": "yes", "bo_backoffice_plan": "estimated"},
        {"bo_backoffice_plan": "separate_plan"},
    ),
    Case("BO-04", {"bo_oms_integration": "identified"}, {"bo_oms_integration": "specified"}),
    Case(
        "BO-05",
        {**LARGE, "bo_sme": "partner_only", "bo_business_analyst": "partner_analyst"},
        {"bo_business_analyst": "part_time"},
    ),
    Case("BO-06", {**LARGE, "bo_joint_planning": 2}, {"bo_joint_planning": 3}),
    Case("BO-07", {"bo_testing": "ad_hoc"}, {"bo_testing": "test_plan"}),
    Case("BO-08", {"bo_mobile_first": "desktop_only"}, {"bo_mobile_first": "mobile_first"}),
    Case(
        "BO-09",
        {"bo_it_involvement": DK, "bo_sme": DK, "bo_testing": DK},
        {"bo_testing": "test_plan"},
    ),
    # 99 an hour for 10 hours is one order short of the peak; 100 an hour exactly meets it.
    Case(
        "WH-01",
        {"wh_packing_orders_per_hour": 99, "wh_shift_hours": 10, "peak_orders_per_day": 1000},
        {"wh_packing_orders_per_hour": 100},
    ),
    # Fractional shift hours: 62 x 7.5 = 465 labels against 500 orders; 67 x 7.5 = 502.5.
    Case(
        "WH-02",
        {"wh_labels_per_hour": 62, "wh_shift_hours": 7.5, "peak_orders_per_day": 500},
        {"wh_labels_per_hour": 67},
    ),
    Case("WH-03", {"wh_shift_hours": DK}, {"wh_shift_hours": 8}),
    Case("WH-10", {"peak_orders_per_day": DK}, {"peak_orders_per_day": 1000}),
    Case("WH-04", {"wh_peak_rehearsal": "normal_tested"}, {"wh_peak_rehearsal": "peak_tested"}),
    Case("WH-05", {"wh_launch_planning": "informed"}, {"wh_launch_planning": "consulted"}),
    Case("WH-06", {**LARGE, "wh_inventory_manager": "no"}, {"wh_inventory_manager": "yes"}),
    Case("WH-07", {"wh_stock_visibility": "daily"}, {"wh_stock_visibility": "hourly"}),
    Case("WH-08", {"wh_promo_stock": "rarely"}, {"wh_promo_stock": "usually"}),
    Case(
        "WH-09",
        {"wh_launch_planning": DK, "wh_stock_visibility": DK, "wh_promo_stock": DK},
        {"wh_promo_stock": NA},
    ),
    Case("CS-01", {"cs_involvement": "informed"}, {"cs_involvement": "consulted"}),
    Case("CS-02", {"cs_feedback_loop": "occasional"}, {"cs_feedback_loop": "informal"}),
    Case(
        "CS-03",
        {"cs_visibility": ["shipment_tracking", "returns_status"]},
        {"cs_visibility": ["order_status", "shipment_tracking"]},
    ),
    Case("CS-04", {"cs_returns": "delayed"}, {"cs_returns": "same_day"}),
    Case("CS-05", {"cs_order_updates": "must_contact"}, {"cs_order_updates": "shipping_email"}),
    Case("CS-06", {"cs_capacity": "usual_team"}, {"cs_capacity": "launch_only"}),
    Case(
        "CS-07",
        {"cs_involvement": DK, "cs_visibility": DK, "cs_returns": DK},
        {"cs_returns": "same_day"},
    ),
    Case("CT-01", {"ct_owner": "whoever"}, {"ct_owner": "named_person"}),
    Case("CT-02", {"ct_alignment": 2}, {"ct_alignment": 3}),
    Case("CT-03", {"ct_broken_content": "reported"}, {"ct_broken_content": "scheduled_checks"}),
    Case("CT-04", {"ct_review_months": 13}, {"ct_review_months": 12}),
    Case("CT-05", {"ct_plain_language": "no"}, {"ct_plain_language": "yes"}),
    Case("CT-06", {"ct_data_insight": "no_insight"}, {"ct_data_insight": "ad_hoc"}),
    Case("CT-07", {"ct_customer_questions": "never"}, {"ct_customer_questions": "sometimes"}),
    Case(
        "CT-08",
        {"ct_owner": DK, "ct_broken_content": DK, "ct_review_months": DK},
        {"ct_review_months": 6},
    ),
]
BY_RULE = {case.rule: case for case in CASES}

# Other answers that fire a rule: the other choices and the other side of an "or".
ALSO_FIRES = [
    ("EB-01", {**LARGE, "eb_sponsor": "informal"}),
    ("EB-03", {"eb_origin": "external", "eb_clevel_timing": "not_involved"}),
    ("EB-09", {"eb_collaboration": 2}),
    ("BO-01", {"bo_it_involvement": "not_yet", "bo_backoffice_changes": "yes"}),
    ("BO-04", {"bo_erp_integration": "not_considered"}),
    ("BO-04", {"bo_cs_integration": "identified", "bo_erp_integration": NA}),
    ("BO-05", {**LARGE, "bo_sme": "no_sme"}),
    ("BO-05", {**LARGE, "bo_business_analyst": "nobody"}),
    ("WH-03", {"wh_packing_orders_per_hour": DK}),
    ("WH-03", {"wh_labels_per_hour": DK}),
    ("WH-06", {**LARGE, "wh_logistics_manager": "nobody"}),
    ("CS-03", {"cs_visibility": ["none_of_these"]}),
    ("CT-04", {"ct_complete_pages": 74}),
    ("CT-04", {"ct_review_months": 60, "ct_complete_pages": 99}),
]

# Answers that leave a rule silent: unknown is not true (three-valued logic), a hidden
# question's answer is ignored, and the boundaries of the thresholds hold.
STAYS_SILENT = [
    ("BO-03", {"bo_backoffice_changes": "no", "bo_backoffice_plan": "not_planned"}),
    ("BO-03", {"bo_backoffice_plan": "not_planned"}),
    ("BO-04", {"bo_erp_integration": NA, "bo_oms_integration": NA, "bo_cs_integration": NA}),
    ("BO-04", {"bo_erp_integration": DK, "bo_oms_integration": "live"}),
    ("BO-05", {**LARGE, "bo_sme": "one_sme", "bo_business_analyst": NA}),
    ("BO-05", {**LARGE, "bo_sme": "partner_only", "bo_business_analyst": NA}),
    ("BO-06", {**LARGE, "pr_team_structure": "one_team", "bo_joint_planning": 1}),
    ("WH-01", {"wh_packing_orders_per_hour": DK, "wh_shift_hours": 8, "peak_orders_per_day": 900}),
    ("WH-01", {"wh_packing_orders_per_hour": 10, "wh_shift_hours": 8}),
    ("WH-01", {"wh_packing_orders_per_hour": 0, "wh_shift_hours": 8, "peak_orders_per_day": 0}),
    ("WH-01", {"wh_packing_orders_per_hour": 10, "wh_shift_hours": 8, "peak_orders_per_day": DK}),
    ("WH-02", {"wh_labels_per_hour": 10, "wh_shift_hours": 8, "peak_orders_per_day": DK}),
    ("WH-08", {"wh_promo_stock": NA}),
    ("CS-03", {"cs_visibility": DK}),
    ("CT-04", {"ct_review_months": 12, "ct_complete_pages": 75}),
    ("EB-10", {"eb_sponsor": DK, "eb_checkpoints": DK, "eb_csuite_support": DK}),
    ("EB-11", {"pr_launch_timeframe": "within_3_months", "wh_launch_planning": "consulted"}),
    ("EB-11", {"pr_launch_timeframe": "live", "cs_involvement": "not_involved"}),
]


@pytest.fixture(scope="module")
def bank() -> Questionnaire:
    assert BANK.is_dir(), f"the question bank is missing: {BANK}"
    return load_bank().get("commerce-readiness")


def fired(bank: Questionnaire, answers: Mapping[str, Any]) -> list[str]:
    """The rule ids that fire on ``answers``, after checking the answers are valid."""
    problems = check_answers(bank, answers)
    assert problems == [], f"invalid test answers: {problems}"
    return evaluate(bank, answers).finding_ids()


def case_id(case: Case) -> str:
    return case.rule


def test_every_rule_has_exactly_one_row(bank: Questionnaire) -> None:
    rows = [case.rule for case in CASES]
    assert len(rows) == len(set(rows)), "a rule has two rows"
    assert rows == [rule.id for rule in bank.rules], "rows must list every rule, in file order"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_rule_fires_on_its_minimal_answers(bank: Questionnaire, case: Case) -> None:
    assert case.rule in fired(bank, case.fires)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_rule_stays_silent_on_the_near_miss(bank: Questionnaire, case: Case) -> None:
    assert case.change, "a near miss must change something"
    assert case.rule not in fired(bank, case.near_miss)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_answer_of_the_minimal_set_is_needed(bank: Questionnaire, case: Case) -> None:
    for left_out in case.fires:
        answers = {qid: value for qid, value in case.fires.items() if qid != left_out}
        assert case.rule not in fired(bank, answers), f"{case.rule} fires without {left_out}"


@pytest.mark.parametrize(
    ("rule", "answers"), ALSO_FIRES, ids=[f"{r}-{i}" for i, (r, _) in enumerate(ALSO_FIRES)]
)
def test_rule_also_fires_on_its_other_triggers(
    bank: Questionnaire, rule: str, answers: dict[str, Any]
) -> None:
    assert rule in fired(bank, answers)


@pytest.mark.parametrize(
    ("rule", "answers"), STAYS_SILENT, ids=[f"{r}-{i}" for i, (r, _) in enumerate(STAYS_SILENT)]
)
def test_rule_stays_silent_when_its_condition_is_not_definitely_true(
    bank: Questionnaire, rule: str, answers: dict[str, Any]
) -> None:
    assert rule not in fired(bank, answers)


def test_the_capacity_rules_see_the_warehouse_shortfall_only_when_all_figures_are_known(
    bank: Questionnaire,
) -> None:
    answers = {"wh_packing_orders_per_hour": DK, "wh_shift_hours": 8, "peak_orders_per_day": 900}
    assert fired(bank, answers) == ["WH-03"], "unknown capacity is its own finding, not a shortfall"


# ---------------------------------------------------------------- the imminent-launch rule

SOON = {"pr_launch_timeframe": "within_3_months"}


def test_the_launch_rule_fires_exactly_when_an_area_is_red(bank: Questionnaire) -> None:
    answer_sets = [f.answers for f in fixtures()] + [case.fires for case in CASES]
    red_seen = not_red_seen = 0
    for answers in answer_sets:
        result = evaluate(bank, {**answers, **SOON})
        red = any(area.uncapped_band == "red" for area in result.areas.values())
        red_seen, not_red_seen = red_seen + red, not_red_seen + (not red)
        assert ("EB-11" in result.finding_ids()) is red, answers
    assert red_seen and not_red_seen, "the answer sets must include both outcomes"


def test_the_launch_rule_follows_the_red_amber_boundary_of_the_questionnaire(
    bank: Questionnaire, tmp_path: Path
) -> None:
    answers = {**SOON, "cs_involvement": "consulted"}  # customer service scores 55: amber
    assert "EB-11" not in fired(bank, answers)
    moved = shutil.copytree(BANK, tmp_path / "bank")
    text = (moved / "questionnaire.yaml").read_text(encoding="utf-8")
    assert text.count("  - id: amber\n    min: 50\n") == 1
    (moved / "questionnaire.yaml").write_text(
        text.replace("  - id: amber\n    min: 50\n", "  - id: amber\n    min: 60\n"),
        encoding="utf-8",
    )
    result = evaluate(load_questionnaire(moved), answers)
    assert result.areas["customer_service"].band == "red"
    assert "EB-11" in result.finding_ids()


# ---------------------------------------------------------------- the small-organisation guard


PROFILE_FACTS = {"pr_org_size", "pr_team_structure", "pr_ecommerce_team_size"}


def test_exactly_the_guarded_rules_use_the_guard_and_only_it_reads_the_profile(
    bank: Questionnaire,
) -> None:
    guard = " ".join(bank.conditions[GUARD].split())
    assert guard == (
        "pr_org_size in ['medium', 'large', 'enterprise'] "
        "and pr_team_structure != 'one_team' and pr_ecommerce_team_size > 5"
    )
    for rule in bank.rules:
        names = names_in(parse(rule.when))  # as written: the guard by name, not inlined
        assert (GUARD in names) is (rule.id in GUARDED), rule.id
        assert not names & PROFILE_FACTS, f"{rule.id} reads the profile around the guard"


@pytest.mark.parametrize("rule", GUARDED)
def test_the_guard_holds_exactly_for_organisations_that_are_not_small(
    bank: Questionnaire, rule: str
) -> None:
    """Every combination of the three profile facts, each also left unanswered."""
    answers = {k: v for k, v in BY_RULE[rule].fires.items() if k not in PROFILE_FACTS}
    sizes = [*(bank.questions["pr_org_size"].expression_domain() or []), None]
    structures = [*(bank.questions["pr_team_structure"].expression_domain() or []), None]
    assert len(sizes) == 6 and len(structures) == 5
    for org, structure, people in itertools.product(sizes, structures, [None, 1, 5, 6, 40]):
        profile = {"pr_org_size": org, "pr_team_structure": structure}
        profile["pr_ecommerce_team_size"] = people
        large = (
            org in ("medium", "large", "enterprise")
            and structure not in (None, "one_team")
            and people is not None
            and people > 5
        )
        given = {k: v for k, v in profile.items() if v is not None}
        assert (rule in fired(bank, {**answers, **given})) is large, given


@pytest.mark.parametrize("profile", SMALL_PROFILES, ids=str)
@pytest.mark.parametrize("rule", GUARDED)
def test_role_rules_do_not_fire_for_a_small_organisation(
    bank: Questionnaire, rule: str, profile: str
) -> None:
    answers = {**BY_RULE[rule].fires}
    for key in LARGE:
        answers.pop(key, None)
    answers.update(SMALL_PROFILES[profile])
    assert rule not in fired(bank, answers)


@pytest.mark.parametrize("case", [case for case in CASES if case.rule not in GUARDED], ids=case_id)
def test_practice_rules_still_apply_to_a_small_organisation(
    bank: Questionnaire, case: Case
) -> None:
    small = {"pr_org_size": "micro", "pr_team_structure": "one_team", "pr_ecommerce_team_size": 2}
    assert case.rule in fired(bank, {**case.fires, **small})


def test_the_small_team_fixture_would_trip_the_role_rules_if_it_were_large(
    bank: Questionnaire,
) -> None:
    fixture = FixtureFile.model_validate(
        load_yaml(BANK / "fixtures" / "small_d2c_one_team.yaml").data
    )
    as_answered = set(fired(bank, fixture.answers))
    as_large = set(fired(bank, {**fixture.answers, **LARGE}))
    assert not as_answered & set(GUARDED)
    assert {"EB-01", "EB-06", "EB-07", "BO-02", "BO-05"} <= as_large


# ---------------------------------------------------------------- "don't know" risk rules


def test_dont_know_rules_count_the_declared_key_questions(bank: Questionnaire) -> None:
    for rule_id, keys in DONT_KNOW_RULES.items():
        counted = Call("dont_know_count", tuple(Name(key, 0) for key in keys), 0)
        assert _shape(parse(bank.rule(rule_id).when)) == _shape(
            Binary(">=", counted, Literal(3, 0), 0)
        ), rule_id


def _shape(node: Node) -> Node:
    """The node with every column set to 0, to compare structure only."""
    if isinstance(node, Call):
        return Call(node.function, tuple(_shape(arg) for arg in node.args), 0)
    if isinstance(node, Binary):
        return Binary(node.op, _shape(node.left), _shape(node.right), 0)
    if isinstance(node, Name | Literal):
        return replace(node, column=0)
    return node


@pytest.mark.parametrize("rule", DONT_KNOW_RULES)
def test_dont_know_rules_fire_on_three_or_more_dont_knows_whatever_the_other_answers(
    bank: Questionnaire, rule: str
) -> None:
    """Every state of the five key questions: answered, don't know, n/a, unanswered."""
    keys = DONT_KNOW_RULES[rule]
    options = [_states(bank, key) for key in keys]
    for combination in itertools.product(*options):
        answers = {key: value for key, value in zip(keys, combination, strict=True) if value}
        expected = sum(value == DK for value in combination) >= 3
        assert (rule in fired(bank, answers)) is expected, answers


def _states(bank: Questionnaire, key: str) -> list[Any]:
    """A real answer, don't know, unanswered (None) and, where offered, not applicable."""
    question = bank.questions[key]
    if isinstance(question, MultipleChoice):
        real: Any = [question.choice_values[0]]
    else:
        real = (question.expression_domain() or [6])[0]
    return [real, DK, None] + ([NA] if question.allow_not_applicable else [])


DK_COMBINATIONS = [
    (rule, combo, count)
    for rule, keys in DONT_KNOW_RULES.items()
    for count in (2, 3)
    for combo in itertools.combinations(keys, count)
]


@pytest.mark.parametrize(
    ("rule", "combo", "count"),
    DK_COMBINATIONS,
    ids=[f"{rule}-{count}of5-{'-'.join(combo)}" for rule, combo, count in DK_COMBINATIONS],
)
def test_three_dont_knows_among_the_key_questions_fire_and_two_do_not(
    bank: Questionnaire, rule: str, combo: tuple[str, ...], count: int
) -> None:
    answers = {qid: DK for qid in combo}
    assert (rule in fired(bank, answers)) is (count == 3)


# ---------------------------------------------------------------- texts and metadata


def sentences(text: str) -> list[str]:
    """The sentences of ``text``: split after . ! ? when a capital or quote follows."""
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ\"“«‘”])", text.strip()) if s]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_rule_reads_as_a_finding_in_every_language(bank: Questionnaire, lang: str) -> None:
    for rule in bank.rules:
        title, explanation = rule.title[lang], rule.explanation[lang]
        recommendation = rule.recommendation[lang]
        assert title and not title.endswith("."), rule.id
        assert 1 <= len(sentences(explanation)) <= 3, (rule.id, sentences(explanation))
        assert FIRST_STEP[lang] in recommendation, rule.id
        if lang != "en":
            for key, text in (("title", title), ("explanation", explanation)):
                assert text != getattr(rule, key)["en"], f"{rule.id} {key} not translated"


def test_every_area_has_a_rule_that_keeps_it_from_green(bank: Questionnaire) -> None:
    capping = {rule.area for rule in bank.rules if rule.caps_band is not None}
    assert capping == set(bank.area_ids)


def test_the_promotion_rule_spans_warehouse_and_customer_service(bank: Questionnaire) -> None:
    rule: Rule = bank.rule("WH-08")
    assert rule.area == "warehouse_capacity" and "customer_service" in rule.also_areas
    assert {"RR-3", "TM-3"} <= set(rule.sources)


# ---------------------------------------------------------------- fixtures


def fixtures() -> list[FixtureFile]:
    return [FixtureFile.model_validate(load_yaml(path).data) for path in fixture_paths(BANK)]


def test_the_fixtures_fire_every_rule_between_them(bank: Questionnaire) -> None:
    loaded = fixtures()
    assert len(loaded) >= 8
    expected: set[str] = set().union(*(f.expect.findings for f in loaded))
    actual: set[str] = set().union(*(fired(bank, f.answers) for f in loaded))
    every_rule = {rule.id for rule in bank.rules}
    assert every_rule - expected == set(), "rules no fixture expects"
    assert every_rule - actual == set(), "rules no fixture fires"


def test_the_fixtures_are_written_in_every_language() -> None:
    assert {f.language for f in fixtures()} == set(LANGUAGES)
