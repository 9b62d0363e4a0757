"""The detail page's comments: each area's free-text answers, with who wrote them."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from assessment.engine import Questionnaire
from assessment.models.assessment import Assessment
from assessment.services import comments


def comment_areas(
    session: Session, assessment: Assessment, questionnaire: Questionnaire | None, language: str
) -> list[dict[str, Any]]:
    """``[{id, title, comments}]`` for the areas with comments, in questionnaire order."""
    if questionnaire is None:
        return []
    found = comments.for_assessment(session, assessment, questionnaire, language)
    return [
        {"id": area.id, "title": questionnaire.text(area.title, language),
         "comments": found[area.id]}
        for area in questionnaire.areas
        if area.id in found
    ]
