"""Property tests on the real bank (the mini questionnaire until the bank exists): random
answer sets, valid and invalid, never crash check_answers, route or evaluate, and the
results always make sense."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.engine import (
    AnswerError,
    Questionnaire,
    Result,
    check_answers,
    evaluate,
    load_bank,
    load_questionnaire,
    route,
)
from assessment.engine.bank import DEFAULT_ROOT

from .answers import answer_sets
from .builders import MINI

BANK = DEFAULT_ROOT / "commerce-readiness"


def _target() -> Questionnaire:
    if BANK.is_dir():
        return load_bank().get("commerce-readiness")
    return load_questionnaire(MINI)


@pytest.fixture(scope="module")
def target() -> Questionnaire:
    return _target()


def _check_result(questionnaire: Questionnaire, result: Result) -> None:
    assert set(result.areas) == set(questionnaire.area_ids)
    for area in result.areas.values():
        assert area.score is None or 0 <= area.score <= 100
        assert area.confidence is None or 0 <= area.confidence <= 1
        assert area.answered + area.dont_know + area.unanswered == area.applicable
        assert (area.band is None) == (area.score is None)
    assert result.overall.score is None or 0 <= result.overall.score <= 100
    rule_ids = [rule.id for rule in questionnaire.rules]
    assert result.finding_ids() == [r for r in rule_ids if r in result.finding_ids()]
    assert Result.from_dict(json.loads(json.dumps(result.to_dict()))) == result


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(data=st.data())
def test_any_answers_never_crash(target: Questionnaire, data: Any) -> None:
    answers = data.draw(answer_sets(target, valid_only=False))
    errors = check_answers(target, answers)
    assert all(isinstance(error, AnswerError) and error.message for error in errors)
    unknown = {str(key) for key in answers if key not in target.questions}
    assert unknown == {error.question_id for error in errors if error.code == "unknown_question"}
    found = route(target, answers)
    assert 0 <= found.progress.answered <= found.progress.total
    _check_result(target, evaluate(target, answers))


@SETTINGS
@given(data=st.data())
def test_valid_answers_pass_and_paths_not_taken_do_not_matter(
    target: Questionnaire, data: Any
) -> None:
    answers = data.draw(answer_sets(target, valid_only=True))
    errors = [e for e in check_answers(target, answers) if e.code != "constraint"]
    assert errors == []
    result = evaluate(target, answers)
    _check_result(target, result)
    on_route = route(target, answers).applicable_answers(answers)
    assert evaluate(target, on_route) == result
