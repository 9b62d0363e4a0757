"""The done page's provisional verdict is chosen from the scores (assessment/verdicts.py):
the sentence the page shows is the one the verdict functions give for the stored result, and
"no significant gaps" is said only when every area of the respondent is green."""

from __future__ import annotations

import re
from typing import Any

import pytest
from babel.support import NullTranslations
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.engine import Result
from assessment.verdicts import caution, headline, priority, say, standing
from tests.web.questionnaire_support import (
    FLOW_CONFIG,
    LEADERSHIP,
    OPERATIONS,
    PROFILE,
    signed_in,
    text_of,
)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return dict(FLOW_CONFIG)


def expected_verdict(result: Result, organisation: str, titles: dict[str, str]) -> str:
    state = standing(result)
    said = [v for v in (headline(state, "page"), priority(state), caution(state.confidence))
            if v]
    return " ".join(say(v, NullTranslations(), "en", titles.__getitem__, organisation)
                    for v in said)


@pytest.mark.parametrize("leadership", [LEADERSHIP, {**LEADERSHIP, "sponsor": "no",
                                                     "sponsor_involvement": "1"}])
def test_the_done_page_says_the_verdict_of_the_stored_result(
    client: FlaskClient, db_session: Session, leadership: dict[str, Any]
) -> None:
    browser, invitation = signed_in(client, db_session)
    for section_id, answers in (("profile", PROFILE), ("leadership", leadership),
                                ("operations", OPERATIONS)):
        browser.section(section_id)
        saved = browser.save(section_id, answers, fetch=False)
        if saved.headers.get("Location", "").endswith(f"/a/s/{section_id}"):
            browser.save(section_id, answers)
    assert browser.submit().status_code == 302
    page = re.sub(r"\s+", " ", text_of(client.get("/a/done")))
    assessment = invitation.assessment
    db_session.refresh(assessment)
    assert assessment.result, "the assessment was scored"
    result = Result.from_dict(assessment.result["result"])
    said = expected_verdict(result, assessment.organisation.name, {a: a for a in result.areas})
    first = re.split(r"[;:]", said)[0]  # before the area names, which the page translates
    assert first in page, f"{first!r} not on the done page"
    if any(a.band == "red" or a.level == 1 for a in result.areas.values()):
        assert "foundations are there" not in page
    if any(a.band != "green" for a in result.areas.values()):
        assert "We found no significant gaps in your areas." not in page
