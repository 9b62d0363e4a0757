"""Assessments: start one pinned to the newest questionnaire, find the open one, keep the
summary columns (progress, bands, last activity) that lists read up to date."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.engine import Questionnaire, Route, route
from assessment.models.assessment import OPEN_STATUSES, Assessment, Status
from assessment.models.organisation import Organisation
from assessment.models.types import utcnow
from assessment.services import audit, bank
from assessment.services.errors import N_, DomainError


class AssessmentError(DomainError):
    """An assessment cannot be started or changed as asked; the message says why."""


@dataclass(frozen=True)
class AssessmentSummary:
    """One line of ``assessment list``: plain data, no ORM object."""

    id: int
    organisation: str
    status: str
    progress: float
    overall_band: str | None

    def to_json(self) -> dict[str, Any]:
        """The ``assessment list --json`` shape."""
        return {
            "id": self.id,
            "organisation": self.organisation,
            "status": self.status,
            "progress": self.progress,
            "overall_band": self.overall_band,
        }


def check_language(questionnaire: Questionnaire, language: str) -> str:
    """The language if the questionnaire offers it, else AssessmentError naming the choices."""
    if language not in questionnaire.languages:
        offered = ", ".join(questionnaire.languages)
        raise AssessmentError(N_(
            "Unknown language %(language)r; the questionnaire offers %(offered)s.",
            language=language, offered=offered,
        ), "language")
    return language


def start(
    session: Session,
    organisation: Organisation,
    *,
    questionnaire: Questionnaire | None = None,
    language: str | None = None,
    show_summary: bool = True,
    actor: str = audit.SYSTEM_ACTOR,
) -> Assessment:
    """A new assessment pinned to the questionnaire (default: the newest). Flushes only."""
    chosen = questionnaire or bank.latest()
    assessment = Assessment(
        organisation=organisation,
        status=Status.INVITED.value,
        language=check_language(chosen, language or chosen.languages[0]),
        show_summary=show_summary,
        progress=0.0,
        area_summary={area_id: {"progress": 0.0} for area_id in bank.area_ids(chosen)},
    )
    bank.pin(assessment, chosen)
    session.add(assessment)
    session.flush()
    audit.record(
        session,
        "assessment.created",
        assessment=assessment,
        actor=actor,
        details={
            "organisation_id": organisation.id,
            "questionnaire_id": chosen.id,
            "questionnaire_version": chosen.version,
            "rules_version": chosen.rules_version,
        },
    )
    return assessment


def open_for(session: Session, organisation: Organisation) -> Assessment | None:
    """The organisation's newest assessment that respondents can still answer, if any."""
    return session.scalar(
        sa.select(Assessment)
        .where(
            Assessment.organisation_id == organisation.id,
            Assessment.status.in_([s.value for s in OPEN_STATUSES]),
        )
        .order_by(Assessment.id.desc())
        .limit(1)
    )


def lock(session: Session, assessment: Assessment) -> None:
    """Serialise writers of one assessment: take its row lock as the transaction's first write.

    On PostgreSQL the UPDATE holds the row lock until commit; on SQLite it takes the
    database write lock (waiting up to the busy timeout). Reads after it see every
    change committed before, so version checks that follow cannot race.
    """
    # RETURNING re-reads the row in the same statement (no second SELECT to refresh it).
    session.execute(
        sa.update(Assessment)
        .where(Assessment.id == assessment.id)
        .values(last_activity_at=utcnow())
        .returning(Assessment)
        .execution_options(synchronize_session=False, populate_existing=True)
    ).scalars().all()


def refresh_summary(
    assessment: Assessment, questionnaire: Questionnaire, answers: Mapping[str, Any],
) -> None:
    """Recompute progress overall and per area from the engine's route. Flushes nothing:
    the caller's unit of work writes the assessment with the rest of its changes.

    Progress is the share of the *required* questions on the whole route that have a
    response (dont_know and not_applicable count): 1.0 means ready to submit.
    Optional questions never hold it back.
    """
    counts = _required_progress(route(questionnaire, dict(answers)))
    answered, required = map(sum, zip(*counts.values(), strict=True)) if counts else (0, 0)
    assessment.progress = _fraction(answered, required)
    areas: dict[str, Any] = {k: dict(v) for k, v in (assessment.area_summary or {}).items()}
    for area_id in bank.area_ids(questionnaire):
        area_answered, area_required = counts.get(area_id, (0, 0))
        areas.setdefault(area_id, {})["progress"] = _fraction(area_answered, area_required)
    assessment.area_summary = areas


def _fraction(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _required_progress(current: Route) -> dict[str, tuple[int, int]]:
    """(answered, required) per area on the route, the profile included."""
    missing = set(current.missing_required)
    counts: dict[str, tuple[int, int]] = {}
    for view in current.sections:
        answered, required = counts.get(view.section.area, (0, 0))
        for question in view.questions:
            if question.required:
                required += 1
                answered += question.id not in missing
        counts[view.section.area] = (answered, required)
    return counts


def summaries(session: Session) -> Sequence[AssessmentSummary]:
    """Every assessment with its organisation, status, progress and band, by id."""
    rows = session.execute(
        sa.select(
            Assessment.id,
            Organisation.name,
            Assessment.status,
            Assessment.progress,
            Assessment.overall_band,
        )
        .join(Organisation, Organisation.id == Assessment.organisation_id)
        .order_by(Assessment.id)
    )
    return [AssessmentSummary(*row) for row in rows]
