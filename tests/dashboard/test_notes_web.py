"""Notes from the dashboard: on the assessment and on a finding; a problem keeps the text."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.services import reviewed
from tests.dashboard.conftest import sign_in
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
