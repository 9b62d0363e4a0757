"""Notes on an assessment or on one of its findings: adding them (``services.reviewed`` reads them).

Notes are append-only (a later note corrects an earlier one), like the rest of the review
trail. A note on a finding may be marked for the report: the newest such note is printed
with the finding in the client report.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.orm import Session

from assessment.models.assessment import Assessment
from assessment.models.note import Note
from assessment.models.types import utcnow
from assessment.services import audit
from assessment.services.audit import Staff
from assessment.services.errors import N_, DomainError

MAX_NOTE_LENGTH = 4000



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
    text = (body or "").strip()
    if not text:
        raise NoteError(N_("Write the note first."))
    if len(text) > MAX_NOTE_LENGTH:
        raise NoteError(N_("The note has %(length)d characters; at most %(max)d.",
                          length=len(text), max=MAX_NOTE_LENGTH))
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
