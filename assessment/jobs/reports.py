"""Report jobs: render an assessment's report into the shared store, recording its state.

Each job reads the assessment as it is when the job runs (never as it was when queued), so
a job queued before three quick overrides renders the result of all three. The render runs
outside any database transaction; its state goes queued → rendering → ready, or failed
with the error once the last retry has failed (a failure before that goes back to queued).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from assessment import jobs, unit_of_work
from assessment.jobs import webhook_triggers
from assessment.jobs.context import job_app
from assessment.jobs.settings import RENDER_JOB, cache_bytes, render_timeout
from assessment.models.assessment import Assessment, Status
from assessment.models.report_cache import RenderState
from assessment.services import report_store, reports
from reports.build import EDITIONS
from reports.i18n import LANGUAGES

log = logging.getLogger(__name__)


def render_report(assessment_id: int, language: str | None, edition: str) -> str:
    """Render one report of the assessment unless it is stored; say what happened."""
    with job_app() as app:
        with unit_of_work.command() as session:
            assessment = session.get(Assessment, assessment_id)
            if assessment is None or assessment.result is None:
                return "nothing to render"
            prepared = reports.prepare(session, assessment, language, edition,
                                       app.config["BRANDING"])
            if report_store.exists(session, prepared.cache_key):
                report_store.mark(session, assessment_id, prepared.language, edition,
                                  RenderState.READY, prepared.cache_key)
                return "already stored"
            attempt = report_store.attempts_so_far(session, assessment_id, prepared) + 1
            report_store.mark(session, assessment_id, prepared.language, edition,
                              RenderState.RENDERING, prepared.cache_key, attempts=attempt)
        try:
            pdf = reports.render(prepared, timeout=render_timeout(app.config))
        except Exception as error:
            final = jobs.current_attempt().last
            with unit_of_work.command() as session:
                report_store.mark(session, assessment_id, prepared.language, edition,
                                  RenderState.FAILED if final else RenderState.QUEUED,
                                  prepared.cache_key, error=str(error) or type(error).__name__,
                                  attempts=attempt)
            raise
        with unit_of_work.command() as session:
            report_store.store(session, assessment_id, prepared, pdf, cache_bytes(app.config))
            report_store.mark(session, assessment_id, prepared.language, edition,
                              RenderState.READY, prepared.cache_key, attempts=attempt)
            webhook_triggers.report_ready(app, session, assessment_id, prepared.language, edition)
            if language is None and assessment.status == Status.APPROVED:
                _release_other_languages(app, session, assessment_id, prepared)
        return f"rendered {prepared.report_id} ({len(pdf)} bytes)"


def _release_other_languages(app: Flask, session: Session, assessment_id: int,
                             prepared: reports.PreparedReport) -> None:
    """An approved report in the assessment's language is stored: render its other languages
    too, so the whole release is there for sales (and survives a later re-score)."""
    others = [lang for lang in prepared.data.questionnaire.languages
              if lang in LANGUAGES and lang != prepared.language]
    for lang in others:
        unit_of_work.after_commit(_language_enqueuer(app, assessment_id, lang, prepared.edition),
                                  session)


def _language_enqueuer(app: Flask, assessment_id: int, language: str,
                       edition: str) -> Callable[[], Any]:
    return lambda: jobs.enqueue(app, RENDER_JOB, assessment_id, language, edition)


def render_stale(everything: bool = False) -> int:
    """Queue the reports of every approved assessment that has none stored (all: every one).

    Run when the bank, the templates or WeasyPrint changed: each of those changes the cache
    key, so an approved report is ready again before anyone asks for it.
    """
    with job_app() as app:
        queued = 0
        with unit_of_work.command() as session:
            approved = session.scalars(sa.select(Assessment).where(
                Assessment.status == Status.APPROVED.value,
                Assessment.result.is_not(None)).order_by(Assessment.id)).all()
            for assessment in approved:
                for edition in EDITIONS:
                    prepared = reports.prepare(session, assessment, None, edition,
                                               app.config["BRANDING"])
                    if everything or not report_store.exists(session, prepared.cache_key):
                        report_store.mark(session, assessment.id, prepared.language, edition,
                                          RenderState.QUEUED, prepared.cache_key, attempts=0)
                        unit_of_work.after_commit(_enqueuer(app, assessment.id, edition),
                                                  session)
                        queued += 1
        return queued


def _enqueuer(app: Flask, assessment_id: int, edition: str) -> Callable[[], Any]:
    return lambda: jobs.enqueue(app, RENDER_JOB, assessment_id, None, edition)
