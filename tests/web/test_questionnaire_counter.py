"""Issue 10: a text box's limit is one number, the engine's, in the HTML, the live
counter's words and the server's check; the server still refuses more and keeps the text."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.web.questionnaire_support import FLOW_CONFIG, signed_in, stored, text_of


@pytest.fixture
def app_config() -> dict[str, Any]:
    return dict(FLOW_CONFIG)


def test_the_limit_comes_from_the_engine_and_the_counter_words_are_translated(
    client: FlaskClient, db_session: Session
) -> None:
    browser, _ = signed_in(client, db_session, language="nl")
    page = browser.section("profile").get_data(as_text=True)
    assert re.search(r'<textarea[^>]*id="notes"[^>]*maxlength="200"', page)
    assert "U kunt maximaal 200 tekens invullen" in page
    words = re.search(r'<div hidden id="character-count-messages"([^>]*)>', page)
    assert words is not None
    attributes = words.group(1)
    assert 'data-remaining-one="U hebt nog {n} teken over"' in attributes
    assert 'data-remaining-other="U hebt nog {n} tekens over"' in attributes
    assert 'data-over-other="U hebt {n} tekens te veel"' in attributes


def test_the_server_still_refuses_one_character_over_and_keeps_the_text(
    client: FlaskClient, db_session: Session
) -> None:
    browser, invitation = signed_in(client, db_session)
    typed = "y" * 201
    refused = browser.save("profile", {"org_size": "small", "notes": typed}, action="later")
    assert refused.status_code == 400
    assert "must be 200 characters or fewer" in text_of(refused)
    assert typed in text_of(refused)
    assert "notes" not in stored(db_session, invitation.assessment_id)
    exact = browser.save("profile", {"org_size": "small", "notes": "y" * 200}, action="later")
    assert exact.status_code == 302


def test_pages_without_text_boxes_carry_no_counter_words(
    client: FlaskClient, db_session: Session
) -> None:
    signed_in(client, db_session)
    assert "character-count-messages" not in client.get("/a/review").get_data(as_text=True)
