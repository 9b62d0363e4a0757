"""Answer generators for property tests: valid, reserved and invalid values per question."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from assessment.engine import Questionnaire
from assessment.engine.question_types import (
    FreeText,
    MultipleChoice,
    Number,
    QuestionBase,
    Scale,
    SingleChoice,
    YesNo,
)

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.lists(st.one_of(st.integers(), st.text(max_size=3)), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from(["dont_know", "not_applicable", "", "  ", "yes", "no"]),
)


def valid_value(question: QuestionBase) -> st.SearchStrategy[Any]:
    """A value ``check_answers`` accepts for this question (reserved ones where offered)."""
    reserved = ["dont_know"] * question.allow_dont_know + [
        "not_applicable"
    ] * question.allow_not_applicable
    return st.one_of(_real(question), *([st.sampled_from(reserved)] if reserved else []))


def _real(question: QuestionBase) -> st.SearchStrategy[Any]:
    if isinstance(question, SingleChoice):
        return st.sampled_from([c.value for c in question.choices])
    if isinstance(question, MultipleChoice):
        values = [c.value for c in question.choices if not c.exclusive]
        upper = min(len(values), question.max_selected or len(values))
        combined = st.lists(
            st.sampled_from(values), min_size=question.min_selected, max_size=upper, unique=True
        )
        alone = [[c.value] for c in question.choices if c.exclusive]  # never combined
        return st.one_of(combined, st.sampled_from(alone)) if alone else combined
    if isinstance(question, Scale):
        return st.integers(question.min, question.max)
    if isinstance(question, YesNo):
        return st.sampled_from(["yes", "no"])
    if isinstance(question, Number):
        low = question.min if question.min is not None else -1e6
        high = question.max if question.max is not None else 1e6
        if question.integer:
            return st.integers(int(-(-low // 1)), int(high // 1))
        return st.floats(low, high, allow_nan=False, allow_infinity=False)
    assert isinstance(question, FreeText)
    return st.text(max_size=question.max_length)


def answer_sets(
    questionnaire: Questionnaire, valid_only: bool
) -> st.SearchStrategy[dict[str, Any]]:
    """Random subsets of the questions with valid (and, unless ``valid_only``, junk) values."""
    strategies = {
        qid: valid_value(q) if valid_only else st.one_of(valid_value(q), JUNK)
        for qid, q in questionnaire.questions.items()
    }
    chosen = st.lists(st.sampled_from(sorted(strategies)), unique=True)
    answers = chosen.flatmap(
        lambda ids: st.fixed_dictionaries({qid: strategies[qid] for qid in ids})
    )
    if valid_only:
        return answers
    extra = st.dictionaries(st.text(max_size=6), JUNK, max_size=2)
    return st.tuples(answers, extra).map(lambda pair: {**pair[1], **pair[0]})
