"""Which commits call for webhook deliveries: those that record a submission (a respondent's,
or answers imported through the API) or an approval in the audit log, and report renders
that stored a new PDF.

A listener on every session's flush notes those audit events, like the mail triggers
(``mail_triggers.py``); the report job calls ``report_ready`` after storing a PDF. Once the
unit of work has committed, ``jobs.webhooks.dispatch`` records and queues a delivery for
each webhook that wants the event. Services stay unaware of webhooks.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from sqlalchemy.orm import Session

from assessment import unit_of_work
from assessment.jobs import audit_watch, webhook_queue
from assessment.models.audit import AuditEvent
from assessment.services import webhooks

# audit action -> the details key naming what it is about (None: nothing more)
ACTIONS = {webhook_queue.SUBMISSION: "invitation_id", webhook_queue.IMPORT: None,
           webhook_queue.APPROVAL: None}
_PENDING = "webhooks.pending_events"


def install() -> None:
    """Listen to every session's flushes (once per process)."""
    audit_watch.listen(_note_events)


def _note_events(session: Session, _context: Any, _instances: Any) -> None:
    found = [(obj.action, assessment_id, _reference(obj))
             for obj, assessment_id in audit_watch.new_events(session, ACTIONS)]
    if found:
        _collect(current_app._get_current_object(), session, found)  # type: ignore[attr-defined]


def _reference(event: AuditEvent) -> Any:
    key = ACTIONS[event.action]
    return (event.details or {}).get(key) if key else None


def report_ready(app: Flask, session: Session, assessment_id: int, language: str,
                 edition: str) -> None:
    """A report job stored a new PDF in this unit of work: tell the webhooks once it commits
    (only reports of approved assessments are announced, ``jobs.webhooks.dispatch``)."""
    _collect(app, session, [(webhooks.REPORT_READY, assessment_id, (language, edition))])


def _collect(app: Flask, session: Session, found: list[webhook_queue.Noted]) -> None:
    unit_of_work.collect_after_commit(session, _PENDING, found,
                                      lambda events: _dispatch(app, events))


def _dispatch(app: Flask, events: list[webhook_queue.Noted]) -> None:
    if events:
        webhook_queue.dispatch(app, events)
