"""SQL statements per request of the client flow: a question page and a section save stay few.

Counted with SQLAlchemy's ``before_cursor_execute`` on the app's engine, so the figures
hold on SQLite and on PostgreSQL alike (the ``client`` fixture runs on both).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.statements import statements
from tests.web.questionnaire_support import FLOW_CONFIG, PROFILE, Browser, signed_in

# What the page costs today (issue 12): the respondent with their assessment and
# organisation, every answer, and on a profile page the lead respondent's name.
SECTION_GET_LIMIT = 3
# A save: the respondent, the assessment's write lock, every answer (once), the answer
# writes, the progress, the audit event and the respondent's place (no second read).
SECTION_POST_LIMIT = 6


@pytest.fixture
def app_config() -> dict[str, Any]:
    return dict(FLOW_CONFIG)


def _started(client: FlaskClient, db_session: Session) -> Browser:
    """A respondent who has saved the profile and part of the leadership page."""
    browser, _ = signed_in(client, db_session)
    browser.save("profile", PROFILE)
    browser.save("leadership", {"sponsor": "no", "checkpoints": "monthly", "kpis": ["roi"]})
    return browser


def _writes(seen: list[str]) -> list[str]:
    return [s for s in seen if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def _answer_writes(seen: list[str]) -> list[str]:
    return [s for s in _writes(seen) if s.split()[:3] in (["INSERT", "INTO", "answer"],
                                                         ["UPDATE", "answer", "SET"])]


def test_a_question_page_reads_little_and_writes_nothing(
    client: FlaskClient, db_session: Session
) -> None:
    browser = _started(client, db_session)
    with statements(client) as seen:
        response = browser.section("profile")  # back to a page: nothing to remember on a GET
    assert response.status_code == 200
    assert _writes(seen) == []
    assert len(seen) <= SECTION_GET_LIMIT, "\n".join(seen)


def test_a_section_save_reads_the_answers_once_and_commits_once(
    client: FlaskClient, db_session: Session
) -> None:
    """One changed answer, and the respondent's place moves (back to the review page)."""
    browser = _started(client, db_session)
    browser.section("leadership")
    with statements(client) as seen:
        response = browser.save("leadership", {"sponsor": "no", "checkpoints": "weekly",
                                               "kpis": ["roi"]}, fetch=False,
                                extra={"return": "review"})
    assert response.headers["Location"] == "/a/review", response.get_data(as_text=True)
    assert sum(bool(re.search(r"\bFROM answer\b|JOIN answer\b", s)) for s in seen) == 1
    assert not any(s.startswith(("COMMIT", "ROLLBACK")) for s in seen)  # the one commit: none here
    assert len(_answer_writes(seen)) == 1
    assert any(s.startswith("UPDATE invitation SET last_section_id") for s in seen)
    assert len(seen) <= SECTION_POST_LIMIT, "\n".join(seen)


def test_a_first_save_costs_at_most_a_write_per_new_answer_beyond_the_same_reads(
    client: FlaskClient, db_session: Session
) -> None:
    browser, _ = signed_in(client, db_session)
    browser.section("profile")
    with statements(client) as seen:
        response = browser.save("profile", PROFILE, fetch=False)
    assert response.status_code == 302
    assert 1 <= len(_answer_writes(seen)) <= len(PROFILE)  # PostgreSQL batches them
    assert len(seen) - len(_answer_writes(seen)) <= SECTION_POST_LIMIT, "\n".join(seen)
