"""Approved reports a user may hand out: the sales view's list.

Sales see every approved assessment (``services.access`` decides), a consultant the approved
ones shared with them, an admin all. Each row names the organisation, when it was approved,
the owning consultant, the overall band, and the report languages and editions on offer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from assessment.engine.precision import shown_score
from assessment.models.assessment import Assessment, Status
from assessment.models.organisation import Organisation
from assessment.models.share import AssessmentShare, ShareKind
from assessment.models.user import User
from assessment.services import access, bank, releases
from reports.build import EDITIONS
from reports.i18n import LANGUAGES

PAGE_SIZE = 50
EDITION_ORDER = tuple(sorted(EDITIONS, key=lambda edition: edition != "full"))  # full first


@dataclass(frozen=True)
class ReleasedReport:
    """One approved assessment whose report may be handed out."""

    assessment_id: int
    organisation: str
    approved_at: datetime | None
    consultant: str | None  # the owning consultant's display name (else their e-mail)
    band: str | None
    score: int | None
    language: str  # the assessment's own language: its report's default
    languages: tuple[str, ...]  # the languages the questionnaire (and report) is written in
    editions: tuple[str, ...] = EDITION_ORDER
    # Re-scored since its approval: the report approved then is handed out until the new
    # result is approved; ``offered`` holds the languages of each edition released.
    revising: bool = False
    offered: dict[str, tuple[str, ...]] | None = None

    def languages_of(self, edition: str) -> tuple[str, ...]:
        """The languages this edition can be downloaded in."""
        return self.offered.get(edition, ()) if self.offered is not None else self.languages


@dataclass(frozen=True)
class ReleasedPage:
    """A page of approved reports, newest approval first."""

    rows: list[ReleasedReport]
    total: int
    page: int
    pages: int


def released_reports(session: Session, user: access.Principal, page: int = 1,
                     assessment_id: int | None = None) -> ReleasedPage:
    """The approved assessments ``user`` may download the report of, and those re-scored
    since their approval whose approved report is still handed out (two queries, and one
    per re-scored row); only ``assessment_id`` when given (the list links a row so)."""
    handed_out = sa.or_(Assessment.status == Status.APPROVED.value,
                        Assessment.released_at.is_not(None))
    where = sa.and_(handed_out, access.listable_clause(user),
                    Assessment.id == assessment_id if assessment_id is not None else sa.true())
    total = session.scalar(sa.select(sa.func.count()).select_from(Assessment).where(where)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    owner = aliased(User)
    share = aliased(AssessmentShare)
    statement = (
        sa.select(Assessment.id, Organisation.name, Assessment.approved_at,
                  owner.display_name, owner.email, Assessment.overall_band,
                  Assessment.overall_score, Assessment.language, Assessment.questionnaire_id,
                  Assessment.questionnaire_version, Assessment.status)
        .join(Organisation, Organisation.id == Assessment.organisation_id)
        .outerjoin(share, sa.and_(share.assessment_id == Assessment.id,
                                  share.kind == ShareKind.OWNER.value))
        .outerjoin(owner, owner.id == share.user_id)
        .where(where)
        .order_by(Assessment.approved_at.desc().nulls_last(), Assessment.id.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    )
    rows = [_row(session, values) for values in session.execute(statement)]
    return ReleasedPage(rows=rows, total=total, page=page, pages=pages)


def _row(session: Session, values: Any) -> ReleasedReport:
    (assessment_id, organisation, approved_at, display_name, email, band, score, language,
     questionnaire_id, version, status) = values
    offered = report_languages(questionnaire_id, version)
    if status != Status.APPROVED.value:
        release = releases.released(session, assessment_id)
        if release is not None:  # the band and score are the re-scored ones: not shown
            return ReleasedReport(
                assessment_id=assessment_id, organisation=organisation,
                approved_at=release.approved_at, consultant=(display_name or "").strip() or email,
                band=None, score=None, language=language, languages=offered,
                editions=tuple(e for e in EDITION_ORDER if release.languages(e)),
                revising=True, offered=release.offered)
    return ReleasedReport(
        assessment_id=assessment_id, organisation=organisation, approved_at=approved_at,
        consultant=(display_name or "").strip() or email, band=band,
        score=shown_score(score) if score is not None else None,
        language=language if language in offered else offered[0], languages=offered)


def report_languages(questionnaire_id: str, version: str) -> tuple[str, ...]:
    """The report languages a questionnaire version offers (every language if it is gone)."""
    try:
        questionnaire = bank.current_bank().get(questionnaire_id, version)
    except KeyError:
        return LANGUAGES
    return tuple(lang for lang in questionnaire.languages if lang in LANGUAGES) or ("en",)
