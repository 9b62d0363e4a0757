"""Which commits call for an e-mail: those that record a submission (by a respondent, or a
complete set of answers imported through the API), a change request, an approval, or a
re-score that withdrew an approval in the audit log.

A listener on every session's flush notes those audit events; once the unit of work has
committed, ``mail_queue.notify`` records and queues the messages each calls for. Services
stay unaware of mail, like the report triggers (triggers.py).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from sqlalchemy.orm import Session

from assessment import unit_of_work
from assessment.jobs import audit_watch, mail_queue
from assessment.jobs.mail_text import IMPORTED
from assessment.models.audit import AuditEvent
from assessment.services import notifications as n

# audit action -> (message kind, the details key naming what it is about)
EVENTS = {
    "respondent.submitted": (n.SUBMITTED, "invitation_id"),
    "answers.imported": (IMPORTED, None),  # the API's import submits the assessment
    "review.request_changes": (n.CHANGES_REQUESTED, "change_request_id"),
    "review.approve": (n.APPROVED, None),
    "assessment.rescored": (n.RESCORED, None),  # only when it withdrew an approval
}
_PENDING = "mail.pending_events"


def install() -> None:
    """Listen to every session's flushes (once per process)."""
    audit_watch.listen(_note_events)


def _note_events(session: Session, _context: Any, _instances: Any) -> None:
    found = [(EVENTS[obj.action][0], assessment_id, _reference(obj))
             for obj, assessment_id in audit_watch.new_events(session, EVENTS)
             if obj.action != "assessment.rescored"
             or (obj.details or {}).get("withdrew_approval")]
    if not found:
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    unit_of_work.collect_after_commit(session, _PENDING, found, lambda events: _notify(app, events))


def _reference(event: AuditEvent) -> Any:
    """What the message is about: the invitation or change request, or (re-score, import)
    who did it."""
    if event.action in ("assessment.rescored", "answers.imported"):
        return event.actor
    key = EVENTS[event.action][1]
    return (event.details or {}).get(key) if key else None


def _notify(app: Flask, events: list[tuple[str, int, Any]]) -> None:
    # Who is told is worked out here, in a transaction of its own (a few small queries);
    # each message is then sent by a background job. No recipient: no job at all.
    for kind, assessment_id, ref in events:
        mail_queue.notify(app, kind, assessment_id, ref)
