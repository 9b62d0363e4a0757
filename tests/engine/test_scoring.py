"""Scoring edge cases: not applicable, dont_know, half answered, weights, bands, levels, caps."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

from assessment.engine import Questionnaire, evaluate, load_questionnaire
from assessment.engine.scoring import band_for, level_for

from .builders import build, choice, rule, section, yes_no

AREAS = [
    {"id": "a", "weight": 3, "title": {"en": "A"}},
    {"id": "b", "weight": 1, "title": {"en": "B"}},
]


def four_questions(**extra: Any) -> list[dict[str, Any]]:
    return [yes_no(f"q{i}", allow_not_applicable=True, **extra) for i in range(1, 5)]


@pytest.fixture
def plain(tmp_path: Path) -> Questionnaire:
    """Area a: four yes/no questions (n/a allowed); area b: one weighted choice pair."""
    return load_questionnaire(
        build(
            tmp_path / "plain",
            [
                section("sa", "a", four_questions()),
                section(
                    "sb",
                    "b",
                    [
                        choice("heavy", {"none": 0, "half": 50, "full": 100}, weight=3),
                        choice("light", {"none": 0, "full": 100}),
                    ],
                ),
            ],
            areas=AREAS,
        )
    )


def test_all_not_applicable_gives_no_score_and_no_band(plain: Questionnaire) -> None:
    result = evaluate(plain, {f"q{i}": "not_applicable" for i in range(1, 5)} | {"heavy": "full"})
    area = result.areas["a"]
    assert (area.score, area.level, area.band, area.confidence) == (None, None, None, None)
    assert (area.applicable, area.answered, area.not_applicable) == (0, 0, 4)
    assert result.overall.score == 100.0  # only b counts; a is renormalised away


def test_all_dont_know_scores_zero_with_zero_confidence(plain: Questionnaire) -> None:
    area = evaluate(plain, {f"q{i}": "dont_know" for i in range(1, 5)}).areas["a"]
    assert (area.score, area.level, area.band, area.confidence) == (0.0, 1, "red", 0.0)
    assert (area.applicable, area.answered, area.dont_know) == (4, 0, 4)


def test_half_answered_scores_what_was_answered_and_lowers_confidence(plain: Questionnaire) -> None:
    area = evaluate(plain, {"q1": "yes", "q2": "no"}).areas["a"]
    assert area.score == 50.0 and area.confidence == 0.5
    assert (area.applicable, area.answered, area.unanswered) == (4, 2, 2)


def test_nothing_answered(plain: Questionnaire) -> None:
    result = evaluate(plain, {})
    assert result.areas["a"].score is None and result.areas["a"].confidence == 0.0
    assert result.overall.score is None and result.overall.band is None


def test_not_applicable_renormalises_and_dont_know_is_a_risk(plain: Questionnaire) -> None:
    area = evaluate(
        plain, {"q1": "yes", "q2": "not_applicable", "q3": "dont_know", "q4": "yes"}
    ).areas["a"]
    assert area.score == pytest.approx(200 / 3, abs=1e-4)
    assert (area.applicable, area.answered, area.dont_know, area.not_applicable) == (3, 2, 1, 1)
    assert area.confidence == pytest.approx(2 / 3)


def test_question_weights(plain: Questionnaire) -> None:
    assert evaluate(plain, {"heavy": "full", "light": "none"}).areas["b"].score == 75.0
    assert evaluate(plain, {"heavy": "half", "light": "full"}).areas["b"].score == 62.5
    assert evaluate(plain, {"heavy": "none", "light": "full"}).areas["b"].score == 25.0


def test_area_weights_make_the_overall_index(plain: Questionnaire) -> None:
    all_yes = {f"q{i}": "yes" for i in range(1, 5)}
    result = evaluate(plain, all_yes | {"heavy": "none", "light": "none"})
    assert result.overall.score == 75.0  # (3 × 100 + 1 × 0) / 4
    assert result.overall.band == "green" and result.overall.level == 4


# Thresholds apply to the score as shown (a whole number, rounded half up): 74.5 shows as 75
# and is green, 74.49 shows as 74 and is amber.
@pytest.mark.parametrize(
    ("points", "shown", "band", "level"),
    [
        (0, 0, "red", 1),
        (19.49, 19, "red", 1),
        (19.5, 20, "red", 2),
        (20, 20, "red", 2),
        (49.49, 49, "red", 3),
        (49.5, 50, "amber", 3),
        (50, 50, "amber", 3),
        (74.49, 74, "amber", 4),
        (74.5, 75, "green", 4),
        (75, 75, "green", 4),
        (79.49, 79, "green", 4),
        (79.5, 80, "green", 5),
        (100, 100, "green", 5),
    ],
)
def test_band_and_level_thresholds_apply_to_the_score_as_shown(
    tmp_path: Path, points: float, shown: float, band: str, level: int
) -> None:
    questionnaire = load_questionnaire(
        build(tmp_path / "t", [section("s", "a", [choice("q", {"x": points, "other": 0})])])
    )
    result = evaluate(questionnaire, {"q": "x"})
    area = result.areas["a"]
    assert area.score == points  # stored unrounded
    assert (area.band, area.level) == (band, level)
    assert (result.overall.band, result.overall.level) == (band, level)
    shown_json = result.to_json("en")
    assert shown_json["areas"]["a"]["score"] == shown
    assert isinstance(shown_json["areas"]["a"]["score"], int)  # prints as 75, not 75.0
    assert shown_json["areas"]["a"]["band"] == band
    assert shown_json["overall"] == {"score": shown, "band": band, "level": level}


def test_the_overall_band_follows_the_overall_score_as_shown(tmp_path: Path) -> None:
    # (3 × 99.95 + 1 × 0) / 4 = 74.9625: shown as 75, so green, whatever the areas are.
    questionnaire = load_questionnaire(
        build(
            tmp_path / "t",
            [
                section("sa", "a", [choice("qa", {"x": 99.95, "other": 0})]),
                section("sb", "b", [choice("qb", {"x": 0, "other": 100})]),
            ],
            areas=AREAS,
        )
    )
    result = evaluate(questionnaire, {"qa": "x", "qb": "x"})
    assert result.overall.score == pytest.approx(74.9625)
    assert (result.overall.band, result.overall.level) == ("green", 4)
    assert result.to_json("en")["overall"] == {"score": 75, "band": "green", "level": 4}


def test_band_and_level_agree_with_the_score_as_printed_near_every_threshold(
    plain: Questionnaire,
) -> None:
    # Every surface prints the score as a whole number, half up; the band must match it.
    for threshold in (20, 40, 50, 60, 75, 80):
        for step in range(-3000, 3001):
            score = round(threshold + step / 1000, 4)
            printed = int(Decimal(str(score)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            band = "green" if printed >= 75 else "amber" if printed >= 50 else "red"
            level = 1 + sum(printed >= minimum for minimum in (20, 40, 60, 80))
            assert band_for(plain, score) == band, score
            assert level_for(plain, score) == level, score


def test_float_noise_cannot_flip_a_band(tmp_path: Path) -> None:
    questions = [choice(f"q{i}", {"x": 50, "y": 0}, weight=0.1) for i in range(3)]
    questionnaire = load_questionnaire(build(tmp_path / "t", [section("s", "a", questions)]))
    assert (0.1 * 50 + 0.1 * 50 + 0.1 * 50) / (0.1 + 0.1 + 0.1) < 50  # the noise is real
    area = evaluate(questionnaire, dict.fromkeys(("q0", "q1", "q2"), "x")).areas["a"]
    assert area.score == 50.0 and area.band == "amber"


def test_unscored_questions_and_the_profile_do_not_count(tmp_path: Path) -> None:
    questionnaire = load_questionnaire(
        build(
            tmp_path / "t",
            [
                section("p", "profile", [choice("size", {"s": None, "l": None})]),
                section("s", "a", [yes_no("q"), yes_no("context", scored=False)]),
            ],
        )
    )
    area = evaluate(questionnaire, {"size": "l", "q": "yes", "context": "no"}).areas["a"]
    assert area.score == 100.0 and area.applicable == 1
    assert set(evaluate(questionnaire, {}).areas) == {"a"}


def test_answers_on_paths_not_taken_are_never_scored(
    mini: Questionnaire, full_answers: dict[str, Any]
) -> None:
    with_involvement = evaluate(mini, full_answers | {"sponsor_involvement": 1})
    full_answers.update(sponsor="no", sponsor_involvement=5, org_size="micro")
    result = evaluate(mini, full_answers)
    assert result.areas["leadership"].applicable == 3  # sponsor_involvement is hidden
    assert result.areas["operations"].score is None  # the whole section is hidden
    assert with_involvement.areas["leadership"].applicable == 4


def test_invalid_answers_are_ignored_not_fatal(mini: Questionnaire) -> None:
    result = evaluate(
        mini, {"sponsor": "perhaps", "kpis": ["roi", "roi"], "checkpoints": 3, "nope": 1}
    )
    assert result.areas["leadership"].answered == 0
    assert result.findings == []


# --- gap rules and caps ---------------------------------------------------------------


@pytest.fixture
def ruled(tmp_path: Path) -> Questionnaire:
    return load_questionnaire(
        build(
            tmp_path / "ruled",
            [
                section(
                    "sa", "a", [yes_no("sponsor"), yes_no("meetings"), yes_no("kpis", weight=4)]
                ),
                section(
                    "sb",
                    "b",
                    [
                        choice("packers", {"few": 0, "many": 100}),
                        {
                            "id": "per_hour",
                            "type": "number",
                            "scored": False,
                            "text": {"en": "?"},
                            "sources": ["KS-1"],
                            "min": 0,
                        },
                        {
                            "id": "peak",
                            "type": "number",
                            "scored": False,
                            "text": {"en": "?"},
                            "sources": ["KS-1"],
                            "min": 0,
                        },
                    ],
                ),
            ],
            rules=[
                rule("NO-SPONSOR", "a", "sponsor == 'no'", severity="high", caps_band="amber"),
                rule(
                    "NO-ANYTHING",
                    "a",
                    "finding('NO-SPONSOR') and meetings == 'no'",
                    severity="high",
                    caps_band="red",
                    also_areas=["b"],
                ),
                rule("CAPACITY", "b", "per_hour * 8 < peak", severity="high", caps_band="red"),
                rule("WEAK-A", "b", "area_score('a') < 50"),
                rule("UNSURE", "a", "dont_know(kpis)", severity="low"),
            ],
            areas=AREAS,
        )
    )


def test_rules_fire_in_order_and_see_earlier_findings(ruled: Questionnaire) -> None:
    result = evaluate(ruled, {"sponsor": "no", "meetings": "no", "kpis": "no"})
    assert result.finding_ids() == ["NO-SPONSOR", "NO-ANYTHING", "WEAK-A"]
    spanning = result.findings[1]
    assert spanning.areas == ("a", "b") and spanning.area == "a"
    assert spanning.owner == "owner" and spanning.owner_name == {"en": "Owner"}


def test_caps_lower_the_band_and_say_why(ruled: Questionnaire) -> None:
    area = evaluate(ruled, {"sponsor": "no", "meetings": "yes", "kpis": "yes"}).areas["a"]
    assert area.score == pytest.approx(83.3333) and area.uncapped_band == "green"
    assert area.band == "amber" and area.capped_by == ("NO-SPONSOR",)
    area = evaluate(ruled, {"sponsor": "no", "meetings": "no", "kpis": "yes"}).areas["a"]
    assert area.score == pytest.approx(66.6667) and area.uncapped_band == "amber"
    assert area.band == "red" and area.capped_by == ("NO-ANYTHING",)  # amber on amber: no cap
    area = evaluate(ruled, {"sponsor": "no", "meetings": "no", "kpis": "no"}).areas["a"]
    assert area.band == "red" and area.capped_by == ()  # already red: nothing was lowered


def test_a_cap_lowers_green_and_lists_every_rule_that_lowered_it(ruled: Questionnaire) -> None:
    answers = {
        "sponsor": "yes",
        "meetings": "yes",
        "kpis": "yes",
        "packers": "many",
        "per_hour": 10,
        "peak": 500,
    }
    result = evaluate(ruled, answers)
    b = result.areas["b"]
    assert (b.score, b.uncapped_band, b.band, b.capped_by) == (100.0, "green", "red", ("CAPACITY",))
    assert result.overall.band == "green"  # caps act on the area, not on the overall index


def test_capacity_rule_arithmetic_and_unknowns(ruled: Questionnaire) -> None:
    base = {"sponsor": "yes", "meetings": "yes", "kpis": "yes", "packers": "many"}
    assert "CAPACITY" not in evaluate(ruled, base | {"per_hour": 100, "peak": 500}).finding_ids()
    assert "CAPACITY" in evaluate(ruled, base | {"per_hour": 10, "peak": 500}).finding_ids()
    assert "CAPACITY" not in evaluate(ruled, base | {"per_hour": 10}).finding_ids()  # peak unknown


def test_dont_know_makes_comparisons_unknown_but_is_detectable(ruled: Questionnaire) -> None:
    result = evaluate(ruled, {"sponsor": "dont_know", "kpis": "dont_know"})
    assert result.finding_ids() == ["WEAK-A", "UNSURE"]


def test_a_cap_on_an_area_without_a_score_changes_nothing(ruled: Questionnaire) -> None:
    result = evaluate(ruled, {"per_hour": 1, "peak": 100})
    assert "CAPACITY" in result.finding_ids()
    assert result.areas["b"].band is None and result.areas["b"].capped_by == ()


@pytest.mark.parametrize(("points", "fires"), [(49.49, True), (49.5, False), (50, False)])
def test_area_score_in_a_rule_reads_the_score_as_shown(
    tmp_path: Path, points: float, fires: bool
) -> None:
    questionnaire = load_questionnaire(
        build(
            tmp_path / "t",
            [section("s", "a", [choice("q", {"x": points, "other": 0})])],
            rules=[rule("WEAK", "a", "area_score('a') < 50")],
        )
    )
    result = evaluate(questionnaire, {"q": "x"})
    assert ("WEAK" in result.finding_ids()) is fires
    assert (result.areas["a"].band == "red") is fires  # the rule and the band agree


def _banded(tmp_path: Path, points: float) -> Questionnaire:
    """Area a: one choice worth ``points``; area b unscored so far; rules read both bands."""
    return load_questionnaire(
        build(
            tmp_path / "banded",
            [
                section("sa", "a", [choice("q", {"x": points, "other": 0}), yes_no("sponsor")]),
                section("sb", "b", [yes_no("other")]),
            ],
            rules=[
                rule("NO-SPONSOR", "a", "sponsor == 'no'", severity="high", caps_band="red"),
                rule("A-GREEN", "a", "area_band('a') == 'green'"),
                rule("A-RED", "a", "area_band('a') == 'red'"),
                rule("B-ANY", "b", "area_band('b') in ['red', 'amber', 'green']"),
            ],
            areas=AREAS,
        )
    )


def test_area_band_is_the_band_before_caps(tmp_path: Path) -> None:
    # q worth 100 and no sponsor: score 50, amber; NO-SPONSOR then caps the area to red.
    questionnaire = _banded(tmp_path, 100)
    result = evaluate(questionnaire, {"q": "x", "sponsor": "no", "other": "yes"})
    a = result.areas["a"]
    assert (a.score, a.uncapped_band, a.band) == (50.0, "amber", "red")
    assert result.finding_ids() == ["NO-SPONSOR", "B-ANY"]  # a is amber to the rules, not red
    result = evaluate(questionnaire, {"q": "x", "sponsor": "yes"})
    assert result.finding_ids() == ["A-GREEN"]  # b has no score: its band is unknown


@pytest.mark.parametrize(("points", "band"), [(99.0, "green"), (98.98, "amber")])
def test_area_band_agrees_with_the_band_shown(tmp_path: Path, points: float, band: str) -> None:
    # (points + 50) / 2: 74.5 is shown as 75 and green, 74.49 as 74 and amber.
    questionnaire = load_questionnaire(
        build(
            tmp_path / "t",
            [
                section(
                    "s",
                    "a",
                    [choice("q", {"x": points, "other": 0}), choice("h", {"x": 50, "y": 0})],
                )
            ],
            rules=[rule("GREEN", "a", "area_band('a') == 'green'")],
        )
    )
    result = evaluate(questionnaire, {"q": "x", "h": "x"})
    assert result.areas["a"].band == band
    assert ("GREEN" in result.finding_ids()) is (band == "green")
