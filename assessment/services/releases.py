"""Released reports: what sales may hand out, kept until a new approval replaces it.

A report PDF stored while its assessment is approved is the released report of that
language and edition (``note_stored``), and ``Assessment.released_at`` says when that
report was approved (access and the pages read it without a query). Re-scoring an approved
assessment withdraws the approval but keeps the release: sales still download the report
that was approved, served from the store by its cache key (never pruned while released),
until the re-scored result is approved and its own reports replace it. A new approval
clears the old release; a consultant who withdraws an approval by hand (``review.reopen``)
withdraws the report too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.assessment import Assessment, Status
from assessment.models.report_cache import ReportPdf, ReportRelease
from assessment.models.types import utcnow
from assessment.services.errors import N_, NotFoundError
from reports.cache import ReportFile

if TYPE_CHECKING:  # services.reports reaches the review services, which call this module
    from assessment.services.reports import PreparedReport

NOT_RELEASED = N_("This report was not released in that language or edition. The approved "
                  "reports page lists the ones that are.")


@dataclass(frozen=True)
class Release:
    """What was released for one assessment: when, and in which editions and languages."""

    assessment_id: int
    approved_at: datetime | None
    offered: dict[str, tuple[str, ...]]  # edition -> languages whose PDF is stored

    def languages(self, edition: str) -> tuple[str, ...]:
        """The languages this edition can be downloaded in."""
        return self.offered.get(edition, ())


def note_stored(session: Session, assessment_id: int, prepared: PreparedReport) -> None:
    """A PDF was just stored: if its assessment is approved, it is now the released report
    of its language and edition (one query, plus the upsert when approved). Flushes only."""
    row = session.execute(sa.select(Assessment.status, Assessment.approved_at)
                          .where(Assessment.id == assessment_id)).first()
    if row is None or row.status != Status.APPROVED.value:
        return
    existing = session.scalar(sa.select(ReportRelease).where(
        ReportRelease.assessment_id == assessment_id,
        ReportRelease.language == prepared.language,
        ReportRelease.edition == prepared.edition))
    if existing is None:
        existing = ReportRelease(assessment_id=assessment_id, language=prepared.language,
                                 edition=prepared.edition)
        session.add(existing)
    existing.cache_key = prepared.cache_key
    existing.report_id = prepared.report_id
    existing.filename = prepared.filename
    existing.approved_at = row.approved_at
    existing.released_at = utcnow()
    session.execute(sa.update(Assessment).where(Assessment.id == assessment_id)
                    .values(released_at=row.approved_at))
    session.flush()


def clear(session: Session, assessment_id: int) -> None:
    """Forget the release (a new approval, or an approval withdrawn by hand). Flushes only."""
    session.execute(sa.delete(ReportRelease).where(ReportRelease.assessment_id == assessment_id))
    session.execute(sa.update(Assessment).where(Assessment.id == assessment_id)
                    .values(released_at=None))


def released(session: Session, assessment_id: int) -> Release | None:
    """The assessment's released reports whose PDF is stored, or None (one query)."""
    rows = session.execute(
        sa.select(ReportRelease.edition, ReportRelease.language, ReportRelease.approved_at)
        .join(ReportPdf, ReportPdf.cache_key == ReportRelease.cache_key)
        .where(ReportRelease.assessment_id == assessment_id)
        .order_by(ReportRelease.edition, ReportRelease.language)).all()
    if not rows:
        return None
    offered: dict[str, list[str]] = {}
    for edition, language, _approved in rows:
        offered.setdefault(edition, []).append(language)
    return Release(assessment_id, max((r.approved_at for r in rows if r.approved_at),
                                      default=None),
                   {edition: tuple(langs) for edition, langs in offered.items()})


def released_file(session: Session, assessment: Assessment, language: str | None,
                  edition: str) -> ReportFile:
    """The released PDF of this language (the assessment's own when None) and edition;
    NotFoundError when that one was not released."""
    lang = language or assessment.language
    row = session.execute(
        sa.select(ReportRelease.cache_key, ReportRelease.report_id, ReportRelease.filename,
                  ReportPdf.pdf)
        .join(ReportPdf, ReportPdf.cache_key == ReportRelease.cache_key)
        .where(ReportRelease.assessment_id == assessment.id,
               ReportRelease.language == lang, ReportRelease.edition == edition)).first()
    if row is None:
        raise NotFoundError(NOT_RELEASED)
    return ReportFile(pdf=bytes(row.pdf), filename=row.filename, report_id=row.report_id,
                      cache_key=row.cache_key, cached=True)


def pinned_keys() -> sa.Select[str]:
    """The cache keys the store must never prune (a subquery)."""
    return sa.select(ReportRelease.cache_key)
