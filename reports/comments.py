"""The respondents' own words on an area page: the area's free-text answers with who wrote
them, except those a consultant hid from the client report."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from assessment.engine import Questionnaire
from assessment.engine.question_types import QuestionBase
from reports.model import Comment, Respondent

FREE_TEXT = "free_text"


def area_comments(
    questionnaire: Questionnaire,
    lang: str,
    area_id: str,
    applicable: Sequence[QuestionBase],
    answers: Mapping[str, Any],
    answered_by: Mapping[str, str],
    respondents: Sequence[Respondent],
    hidden: Collection[str],
) -> tuple[Comment, ...]:
    """The comments of ``area_id`` in questionnaire order (only questions on the route)."""
    roles = {person.name: person.role for person in respondents}
    found = []
    for question in applicable:
        if question.type != FREE_TEXT or question.id in hidden:
            continue
        if questionnaire.area_of(question.id) != area_id:
            continue
        value = answers.get(question.id)
        if not isinstance(value, str) or not value.strip():
            continue
        author = answered_by.get(question.id)
        found.append(
            Comment(
                question=questionnaire.text(question.text, lang),
                text=value.strip(),
                author=author,
                role=roles.get(author) if author else None,
            )
        )
    return tuple(found)
