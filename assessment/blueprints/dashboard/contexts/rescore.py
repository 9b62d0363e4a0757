"""The re-score pages: the preview of one assessment and the list of outdated ones."""

from __future__ import annotations

from typing import Any

from flask import url_for

from assessment.blueprints.dashboard.contexts.labels import band_label, status_label
from assessment.blueprints.dashboard.contexts.review_labels import page_language, severity_label
from assessment.models.assessment import Assessment
from assessment.reviewed import text
from assessment.services import bank
from assessment.services.rescore import PAGE_SIZE, Outdated, Preview


def preview_context(assessment: Assessment, seen: Preview | None) -> dict[str, Any]:
    """Everything dashboard/rescore.html renders."""
    language = page_language()
    titles: dict[str, str] = {}
    target = None
    if seen is not None:
        target = bank.current_bank().get(seen.target.questionnaire_id, seen.target.version)
        titles = {a.id: target.text(a.title, language) for a in target.areas}
    return {
        "assessment_id": assessment.id,
        "organisation": assessment.organisation.name,
        "status_label": status_label(assessment.status),
        "preview": seen,
        "titles": titles,
        "band_label": band_label,
        "severity_label": severity_label,
        "question_text": lambda qid: _question(target, qid, language),
        "finding_title": lambda change: text(change.title, language, assessment.language),
        "pinned_missing": bank.pinned_or_none(assessment) is None,
        "back_url": url_for("dashboard.assessment_detail", assessment_id=assessment.id),
        "action_url": url_for("dashboard.rescore_apply", assessment_id=assessment.id),
    }


def _question(target: Any, question_id: str, language: str) -> str:
    question = target.questions.get(question_id) if target is not None else None
    return target.text(question.text, language) if question is not None else question_id


def overview_context(items: list[Outdated], total: int, page: int) -> dict[str, Any]:
    """Everything dashboard/rescore_overview.html renders."""
    pages = max(1, -(-total // PAGE_SIZE))
    return {
        "items": [
            {
                "organisation": i.organisation,
                "status_label": status_label(i.status),
                "pinned": i.pinned.label(),
                "newest": i.newest.label(),
                "preview_url": url_for("dashboard.rescore_preview", assessment_id=i.assessment_id),
                "detail_url": url_for("dashboard.assessment_detail", assessment_id=i.assessment_id),
            }
            for i in items
        ],
        "total": total,
        "page": page,
        "previous": url_for("dashboard.rescore_overview", page=page - 1) if page > 1 else None,
        "next": url_for("dashboard.rescore_overview", page=page + 1) if page < pages else None,
    }
