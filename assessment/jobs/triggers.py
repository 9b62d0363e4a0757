"""Which commits change a report: the flushes of a unit of work that score or review.

A listener on every session's flush notes the assessments whose stored result, review
state or approval changed, or whose overrides, report notes or hidden comments did; once
the unit of work has committed, both editions of their reports are queued for rendering.
Services stay unaware of jobs: this watches the data they write, whichever service wrote it
(submission and scoring, review steps, approval, overrides, re-scoring).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.orm import Session

from assessment import jobs, unit_of_work
from assessment.jobs.settings import RENDER_JOB
from assessment.models.assessment import Assessment
from assessment.models.hidden_comment import HiddenComment
from assessment.models.note import Note
from assessment.models.override import FindingOverride

EDITIONS = ("full", "executive")
WATCHED_FIELDS = ("result", "status", "approved_at")
WATCHED_ROWS = (FindingOverride, Note, HiddenComment)
_CHANGED = "reports.changed_assessments"
_installed = False


def install() -> None:
    """Listen to every session's flushes (once per process); the mail and webhook triggers too."""
    global _installed
    from assessment.jobs import mail_triggers, webhook_triggers

    mail_triggers.install()
    webhook_triggers.install()
    if not _installed:
        sa.event.listen(Session, "before_flush", _note_changes)
        _installed = True


def _note_changes(session: Session, _context: Any, _instances: Any) -> None:
    if not unit_of_work.in_progress(session):
        return
    changed = {obj.assessment_id for obj in (*session.new, *session.dirty, *session.deleted)
               if isinstance(obj, WATCHED_ROWS) and obj.assessment_id is not None}
    changed |= {obj.id for obj in (*session.new, *session.dirty)
                if isinstance(obj, Assessment) and _report_changed(obj)}
    if not changed:
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    unit_of_work.collect_after_commit(session, _CHANGED, changed,
                                      lambda ids: request_reports(app, set(ids)))


def _report_changed(assessment: Assessment) -> bool:
    state = sa.inspect(assessment)
    if assessment.result is None:
        return False
    return state.pending or any(state.attrs[name].history.has_changes()
                                for name in WATCHED_FIELDS)


def request_reports(app: Flask, assessment_ids: set[int]) -> None:
    """After a commit that scored or reviewed these assessments: render both editions of
    each one's report in its own language (unless REPORT_PRERENDER is off)."""
    if not app.config.get("REPORT_PRERENDER", True):
        return
    for assessment_id in sorted(assessment_ids):
        for edition in EDITIONS:
            jobs.enqueue(app, RENDER_JOB, assessment_id, None, edition)
