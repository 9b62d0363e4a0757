"""The detail page's verdict follows the reviewed result (assessment/verdicts.py): a red area
is named, nothing reassuring is said beside it, and the gaps it counts are the reviewed ones
(dismissed findings no longer count; the red area is still named)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.engine import Result
from assessment.services import overrides
from tests.dashboard.conftest import sign_in
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.factories import make_org, make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def words(client: FlaskClient, assessment_id: int, language: str = "en") -> str:
    response = client.get(f"/dashboard/assessments/{assessment_id}",
                          headers={"Accept-Language": language})
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def test_the_verdict_names_the_red_area_and_explains_an_empty_list(
    client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me,
                                      organisation=make_org(db_session, "Nordic Bikes")).assessment
    sign_in(client, me)
    text = words(client, assessment.id)
    assert "Nordic Bikes is not ready for a commerce launch yet; the weakest area" in text
    assert "Leadership (25/100)" in text
    assert "foundations are there" not in text

    result = Result.from_dict(assessment.result["result"])
    high = sum(1 for f in result.findings if f.severity == "high")
    assert high, "the fixture fires a high-severity finding"
    assert re.search(rf"{high} high-severity gaps? must be closed before launch", text)
    for rule_id in result.finding_ids():
        overrides.dismiss(db_session, assessment, rule_id, "Not relevant here.", me)
    db_session.commit()
    text = words(client, assessment.id)
    assert "high-severity gap" not in text.split("Findings")[0]  # counted as reviewed
    assert "Leadership (25/100)" in text and "foundations are there" not in text
