"""Checking answers before they are stored: ``check_answers``."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from assessment.engine.errors import AnswerError
from assessment.engine.expressions import ANSWERED, DONT_KNOW, NOT_APPLICABLE, Env
from assessment.engine.model import Questionnaire
from assessment.engine.question_types import (
    DONT_KNOW as DONT_KNOW_VALUE,
)
from assessment.engine.question_types import (
    NOT_APPLICABLE as NOT_APPLICABLE_VALUE,
)
from assessment.engine.question_types import (
    QuestionBase,
)


def check_answers(questionnaire: Questionnaire, answers: Any) -> list[AnswerError]:
    """Every problem with ``answers`` ({question_id: value}); an empty list when all are valid.

    ``None`` (and blank text) means "no answer" and is always valid. Codes: ``unknown_question``,
    ``type``, ``choice``, ``range``, ``selection``, ``exclusive_combined`` (an exclusive choice
    of a multiple-choice question with other choices), ``length``, ``not_offered`` (dont_know or
    not_applicable where the question does not offer it), ``constraint`` (the question's
    constraint is definitely false; pass all answers for constraints naming other questions).
    """
    if not isinstance(answers, Mapping):
        return [AnswerError("", "type", "answers must be a mapping of question id to value")]
    errors: list[AnswerError] = []
    env = Env()
    for key, value in answers.items():
        question = questionnaire.questions.get(key) if isinstance(key, str) else None
        if question is None:
            errors.append(_unknown(questionnaire, key))
            continue
        problem = answer_problem(question, value)
        if problem is not None:
            errors.append(AnswerError(question.id, *problem))
        elif not question.is_blank(value):
            _record(env, question, value)
    return errors + _constraints(questionnaire, env)


def answer_problem(question: QuestionBase, value: Any) -> tuple[str, str] | None:
    """(code, message) when ``value`` is not a valid answer to ``question``, else None."""
    if question.is_blank(value):
        return None
    if isinstance(value, str) and value == DONT_KNOW_VALUE:
        if question.allow_dont_know:
            return None
        return "not_offered", "'dont_know' is not offered for this question"
    if isinstance(value, str) and value == NOT_APPLICABLE_VALUE:
        if question.allow_not_applicable:
            return None
        return "not_offered", "'not_applicable' is not offered for this question"
    return question.check_value(value)


def _unknown(questionnaire: Questionnaire, key: Any) -> AnswerError:
    close = difflib.get_close_matches(str(key), list(questionnaire.questions), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return AnswerError(str(key), "unknown_question", f"unknown question {key!r}{hint}")


def _record(env: Env, question: QuestionBase, value: Any) -> None:
    if value == DONT_KNOW_VALUE:
        env.status[question.id] = DONT_KNOW
    elif value == NOT_APPLICABLE_VALUE:
        env.status[question.id] = NOT_APPLICABLE
    else:
        env.status[question.id] = ANSWERED
        env.values[question.id] = value


def _constraints(questionnaire: Questionnaire, env: Env) -> list[AnswerError]:
    errors: list[AnswerError] = []
    for question_id, constraint in questionnaire.plan.constraints.items():
        if question_id in env.values and constraint(env) is False:
            question = questionnaire.questions[question_id]
            message = questionnaire.text(
                question.constraint_message, questionnaire.default_language
            )
            errors.append(
                AnswerError(
                    question_id, "constraint", message or f"must satisfy: {question.constraint}"
                )
            )
    return errors
