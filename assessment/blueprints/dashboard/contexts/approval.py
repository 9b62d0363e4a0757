"""The approval's confirmation step: what approving releases, said before it is released.

The organisation, the overall band, the findings in force by severity and the reports sales
will then be able to download (each edition in each language of the questionnaire)."""

from __future__ import annotations

from typing import Any

from flask import url_for
from sqlalchemy.orm import Session

from assessment.blueprints.dashboard.context import UI_LANGUAGES
from assessment.blueprints.dashboard.contexts.findings import SEVERITY_ORDER
from assessment.blueprints.dashboard.contexts.labels import band_label, status_label
from assessment.blueprints.dashboard.contexts.review_labels import severity_label
from assessment.blueprints.dashboard.views.sales import EDITION_LABELS
from assessment.engine.precision import shown_score
from assessment.models.assessment import Assessment
from assessment.services import bank
from assessment.services.released_reports import EDITION_ORDER, report_languages
from assessment.services.reviewed import reviewed_result

LANGUAGE_NAMES = dict(UI_LANGUAGES)


def approval_context(session: Session, assessment: Assessment) -> dict[str, Any]:
    """Everything dashboard/review_approve.html shows."""
    questionnaire = bank.pinned_or_none(assessment)
    reviewed = reviewed_result(session, assessment, questionnaire)
    counts = dict.fromkeys(SEVERITY_ORDER, 0)
    for finding in reviewed.visible if reviewed else []:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    languages = report_languages(assessment.questionnaire_id, assessment.questionnaire_version)
    score = assessment.overall_score
    return {
        "assessment_id": assessment.id,
        "organisation": assessment.organisation.name,
        "status_label": status_label(assessment.status),
        "band": assessment.overall_band,
        "band_label": band_label(assessment.overall_band),
        "score": shown_score(score) if score is not None else None,
        "severities": [(key, severity_label(key), count) for key, count in counts.items()],
        "findings_total": sum(counts.values()),
        "editions": [str(EDITION_LABELS.get(edition, edition)) for edition in EDITION_ORDER],
        "languages": [LANGUAGE_NAMES.get(language, language) for language in languages],
        "action_url": url_for("dashboard.review_transition", assessment_id=assessment.id,
                              action="approve"),
        "back_url": url_for("dashboard.assessment_detail", assessment_id=assessment.id),
    }
