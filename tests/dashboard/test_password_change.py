"""A user changes their own password: the current one is required, the new one is checked,
every other session ends and this one stays signed in."""

from __future__ import annotations

import sqlalchemy as sa
from flask import g
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import SecurityEvent, User
from tests.dashboard.conftest import login, sign_in
from tests.factories import DEFAULT_PASSWORD, make_user

NEW = "vivid otter grammar ounce"


def _change(client: FlaskClient, current: str, new: str, confirm: str | None = None) -> object:
    data = {"current": current, "password": new, "confirm": new if confirm is None else confirm}
    return client.post("/account", data=data)


def test_change_password_ends_other_sessions_and_keeps_this_one(
    app, db_session: Session  # type: ignore[no-untyped-def]
) -> None:
    user = make_user(db_session, "ann@example.com")
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, user)
    sign_in(elsewhere, user)
    assert elsewhere.get("/dashboard/").status_code == 200
    response = _change(here, DEFAULT_PASSWORD, NEW)
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    assert here.get("/dashboard/").status_code == 200
    g.pop("_login_user", None)  # the test's app context outlives requests: drop here's user
    assert elsewhere.get("/dashboard/").status_code == 302
    here.post("/logout")
    assert login(here, "ann@example.com").status_code == 200
    assert login(here, "ann@example.com", NEW).status_code == 303
    db_session.expire_all()
    kinds = db_session.scalars(sa.select(SecurityEvent.kind).where(
        SecurityEvent.user_id == user.id))
    assert "password_changed" in list(kinds)


def test_change_password_refuses_with_the_reason(
    client: FlaskClient, db_session: Session
) -> None:
    make_user(db_session, "ann@example.com")
    login(client, "ann@example.com")
    cases = [
        (("not my password", NEW), "The current password is incorrect."),
        ((DEFAULT_PASSWORD, "aaaaaaaaaaaa"), "repeated character or a simple sequence"),
        ((DEFAULT_PASSWORD, "123456789012"), "commonly used password"),
        ((DEFAULT_PASSWORD, "passwordpassword"), "repeats, sequences or keyboard patterns"),
        ((DEFAULT_PASSWORD, "ann-commerce-readiness"), "the product&#39;s name"),
        ((DEFAULT_PASSWORD, DEFAULT_PASSWORD), "must differ from the current one"),
        ((DEFAULT_PASSWORD, NEW, "something else"), "The passwords are not the same."),
    ]
    for args, message in cases:
        response = _change(client, *args)
        assert response.status_code == 422, args  # type: ignore[attr-defined]
        assert message in response.get_data(as_text=True), args  # type: ignore[attr-defined]
    db_session.expire_all()
    user = db_session.scalar(sa.select(User).where(User.email == "ann@example.com"))
    assert user is not None and user.session_version == 1


def test_account_page_needs_a_sign_in(client: FlaskClient) -> None:
    assert client.get("/account").status_code == 302
    assert client.post("/account", data={}).status_code == 302
