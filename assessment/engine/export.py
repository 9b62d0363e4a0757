"""A questionnaire as plain JSON data: the ``assessment bank --json`` shape."""

from __future__ import annotations

from typing import Any

from assessment.engine.model import Questionnaire, Section
from assessment.engine.question_types import (
    MultipleChoice,
    QuestionBase,
    Scale,
    SingleChoice,
    YesNo,
)

_COMMON = ("id", "type", "text", "sources")


def questionnaire_json(questionnaire: Questionnaire) -> dict[str, Any]:
    """Ids, texts in every language, areas, questions (with choices), named conditions and
    rules."""
    q = questionnaire
    return {
        "id": q.id,
        "version": q.version,
        "rules_version": q.rules_version,
        "fingerprint": q.fingerprint,
        "languages": list(q.languages),
        "title": dict(q.title),
        "description": dict(q.description),
        "areas": [area.model_dump(mode="json") for area in q.areas],
        "levels": [level.model_dump(mode="json") for level in q.levels],
        "bands": [band.model_dump(mode="json") for band in q.bands],
        "sections": [_section(section) for section in q.sections],
        "questions": [
            _question(question, section) for section in q.sections for question in section.questions
        ],
        "conditions": dict(q.conditions),
        "rules": [rule.model_dump(mode="json") for rule in q.rules],
        "roles": [role.model_dump(mode="json") for role in q.roles.values()],
        "sources": [source.model_dump(mode="json") for source in q.sources.values()],
        "documents": [document.model_dump(mode="json") for document in q.documents.values()],
    }


def _section(section: Section) -> dict[str, Any]:
    return {
        "id": section.id,
        "area": section.area,
        "title": dict(section.title),
        "intro": dict(section.intro) if section.intro else None,
        "show_if": section.show_if,
        "questions": [question.id for question in section.questions],
        "pages": [
            {
                "id": page.id,
                "title": dict(page.title) if page.title else None,
                "questions": list(page.question_ids),
            }
            for page in section.pages
        ],
    }


def _question(question: QuestionBase, section: Section) -> dict[str, Any]:
    data = question.model_dump(mode="json", exclude={"choices"})
    data["area"] = section.area
    data["section"] = section.id
    data["choices"] = choices(question)
    return {key: data[key] for key in (*_COMMON, "area", "section", "choices")} | data


def choices(question: QuestionBase) -> list[dict[str, Any]]:
    """The answers a respondent picks from: choices, yes/no, or a scale's labelled points."""
    if isinstance(question, SingleChoice | MultipleChoice):
        return [choice.model_dump(mode="json") for choice in question.choices]
    if isinstance(question, YesNo):
        points = question.points
        return [
            {"value": value, "label": label, "points": getattr(points, value) if points else None}
            for value, label in question.choice_labels().items()
        ]
    if isinstance(question, Scale):
        return [
            {"value": point, "label": dict(label), "points": question.score(point)}
            for point, label in sorted(question.labels.items())
        ]
    return []
