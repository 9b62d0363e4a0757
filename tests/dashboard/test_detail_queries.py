"""SQL statements of the assessment detail page: a reviewed assessment is read in a few."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.services import change_requests, notes, overrides, review
from tests.dashboard.conftest import sign_in
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.factories import make_user
from tests.statements import statements

DETAIL_LIMIT = 13  # 10, one for the peer benchmark, one for failed report renders (banner),
# one for e-mail that could not be sent (templates/dashboard/_mail_failures.html)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def test_the_detail_page_of_a_reviewed_assessment_runs_at_most_eleven_statements(
    client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session)
    answered = submitted_assessment(db_session, owner=me)
    assessment = answered.assessment
    overrides.change_severity(db_session, assessment, "OPS-1", "high", "Peak season.", me)
    overrides.dismiss(db_session, assessment, "SERV-1", "Fixed last week.", me)
    notes.add(db_session, assessment, me, "Call the CFO.")
    review.start_review(db_session, assessment, me)
    change_requests.request_changes(db_session, assessment, me, {"sponsor": "Who is it?"})
    db_session.commit()
    sign_in(client, me)
    url = f"/dashboard/assessments/{assessment.id}"
    assert client.get(url).status_code == 200  # warm: the bank and the session are loaded
    with statements(client) as seen:
        page = client.get(url)
    assert page.status_code == 200
    assert "Call the CFO." in page.get_data(as_text=True)
    assert len(seen) <= DETAIL_LIMIT, "\n".join(seen)
