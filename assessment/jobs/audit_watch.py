"""Watching the audit log as it is written: the mail and webhook triggers listen to every
session's flushes for the audit events they act on, once the unit of work commits."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment import unit_of_work
from assessment.models.audit import AuditEvent

_listening: set[Callable[..., Any]] = set()


def listen(note: Callable[[Session, Any, Any], None]) -> None:
    """Call ``note`` before every session's flush (once per process for each function)."""
    if note not in _listening:
        sa.event.listen(Session, "before_flush", note)
        _listening.add(note)


def new_events(session: Session, actions: Collection[str]) -> list[tuple[AuditEvent, int]]:
    """The audit events about an assessment this flush adds whose action is in ``actions``,
    each with the assessment's id (none outside a unit of work: a test's own session)."""
    if not unit_of_work.in_progress(session):
        return []
    return [(obj, obj.assessment_id) for obj in session.new
            if isinstance(obj, AuditEvent) and obj.action in actions and obj.assessment_id]
