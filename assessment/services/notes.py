"""Notes on an assessment or on one of its findings: adding them (``services.reviewed`` reads them).

Its author may edit or delete a note (an admin may delete any); the audit log keeps the
earlier text of every edit and deletion, so the note's history survives both
(``history``). A note on a finding may be marked for the report: the newest such note is
printed with the finding in the client report.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.assessment import Assessment
from assessment.models.audit import AuditEvent
from assessment.models.note import Note
from assessment.models.types import utcnow
from assessment.models.user import User
from assessment.services import audit
from assessment.services.audit import Staff
from assessment.services.errors import N_, DomainError, ForbiddenError, NotFoundError

MAX_NOTE_LENGTH = 4000
CHANGE_EVENTS = ("note.added", "note.edited", "note.deleted")


class NoteError(DomainError):
    """A note was refused; the message says why."""


def add(
    session: Session, assessment: Assessment, user: Staff, body: str, *,
    rule_id: str | None = None, in_report: bool = False,
    finding_ids: Collection[str] = (),
) -> Note:
    """Add a note to the assessment, or to one of its findings (``rule_id`` in finding_ids).

    Only a note on a finding can go in the report. Flushes only.
    """
    text = _checked(body)
    if rule_id is not None and rule_id not in finding_ids:
        raise NoteError(N_("%(rule)s is not among this assessment's findings.", rule=rule_id))
    if in_report and rule_id is None:
        raise NoteError(N_("Only a note on a finding can be printed in the report."))
    note = Note(assessment_id=assessment.id, rule_id=rule_id, body=text, in_report=in_report,
                author_id=user.id, author=user.email, created_at=utcnow())
    session.add(note)
    session.flush()
    audit.record(session, "note.added", assessment=assessment, actor=f"user:{user.id}",
                 details={"note_id": note.id, "rule": rule_id, "in_report": in_report})
    return note


def _checked(body: str | None) -> str:
    text = (body or "").strip()
    if not text:
        raise NoteError(N_("Write the note first."), field="body")
    if len(text) > MAX_NOTE_LENGTH:
        raise NoteError(N_("The note has %(length)d characters; at most %(max)d.",
                          length=len(text), max=MAX_NOTE_LENGTH), field="body")
    return text


def find(session: Session, assessment: Assessment, note_id: int) -> Note:
    """The assessment's note ``note_id``; NotFoundError if it has none (or it was deleted)."""
    note = session.get(Note, note_id)
    if note is None or note.assessment_id != assessment.id:
        raise NotFoundError(N_("This note does not exist or was deleted."))
    return note


def may_edit(note: Note, user: Staff) -> bool:
    """Only its author edits a note."""
    return note.author_id is not None and note.author_id == user.id


def may_delete(note: Note, user: Staff) -> bool:
    """Its author deletes a note, and so may an admin."""
    return may_edit(note, user) or user.role == "admin"


def edit(session: Session, assessment: Assessment, user: Staff, note_id: int,
         body: str) -> Note:
    """Replace the note's text; the earlier text goes into the audit log. Flushes only."""
    note = find(session, assessment, note_id)
    if not may_edit(note, user):
        raise ForbiddenError(N_("Only the author of a note can change it."))
    text = _checked(body)
    if text == note.body:
        return note
    audit.record(session, "note.edited", assessment=assessment, actor=f"user:{user.id}",
                 details={"note_id": note.id, "rule": note.rule_id, "previous": note.body,
                          "body": text})
    note.body = text
    session.flush()
    return note


def delete(session: Session, assessment: Assessment, user: Staff, note_id: int) -> None:
    """Delete the note (its author, or an admin); its text stays in the audit log."""
    note = find(session, assessment, note_id)
    if not may_delete(note, user):
        raise ForbiddenError(N_("Only the author of a note or an administrator can delete it."))
    audit.record(session, "note.deleted", assessment=assessment, actor=f"user:{user.id}",
                 details={"note_id": note.id, "rule": note.rule_id, "previous": note.body,
                          "in_report": note.in_report})
    session.delete(note)
    session.flush()


@dataclass(frozen=True)
class Version:
    """One version of a note: its text from ``at`` on, and who wrote it (an audit actor)."""

    body: str
    at: datetime
    actor: str  # the account's display name or e-mail (the recorded actor if it is gone)
    change: str  # "added", "edited" or "deleted" (the text is then the last one it had)


def history(session: Session, assessment: Assessment, note_id: int) -> list[Version]:
    """The note's versions, oldest first, from the audit log (also for a deleted note);
    NotFoundError when the assessment never had it."""
    events = [e for e in session.scalars(
        sa.select(AuditEvent).where(AuditEvent.assessment_id == assessment.id,
                                    AuditEvent.action.in_(CHANGE_EVENTS))
        .order_by(AuditEvent.at, AuditEvent.id)) if (e.details or {}).get("note_id") == note_id]
    note = session.get(Note, note_id)
    if note is not None and note.assessment_id != assessment.id:
        note = None
    if not events and note is None:
        raise NotFoundError(N_("This note does not exist or was deleted."))
    added = next((e for e in events if e.action == "note.added"), None)
    changes = [e for e in events if e.action != "note.added"]
    # The first text is what the first change replaced, else the note as it stands.
    first_text = changes[0].details["previous"] if changes else note.body if note else ""
    if added is not None:
        start_at, start_actor = added.at, added.actor
    elif note is not None:
        start_at, start_actor = note.created_at, f"user:{note.author_id}"
    else:
        start_at, start_actor = events[0].at, events[0].actor
    versions = [Version(str(first_text), start_at, start_actor, "added")]
    for event in changes:
        edited = event.action == "note.edited"
        body = event.details.get("body", "") if edited else event.details["previous"]
        versions.append(Version(str(body), event.at, event.actor,
                                "edited" if edited else "deleted"))
    return _named(session, versions)


def _named(session: Session, versions: list[Version]) -> list[Version]:
    """The versions with each ``user:<id>`` actor named by display name or e-mail."""
    ids = {int(v.actor.removeprefix("user:")) for v in versions
           if v.actor.startswith("user:") and v.actor[5:].isdigit()}
    names = {f"user:{uid}": (name or "").strip() or email for uid, name, email in
             session.execute(sa.select(User.id, User.display_name, User.email)
                             .where(User.id.in_(ids)))} if ids else {}
    return [replace(v, actor=names.get(v.actor, v.actor)) for v in versions]
