"""The override page of one finding and the page to add a finding."""

from __future__ import annotations

from typing import Any

from flask import url_for
from sqlalchemy.orm import Session

from assessment.blueprints.dashboard.assessment_forms import AddFindingForm
from assessment.blueprints.dashboard.contexts.labels import status_label, when
from assessment.blueprints.dashboard.contexts.review_labels import (
    EFFORT_LABELS,
    SEVERITY_LABELS,
    page_language,
    severity_label,
)
from assessment.engine import Questionnaire
from assessment.models.assessment import Assessment
from assessment.reviewed import text
from assessment.services import bank
from assessment.services.reviewed import reviewed_result


def severity_choices() -> list[tuple[str, str]]:
    """High, medium, low, translated."""
    return [(key, str(label)) for key, label in SEVERITY_LABELS.items()]


def override_context(
    session: Session, assessment: Assessment, rule_id: str
) -> dict[str, Any] | None:
    """The finding as reviewed now and its override history; None if it is not a finding."""
    language = page_language()
    reviewed = reviewed_result(session, assessment)
    found = reviewed.finding(rule_id) if reviewed else None
    if reviewed is None or found is None or found.added:
        return None
    history = [h for h in reviewed.history if h.rule_id == rule_id]
    default = reviewed.result.default_language
    return {
        "assessment_id": assessment.id,
        "organisation": assessment.organisation.name,
        "status_label": status_label(assessment.status),
        "finding": found,
        "title": text(found.title, language, default),
        "severity_label": severity_label,
        "history": history,
        "when": when,
        "back_url": url_for(
            "dashboard.assessment_detail", assessment_id=assessment.id, _anchor=f"finding-{rule_id}"
        ),
        "action_url": url_for(
            "dashboard.finding_override", assessment_id=assessment.id, rule_id=rule_id
        ),
    }


def fill_add_finding_form(form: AddFindingForm, questionnaire: Questionnaire) -> None:
    """Choices from the pinned questionnaire: areas, owner roles, sources; severity, effort."""
    language = page_language()
    form.area.choices = [(a.id, questionnaire.text(a.title, language)) for a in questionnaire.areas]
    form.owner.choices = [
        (role.id, questionnaire.text(role.name, language)) for role in questionnaire.roles.values()
    ]
    form.severity.choices = severity_choices()
    form.effort.choices = [(key, str(label)) for key, label in EFFORT_LABELS.items()]
    form.sources.choices = [
        (sid, f"{sid} — {questionnaire.text(source.section, language)}")
        for sid, source in questionnaire.sources.items()
    ]


def add_finding_context(assessment: Assessment) -> dict[str, Any]:
    """The headline and links of the add-a-finding page."""
    return {
        "assessment_id": assessment.id,
        "organisation": assessment.organisation.name,
        "status_label": status_label(assessment.status),
        "pinned_missing": bank.pinned_or_none(assessment) is None,
        "back_url": url_for(
            "dashboard.assessment_detail", assessment_id=assessment.id, _anchor="findings"
        ),
        "action_url": url_for("dashboard.finding_add", assessment_id=assessment.id),
    }
