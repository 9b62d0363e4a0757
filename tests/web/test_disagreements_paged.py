"""Shared answers in a section split into pages (``tests/web/flowdata/pagedflow``): a lead's
profile answer is read-only on its own page, the page still saves, and recording a
different view comes back to the page that holds the question."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import make_assessment
from tests.web.questionnaire_support import inputs, signed_in, stored, text_of


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"QUESTIONS_DIR": Path(__file__).parent / "flowdata", "QUESTIONNAIRE_ID": "pagedflow"}


def test_a_read_only_answer_on_the_second_page_of_a_section(
    client: FlaskClient, db_session: Session,
) -> None:
    assessment = make_assessment(db_session)
    lead, lead_invitation = signed_in(client, db_session, assessment=assessment,
                                      areas=["leadership"], respondent_name="Lena")
    lead_invitation.lead = True
    db_session.commit()
    assert lead.save("profile/organisation", {"org_size": "small",
                                              "business_model": ["b2b"]}).status_code == 302
    assert lead.save("profile/volumes", {"peak_orders_per_day": "1200"}).status_code == 302
    other, _ = signed_in(client.application.test_client(), db_session, assessment=assessment,
                         respondent_name="Piet")
    page = other.get("/a/s/profile/volumes")
    body = text_of(page)
    assert "1,200 orders per day" in body and "Answered by Lena" in body
    assert "peak_orders_per_day" not in inputs(page.get_data(as_text=True)).values
    saved = other.save("profile/volumes", {"notes": "Seasonal peaks in May."})
    assert saved.status_code == 302, text_of(saved)
    token = inputs(other.get("/a/q/peak_orders_per_day/disagree").get_data(as_text=True)
                   ).hidden["csrf_token"]
    recorded = other.client.post("/a/q/peak_orders_per_day/disagree", data={
        "csrf_token": token, "peak_orders_per_day": "3000", "reason": "Black Friday."})
    assert recorded.headers["Location"] == "/a/s/profile/volumes"
    values = stored(db_session, assessment.id)
    assert values["peak_orders_per_day"] == 1200 and values["notes"] == "Seasonal peaks in May."
