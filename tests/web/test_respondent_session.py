"""Issue 14, finding 4: "Save and continue later" ends the respondent's session on the
server, not only in the browser that clicked it.

The cookie carries the invitation's session version; "later" bumps it, so a copy of the
old cookie (another browser, a stolen cookie) can neither read nor write answers, while
the invitation link still starts a fresh session.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.services import invitations
from tests.factories import make_assessment, make_invitation
from tests.web.questionnaire_support import FLOW_CONFIG, PROFILE, Browser, stored, text_of

SECRET = "SECRET-NOTE-BEFORE-LATER"
INJECTED = "WRITTEN-AFTER-SIGNOUT"


@pytest.fixture
def app_config() -> dict[str, Any]:
    return dict(FLOW_CONFIG)


def copy_of_cookie(client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of the client's session cookie as it is now."""
    name = client.application.config["SESSION_COOKIE_NAME"]
    cookie = client.get_cookie(name)
    assert cookie is not None
    thief = client.application.test_client()
    thief.set_cookie(name, cookie.value)
    return thief


def test_a_copied_cookie_is_refused_after_save_and_continue_later(
    client: FlaskClient, db_session: Session
) -> None:
    assessment = make_assessment(db_session)
    invitation, token = make_invitation(db_session, assessment)
    browser = Browser(client)
    browser.open_link(token)
    assert browser.save("profile", {**PROFILE, "notes": SECRET}).status_code == 302
    browser.section("profile")
    form = browser.hidden("/a/s/profile")  # a form the copied cookie could post
    thief = copy_of_cookie(client)
    assert SECRET in text_of(thief.get("/a/s/profile"))  # the copy works while signed in

    later = browser.save("leadership", {"sponsor": "no"}, action="later")
    assert later.headers["Location"] == "/a/saved"

    for path in ("/a/s/profile", "/a/review", "/a/"):
        refused = thief.get(path)
        assert refused.status_code == 401, path
        assert SECRET not in text_of(refused)
    posted = thief.post("/a/s/profile",
                        data={**form, **PROFILE, "notes": INJECTED, "action": "continue"})
    assert posted.status_code != 302
    assert SECRET not in text_of(posted)
    assert stored(db_session, assessment.id)["notes"] == SECRET

    assert browser.open_link(token).status_code == 302  # the link starts a fresh session
    assert client.get("/a/").headers["Location"] == "/a/s/leadership"
    assert SECRET in text_of(client.get("/a/s/profile"))
    assert thief.get("/a/s/profile").status_code == 401  # the copy stays dead
    db_session.refresh(invitation)
    assert invitation.session_version == 1


def test_ending_a_session_bumps_the_version_and_only_flushes(db_session: Session) -> None:
    invitation, _token = make_invitation(db_session)
    assert invitation.session_version == 0
    invitations.end_session(db_session, invitation)
    assert invitation.session_version == 1
    db_session.rollback()  # services never commit: the unit of work does
    db_session.refresh(invitation)
    assert invitation.session_version == 0
