"""The API's answers built from the services' plain data (texts in the assessment's
language, scores rounded as everywhere else, links absolute from BASE_URL)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app, url_for
from sqlalchemy.orm import Session

from assessment.engine.precision import shown_score
from assessment.engine.text import pick
from assessment.models.assessment import Assessment
from assessment.models.invitation import Invitation
from assessment.models.organisation import Organisation
from assessment.services import bank, disagreements, notifications, stored_answers
from assessment.services.listing import ListRow
from assessment.services.reviewed import ReviewedResult, reviewed_result

from . import schemas


def absolute(endpoint: str, **values: Any) -> str:
    """A URL of this API, absolute from BASE_URL."""
    return str(current_app.config["BASE_URL"]).rstrip("/") + url_for(endpoint, **values)


def organisation(found: Organisation) -> schemas.Organisation:
    """An organisation."""
    return schemas.Organisation(id=found.id, name=found.name, created_at=found.created_at,
                                url=absolute("api.organisation_read",
                                             organisation_id=found.id))


def summary(row: ListRow) -> schemas.AssessmentSummary:
    """One row of the list."""
    return schemas.AssessmentSummary(
        id=row.id, organisation=row.organisation, organisation_id=row.organisation_id or 0,
        status=row.status,  # type: ignore[arg-type]  # a Status value from the database
        progress=row.progress,
        overall_score=shown_score(row.overall_score),
        overall_band=row.overall_band, created_at=row.created_at,
        last_activity_at=row.last_activity_at,
        finding_counts=dict(row.finding_counts) if row.finding_counts is not None else None,
        url=absolute("api.assessment_read", assessment_id=row.id))


def assessment(session: Session, found: Assessment) -> schemas.Assessment:
    """An assessment with its reviewed result (null scores and findings before scoring)."""
    questionnaire = bank.pinned_or_none(found)
    reviewed = reviewed_result(session, found, questionnaire) if questionnaire else None
    language = found.language
    return schemas.Assessment(
        id=found.id, organisation=organisation(found.organisation),
        status=found.status,  # type: ignore[arg-type]
        language=language,
        versions=schemas.Versions(questionnaire_id=found.questionnaire_id,
                                  questionnaire_version=found.questionnaire_version,
                                  rules_version=found.rules_version),
        created_at=found.created_at, scored_at=found.scored_at, approved_at=found.approved_at,
        due_date=found.due_date, progress=found.progress,
        scores=_scores(reviewed, found.area_summary or {}) if reviewed else None,
        findings=_findings(reviewed, language, questionnaire.default_language)
        if reviewed and questionnaire else None,
        disagreements=[schemas.Disagreement(
            question_id=d.question_id, standing_value=d.standing_value,
            standing_by=d.standing_by, other_value=d.other_value, other_by=d.other_by)
            for d in disagreements.open_for(session, found)],
        links=_links(found.id))


def _links(assessment_id: int) -> schemas.Links:
    return schemas.Links(
        self=absolute("api.assessment_read", assessment_id=assessment_id),
        answers=absolute("api.answers_read", assessment_id=assessment_id),
        invitations=absolute("api.invitations_list", assessment_id=assessment_id),
        report_full=absolute("api.report", assessment_id=assessment_id, edition="full"),
        report_executive=absolute("api.report", assessment_id=assessment_id,
                                  edition="executive"))


def _scores(reviewed: ReviewedResult, progress: Mapping[str, Any]) -> schemas.Scores:
    result = reviewed.result
    return schemas.Scores(
        overall_score=shown_score(result.overall.score), overall_band=result.overall.band,
        overall_level=result.overall.level,
        areas=[schemas.AreaScore(
            id=area_id, score=shown_score(area.score), band=area.band, level=area.level,
            confidence=area.confidence, answered=area.answered, applicable=area.applicable,
            progress=(progress.get(area_id) or {}).get("progress"))
            for area_id, area in result.areas.items()])


def _findings(reviewed: ReviewedResult, language: str, default: str) -> list[schemas.Finding]:
    def text(mapping: Mapping[str, str]) -> str:
        return pick(mapping, language, default)

    return [schemas.Finding(
        id=f.id, area=f.area, severity=f.severity, original_severity=f.original_severity,
        dismissed=f.dismissed, added=f.added, title=text(f.title),
        explanation=text(f.explanation), recommendation=text(f.recommendation),
        owner=f.owner, effort=f.effort, sources=list(f.sources), note=f.note)
        for f in reviewed.findings]


def invitation(session: Session, found: Invitation) -> schemas.Invitation:
    """An invitation (its address, if it was e-mailed; never its link)."""
    address = notifications.address_of(session, found.id)
    return schemas.Invitation(
        id=found.id, respondent=found.respondent_label, areas=found.areas,
        language=found.language, lead=found.lead,
        email=address.email if address is not None else None, created_at=found.created_at,
        expires_at=found.expires_at, opened=found.first_used_at is not None,
        submitted_at=found.submitted_at, revoked_at=found.revoked_at)


def answers(session: Session, found: Assessment) -> schemas.Answers:
    """The stored answers (cleared ones left out), by question id."""
    stored = stored_answers.load(session, found)
    return schemas.Answers(
        questionnaire_id=found.questionnaire_id,
        questionnaire_version=found.questionnaire_version,
        answers=[schemas.Answer(question_id=a.question_id, value=a.value,
                                answered_by=a.answered_by, updated_at=a.updated_at,
                                version=a.version)
                 for a in sorted(stored.answers.values(), key=lambda a: a.question_id)
                 if a.value is not None])
