"""Notes on an assessment and on its findings: validated, audited, edited and deleted by their
author (an admin deletes any) with every earlier text kept in their history; only a
note on a finding can be printed in the report, and then only the newest one."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models import AuditEvent
from assessment.models.note import Note
from assessment.services import notes, reviewed
from assessment.services.errors import ForbiddenError, NotFoundError
from assessment.services.notes import NoteError
from tests.dashboard.review_support import REVIEW_CONFIG
from tests.factories import make_assessment, make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def test_notes_are_listed_oldest_first_with_their_author(db_session: Session) -> None:
    user = make_user(db_session, "ann@example.com")
    assessment = make_assessment(db_session)
    notes.add(db_session, assessment, user, "  Call the CFO on Monday.  ")
    notes.add(db_session, assessment, user, "Sponsor named last week.", rule_id="LEAD-1",
              finding_ids={"LEAD-1"})
    db_session.commit()
    listed = reviewed.notes_of(db_session, assessment)
    assert [(n.rule_id, n.body, n.author) for n in listed] == [
        (None, "Call the CFO on Monday.", "ann@example.com"),
        ("LEAD-1", "Sponsor named last week.", "ann@example.com"),
    ]
    events = db_session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "note.added"))
    assert [e.details["rule"] for e in events] == [None, "LEAD-1"]


@pytest.mark.parametrize(
    ("body", "rule", "in_report", "message"),
    [
        ("   ", None, False, "Write the note"),
        ("x" * 4001, None, False, "4001 characters"),
        ("About a rule", "OPS-9", False, "OPS-9 is not among"),
        ("For the client", None, True, "Only a note on a finding"),
    ],
)
def test_bad_notes_are_refused(
    db_session: Session, body: str, rule: str | None, in_report: bool, message: str
) -> None:
    user = make_user(db_session)
    assessment = make_assessment(db_session)
    with pytest.raises(NoteError, match=message):
        notes.add(db_session, assessment, user, body, rule_id=rule, in_report=in_report,
                  finding_ids={"LEAD-1"})
    db_session.rollback()
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Note)) == 0


def test_the_report_gets_the_newest_note_marked_for_it(db_session: Session) -> None:
    user = make_user(db_session)
    assessment = make_assessment(db_session)
    ids = {"LEAD-1", "OPS-1"}
    notes.add(db_session, assessment, user, "First wording.", rule_id="LEAD-1", in_report=True,
              finding_ids=ids)
    notes.add(db_session, assessment, user, "Better wording.", rule_id="LEAD-1", in_report=True,
              finding_ids=ids)
    notes.add(db_session, assessment, user, "Internal only.", rule_id="OPS-1", finding_ids=ids)
    db_session.commit()
    chosen = reviewed.report_notes(reviewed.notes_of(db_session, assessment))
    assert chosen == {"LEAD-1": "Better wording."}


def test_the_author_edits_and_deletes_and_the_history_keeps_every_text(
    db_session: Session,
) -> None:
    ann = make_user(db_session, "ann@example.com")
    assessment = make_assessment(db_session)
    note = notes.add(db_session, assessment, ann, "Call the CFO.")
    notes.edit(db_session, assessment, ann, note.id, "  Call the CFO on Monday. ")
    notes.edit(db_session, assessment, ann, note.id, "Call the CFO on Monday.")  # unchanged
    notes.edit(db_session, assessment, ann, note.id, "Called: she signs on Friday.")
    db_session.commit()
    assert [n.body for n in reviewed.notes_of(db_session, assessment)] == [
        "Called: she signs on Friday."]
    notes.delete(db_session, assessment, ann, note.id)
    db_session.commit()
    assert reviewed.notes_of(db_session, assessment) == []
    versions = notes.history(db_session, assessment, note.id)
    assert [(v.change, v.body, v.actor) for v in versions] == [
        ("added", "Call the CFO.", "ann@example.com"),
        ("edited", "Call the CFO on Monday.", "ann@example.com"),
        ("edited", "Called: she signs on Friday.", "ann@example.com"),
        ("deleted", "Called: she signs on Friday.", "ann@example.com"),
    ]


def test_only_the_author_edits_and_only_the_author_or_an_admin_deletes(
    db_session: Session,
) -> None:
    ann = make_user(db_session, "ann@example.com")
    bob = make_user(db_session, "bob@example.com")
    boss = make_user(db_session, "boss@example.com", role="admin")
    assessment = make_assessment(db_session)
    note = notes.add(db_session, assessment, ann, "Call the CFO.")
    with pytest.raises(ForbiddenError, match=r"Only the author of a note can change it\."):
        notes.edit(db_session, assessment, bob, note.id, "Mine now.")
    with pytest.raises(ForbiddenError, match=r"Only the author of a note can change it\."):
        notes.edit(db_session, assessment, boss, note.id, "Mine now.")
    with pytest.raises(ForbiddenError, match="or an administrator can delete it"):
        notes.delete(db_session, assessment, bob, note.id)
    with pytest.raises(NoteError, match=r"Write the note first\."):
        notes.edit(db_session, assessment, ann, note.id, "   ")
    notes.delete(db_session, assessment, boss, note.id)
    with pytest.raises(NotFoundError):
        notes.edit(db_session, assessment, ann, note.id, "Too late.")
    other = make_assessment(db_session)
    with pytest.raises(NotFoundError):
        notes.history(db_session, other, note.id)  # another assessment's note is unknown there
    assert [v.actor for v in notes.history(db_session, assessment, note.id)] == [
        "ann@example.com", "boss@example.com"]
