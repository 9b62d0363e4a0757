"""Notes from the dashboard: on the assessment and on a finding; a problem keeps the text."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.services import notes, reviewed
from tests.dashboard.conftest import own, sign_in
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.factories import make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def test_notes_on_the_assessment_and_on_a_finding(client: FlaskClient, db_session: Session
                                                  ) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    sign_in(client, me)
    url = f"/dashboard/assessments/{assessment.id}/notes"
    first = client.post(url, data={"body": "Call the CFO."})
    assert first.headers["Location"].endswith("#notes")
    second = client.post(url, data={"body": "Sponsor named in May.", "rule_id": "LEAD-1",
                                    "in_report": "y"})
    assert second.headers["Location"].endswith("#finding-LEAD-1")
    listed = [(n.rule_id, n.body, n.in_report)
              for n in reviewed.notes_of(db_session, assessment)]
    assert listed == [(None, "Call the CFO.", False), ("LEAD-1", "Sponsor named in May.", True)]
    html = client.get(f"/dashboard/assessments/{assessment.id}").get_data(as_text=True)
    finding = html.split('id="finding-LEAD-1"')[1].split("</article>")[0]
    assert "Sponsor named in May." in finding and "in the report" in finding


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": ""}, "Write the note first."),
        ({"body": "z" * 4001}, "Field cannot be longer than 4000 characters."),
        ({"body": "About nothing", "rule_id": "NOPE-1"}, "NOPE-1 is not among"),
        ({"body": "For the client", "in_report": "y"}, "Only a note on a finding"),
    ],
)
def test_a_refused_note_comes_back_with_its_text(
    client: FlaskClient, db_session: Session, data: dict[str, str], message: str
) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    sign_in(client, me)
    response = client.post(f"/dashboard/assessments/{assessment.id}/notes", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    if data["body"]:
        assert f">{data['body']}</textarea>" in html
    assert reviewed.notes_of(db_session, assessment) == []


def test_the_author_edits_a_note_and_the_history_shows_the_earlier_text(
    client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session, "ann@example.com")
    assessment = submitted_assessment(db_session, owner=me).assessment
    note = notes.add(db_session, assessment, me, "Call the CFO.")
    db_session.commit()
    sign_in(client, me)
    base = f"/dashboard/assessments/{assessment.id}"
    detail = client.get(base).get_data(as_text=True)
    assert f'href="{base}/notes/{note.id}/edit"' in detail
    assert f'action="{base}/notes/{note.id}/delete"' in detail
    form = client.get(f"{base}/notes/{note.id}/edit").get_data(as_text=True)
    assert "Call the CFO.</textarea>" in form and 'name="csrf_token"' in form
    empty = client.post(f"{base}/notes/{note.id}/edit", data={"body": " "})
    assert empty.status_code == 422
    assert 'href="#body">Write the note first.' in empty.get_data(as_text=True)
    saved = client.post(f"{base}/notes/{note.id}/edit", data={"body": "Call the CFO on Monday."})
    assert (saved.status_code, saved.headers["Location"]) == (303, f"{base}#notes")
    assert "Call the CFO on Monday." in client.get(base).get_data(as_text=True)
    history = client.get(f"{base}/notes/{note.id}/history").get_data(as_text=True)
    assert history.index("Call the CFO on Monday.") < history.index("Call the CFO.</blockquote>")
    assert "Edited — ann@example.com" in history and "Written — ann@example.com" in history


def test_someone_else_sees_the_history_but_may_not_edit_and_an_admin_deletes(
    client: FlaskClient, db_session: Session
) -> None:
    ann = make_user(db_session, "ann@example.com")
    bob = make_user(db_session, "bob@example.com")
    assessment = submitted_assessment(db_session, owner=ann).assessment
    own(db_session, assessment, bob, "shared")
    note_id = notes.add(db_session, assessment, ann, "Call the CFO.").id
    db_session.commit()
    base = f"/dashboard/assessments/{assessment.id}"
    sign_in(client, bob)
    detail = client.get(base).get_data(as_text=True)
    assert f"{base}/notes/{note_id}/history" in detail
    assert f"{base}/notes/{note_id}/edit" not in detail
    assert f"{base}/notes/{note_id}/delete" not in detail
    assert client.post(f"{base}/notes/{note_id}/edit", data={"body": "x"}).status_code == 403
    assert client.post(f"{base}/notes/{note_id}/delete").status_code == 403
    client.post("/logout")
    sign_in(client, make_user(db_session, "boss@example.com", role="admin"))
    assert f"{base}/notes/{note_id}/delete" in client.get(base).get_data(as_text=True)
    deleted = client.post(f"{base}/notes/{note_id}/delete")
    assert deleted.status_code == 303
    assert reviewed.notes_of(db_session, assessment) == []
    history = client.get(f"{base}/notes/{note_id}/history")
    assert history.status_code == 200
    assert "Deleted — boss@example.com" in history.get_data(as_text=True)
    assert client.get(f"{base}/notes/999999/history").status_code == 404


def test_note_pages_in_dutch(client: FlaskClient, db_session: Session) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    note = notes.add(db_session, assessment, me, "Bel de CFO.")
    db_session.commit()
    sign_in(client, me)
    base = f"/dashboard/assessments/{assessment.id}"
    nl = {"Accept-Language": "nl"}
    assert "Notitie bewerken" in client.get(f"{base}/notes/{note.id}/edit",
                                            headers=nl).get_data(as_text=True)
    assert "Geschiedenis van de notitie" in client.get(f"{base}/notes/{note.id}/history",
                                                       headers=nl).get_data(as_text=True)
