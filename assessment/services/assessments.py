"""Assessments: start one pinned to the newest questionnaire, find the open one, keep the
summary columns (progress, bands, last activity) that lists read up to date."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.assessment import OPEN_STATUSES, Assessment, Status
from assessment.models.organisation import Organisation
from assessment.models.types import utcnow
from assessment.services import audit, bank

if TYPE_CHECKING:
    from assessment.engine import Questionnaire


class AssessmentError(ValueError):
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
        raise AssessmentError(f"Unknown language {language!r}; the questionnaire offers {offered}.")
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
    now = utcnow()
    session.execute(
        sa.update(Assessment)
        .where(Assessment.id == assessment.id)
        .values(last_activity_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(assessment)


def refresh_summary(
    session: Session, assessment: Assessment, questionnaire: Questionnaire,
    answers: Mapping[str, Any],
) -> None:
    """Recompute progress overall and per area from the engine's route. Flushes only."""
    from assessment.engine import route

    current = route(questionnaire, dict(answers))
    total = current.progress.total
    assessment.progress = round(current.progress.answered / total, 4) if total else 0.0
    areas: dict[str, Any] = dict(assessment.area_summary or {})
    for area_id, (answered, applicable) in _area_progress(current, answers).items():
        entry = dict(areas.get(area_id) or {})
        entry["progress"] = round(answered / applicable, 4) if applicable else 0.0
        areas[area_id] = entry
    assessment.area_summary = areas
    session.flush()


def _area_progress(current: Any, answers: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    counts: dict[str, tuple[int, int]] = {}
    for view in current.sections:
        area = view.section.area
        if area == "profile":
            continue
        answered, applicable = counts.get(area, (0, 0))
        for question in view.questions:
            applicable += 1
            answered += answers.get(question.id) is not None
        counts[area] = (answered, applicable)
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
