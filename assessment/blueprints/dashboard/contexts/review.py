"""The "request changes" page: every answer with a comment box, and the earlier rounds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import url_for
from sqlalchemy.orm import Session

from assessment.blueprints.dashboard.assessment_forms import COMMENT_PREFIX
from assessment.blueprints.dashboard.contexts.answers import answers_by_area
from assessment.blueprints.dashboard.contexts.labels import status_label
from assessment.blueprints.dashboard.contexts.review_labels import page_language
from assessment.models.assessment import Assessment, Status
from assessment.services import bank, stored_answers
from assessment.services.change_requests import MAX_COMMENT_LENGTH


def changes_context(
    session: Session, assessment: Assessment, posted: Mapping[str, str]
) -> dict[str, Any]:
    """Answers by area, each with its comment field (refilled from what was posted)."""
    questionnaire = bank.pinned_or_none(assessment)
    areas = answers_by_area(stored_answers.load(session, assessment), questionnaire,
                            page_language())
    return {
        "assessment_id": assessment.id,
        "organisation": assessment.organisation.name,
        "status_label": status_label(assessment.status),
        "allowed": assessment.status == Status.IN_REVIEW,
        "areas": areas,
        "comment_prefix": COMMENT_PREFIX,
        "posted": {key: value for key, value in posted.items() if key.startswith(COMMENT_PREFIX)},
        "max_comment": MAX_COMMENT_LENGTH,
        "back_url": url_for("dashboard.assessment_detail", assessment_id=assessment.id),
        "action_url": url_for("dashboard.review_changes", assessment_id=assessment.id),
    }
