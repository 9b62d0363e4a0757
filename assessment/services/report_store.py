"""Rendered reports in the database: the PDF cache and each report's render state.

The cache (``ReportPdf``) holds PDF bytes by content-addressed key (``reports/cache.py``),
so every web host and worker shares it; it is pruned least recently used first once its
total size passes the limit. The render state (``ReportRender``) says, per assessment,
language and edition, whether the newest report is queued, rendering, ready or failed, and
for which cache key: a state for an older key says nothing about the current report.
Flask-free: the web layer and the jobs call these inside their own unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from assessment.models.assessment import Assessment
from assessment.models.report_cache import RenderState, ReportPdf, ReportRender
from assessment.models.types import utcnow
from assessment.services import releases
from assessment.services.reports import PreparedReport, render
from reports.cache import ReportFile

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
ERROR_LENGTH = 500
# A hit refreshes the entry's last use at most this often (one write per minute, not per GET).
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Status:
    """Where the current report stands; ``request`` says a render must be queued."""

    state: RenderState
    error: str | None = None
    attempts: int = 0
    request: bool = False


@dataclass(frozen=True)
class Failure:
    """A report whose newest render failed after its retries."""

    language: str
    edition: str
    error: str | None
    attempts: int


def cached(session: Session, prepared: PreparedReport) -> ReportFile | None:
    """The stored PDF of this report, or None; a hit counts as a use for pruning."""
    row = session.execute(sa.select(ReportPdf.id, ReportPdf.pdf, ReportPdf.last_used_at)
                          .where(ReportPdf.cache_key == prepared.cache_key)).first()
    if row is None:
        return None
    now = utcnow()
    if row.last_used_at < now - TOUCH_EVERY:
        session.execute(sa.update(ReportPdf).where(ReportPdf.id == row.id)
                        .values(last_used_at=now))
    return prepared.file(bytes(row.pdf), cached=True)


def store(session: Session, assessment_id: int, prepared: PreparedReport, pdf: bytes,
          max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Keep the PDF under its key (a concurrent render of the same key is harmless), then prune."""
    now = utcnow()
    values = {"cache_key": prepared.cache_key, "assessment_id": assessment_id,
              "language": prepared.language, "edition": prepared.edition,
              "report_id": prepared.report_id, "size": len(pdf), "pdf": pdf,
              "created_at": now, "last_used_at": now}
    statement = _insert(session, ReportPdf).values(**values)
    session.execute(statement.on_conflict_do_nothing(index_elements=["cache_key"]))
    releases.note_stored(session, assessment_id, prepared)
    prune(session, max_bytes)


def prune(session: Session, max_bytes: int) -> int:
    """Delete least recently used PDFs until the cache fits ``max_bytes``; how many went.
    Released reports (``services.releases``) are never deleted."""
    total = session.scalar(sa.select(sa.func.coalesce(sa.func.sum(ReportPdf.size), 0))) or 0
    if total <= max_bytes:
        return 0
    doomed = []
    for entry_id, size in session.execute(
            sa.select(ReportPdf.id, ReportPdf.size)
            .where(ReportPdf.cache_key.not_in(releases.pinned_keys()))
            .order_by(ReportPdf.last_used_at, ReportPdf.id)):
        if total <= max_bytes:
            break
        doomed.append(entry_id)
        total -= size
    session.execute(sa.delete(ReportPdf).where(ReportPdf.id.in_(doomed)))
    return len(doomed)


def status(session: Session, assessment_id: int, prepared: PreparedReport,
           stale_after: timedelta, again: bool = False) -> Status:
    """Where the current (not yet cached) report stands, queuing it when nothing is under way.

    A render is requested (the state becomes "queued") when there is no state for the
    current key, the last one for it was ready (the PDF has since been pruned) or is stuck
    past ``stale_after`` (a worker died), or ``again`` retries a failed one. The caller
    enqueues the job once its transaction has committed.
    """
    row = _row(session, assessment_id, prepared.language, prepared.edition)
    if row is not None and row.cache_key == prepared.cache_key:
        state = RenderState(row.state)
        if state is RenderState.FAILED and not again:
            return Status(state, row.error, row.attempts)
        if state in (RenderState.QUEUED, RenderState.RENDERING) and (
                utcnow() - row.updated_at < stale_after):
            return Status(state, row.error, row.attempts)
    mark(session, assessment_id, prepared.language, prepared.edition, RenderState.QUEUED,
         prepared.cache_key, attempts=0)
    return Status(RenderState.QUEUED, request=True)


def mark(session: Session, assessment_id: int, language: str, edition: str,
         state: RenderState, cache_key: str | None, *, error: str | None = None,
         attempts: int | None = None) -> None:
    """Record a report's render state (one row per assessment, language and edition)."""
    values: dict[str, Any] = {"state": state.value, "cache_key": cache_key,
                              "error": error[:ERROR_LENGTH] if error else None,
                              "updated_at": utcnow()}
    if attempts is not None:
        values["attempts"] = attempts
    statement = _insert(session, ReportRender).values(
        assessment_id=assessment_id, language=language, edition=edition,
        **{"attempts": 0, **values})
    session.execute(statement.on_conflict_do_update(
        index_elements=["assessment_id", "language", "edition"], set_=values))


def attempts_so_far(session: Session, assessment_id: int, prepared: PreparedReport) -> int:
    """How many renders of the current report have been tried (0 for a new key)."""
    row = _row(session, assessment_id, prepared.language, prepared.edition)
    return row.attempts if row is not None and row.cache_key == prepared.cache_key else 0


def failures(session: Session, assessment_id: int) -> list[Failure]:
    """The assessment's reports whose newest render failed (for a banner on its page)."""
    rows = session.scalars(sa.select(ReportRender).where(
        ReportRender.assessment_id == assessment_id,
        ReportRender.state == RenderState.FAILED.value).order_by(ReportRender.id))
    return [Failure(r.language, r.edition, r.error, r.attempts) for r in rows]


def render_into_store(session: Session, assessment: Assessment, prepared: PreparedReport,
                      max_bytes: int = DEFAULT_MAX_BYTES,
                      timeout: float | None = None) -> ReportFile:
    """Render the report now, keep it and mark it ready (the eager path; jobs do the same)."""
    pdf = render(prepared, timeout)
    store(session, assessment.id, prepared, pdf, max_bytes)
    mark(session, assessment.id, prepared.language, prepared.edition, RenderState.READY,
         prepared.cache_key)
    return prepared.file(pdf, cached=False)


def exists(session: Session, cache_key: str) -> bool:
    """Whether the PDF of this cache key is stored (without reading it)."""
    found = session.scalar(sa.select(ReportPdf.id).where(ReportPdf.cache_key == cache_key))
    return found is not None


def _row(session: Session, assessment_id: int, language: str, edition: str) -> ReportRender | None:
    return session.scalar(sa.select(ReportRender).where(
        ReportRender.assessment_id == assessment_id, ReportRender.language == language,
        ReportRender.edition == edition))


def _insert(session: Session, model: type[Any]) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert(model) if dialect == "postgresql" else sqlite.insert(model))
