"""The "request changes" pages: step 1 picks the questions (answers by area, folded), step 2
has one comment box per question picked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Picked:
    """A question picked for a comment (step 2): its area, text, answer and comment box."""

    question_id: str
    area: str
    question: str
    answer: str
    by: str | None
    at: str
    comment: str
    error: str | None


def changes_context(
    session: Session, assessment: Assessment, posted: Mapping[str, str], *,
    chosen: Sequence[str] = (), step: str = "choose", errors: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Step 1 (``choose``): answers by area with a checkbox each, ``chosen`` ticked; step 2
    (``comment``): a comment box per chosen question, refilled from what was posted, with
    ``errors`` by question id."""
    questionnaire = bank.pinned_or_none(assessment)
    areas = answers_by_area(stored_answers.load(session, assessment), questionnaire,
                            page_language())
    errors = errors or {}
    rows = {row.question_id: (area.title, row) for area in areas
            for section in area.sections for row in section.rows}
    picked = [Picked(qid, rows[qid][0], rows[qid][1].question, rows[qid][1].answer,
                     rows[qid][1].by, rows[qid][1].at,
                     posted.get(COMMENT_PREFIX + qid, ""), errors.get(qid))
              for qid in chosen if qid in rows]
    ticked = {qid for qid in chosen if qid in rows}
    return {
        "assessment_id": assessment.id,
        "organisation": assessment.organisation.name,
        "status_label": status_label(assessment.status),
        "allowed": assessment.status == Status.IN_REVIEW,
        "step": "comment" if step == "comment" and picked else "choose",
        "areas": areas,
        "chosen": ticked,
        "open_areas": {area.id for area in areas
                       if any(row.question_id in ticked
                              for section in area.sections for row in section.rows)}
        or {area.id for area in areas[:1]},
        "picked": picked,
        "comment_prefix": COMMENT_PREFIX,
        "max_comment": MAX_COMMENT_LENGTH,
        "back_url": url_for("dashboard.assessment_detail", assessment_id=assessment.id),
        "action_url": url_for("dashboard.review_changes", assessment_id=assessment.id),
    }
