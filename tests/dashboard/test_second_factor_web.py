"""Two-step sign-in, enrolment at sign-in (admins; all staff by configuration), the account
page, code limits and an admin's removal of a lost second factor."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pyotp
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import User
from assessment.models.security_event import SecurityEvent
from assessment.models.types import utcnow
from assessment.services import second_factor
from tests.dashboard.conftest import DASHBOARD_CONFIG, login, sign_in
from tests.factories import DEFAULT_PASSWORD, make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {**DASHBOARD_CONFIG, "SECOND_FACTOR_RATELIMIT_ACCOUNT": "3 per 15 minutes"}


def enrolled(session: Session, email: str, role: str = "consultant") -> tuple[User, list[str]]:
    """A user whose second factor was confirmed two minutes ago (so the current code is new)."""
    user = make_user(session, email, role=role)
    second_factor.begin(session, user)
    earlier = utcnow() - timedelta(minutes=2)
    assert user.second_factor_secret
    codes = second_factor.confirm(session, user, pyotp.TOTP(user.second_factor_secret).at(earlier),
                                  at=earlier)
    session.commit()
    return user, codes


def now_code(user: User) -> str:
    assert user.second_factor_secret
    return pyotp.TOTP(user.second_factor_secret).now()


def _signed_in(client: FlaskClient) -> bool:
    return client.get("/dashboard/").status_code == 200


def _kinds(session: Session) -> list[str]:
    session.expire_all()
    kinds = session.scalars(sa.select(SecurityEvent.kind).order_by(SecurityEvent.id))
    return [kind for kind in kinds if "second_factor" in kind or "recovery" in kind]


def test_a_user_with_a_second_factor_signs_in_in_two_steps(
    client: FlaskClient, db_session: Session
) -> None:
    user, _codes = enrolled(db_session, "ann@example.com")
    response = login(client, "ann@example.com", data={"next": "/dashboard/portfolio"})
    assert response.status_code == 303 and response.headers["Location"] == "/login/code"
    assert not _signed_in(client)  # the password alone does not sign in
    page = client.get("/login/code")
    assert page.status_code == 200 and 'autocomplete="one-time-code"' in page.text
    wrong = client.post("/login/code", data={"code": "000000"})
    assert wrong.status_code == 422 and "That code is not right" in wrong.get_data(as_text=True)
    assert not _signed_in(client)
    right = client.post("/login/code", data={"code": now_code(user)})
    assert right.status_code == 303 and right.headers["Location"] == "/dashboard/portfolio"
    assert _signed_in(client)
    assert _kinds(db_session)[-2:] == ["second_factor_failed", "second_factor_used"]


def test_the_same_code_cannot_sign_in_twice(app: Flask, db_session: Session) -> None:
    user, _codes = enrolled(db_session, "ann@example.com")
    code = now_code(user)
    first, second = app.test_client(), app.test_client()
    login(first, "ann@example.com")
    login(second, "ann@example.com")
    assert first.post("/login/code", data={"code": code}).status_code == 303
    assert second.post("/login/code", data={"code": code}).status_code == 422


def test_a_recovery_code_signs_in_once(client: FlaskClient, db_session: Session) -> None:
    _user, codes = enrolled(db_session, "ann@example.com")
    login(client, "ann@example.com")
    response = client.post("/login/code", data={"code": codes[0]}, follow_redirects=True)
    assert "9 recovery codes are left" in response.get_data(as_text=True)
    client.post("/logout")
    login(client, "ann@example.com")
    assert client.post("/login/code", data={"code": codes[0]}).status_code == 422


def test_the_code_page_without_a_right_password_goes_back_to_sign_in(
    client: FlaskClient, db_session: Session
) -> None:
    enrolled(db_session, "ann@example.com")
    assert client.get("/login/code").headers["Location"] == "/login"
    login(client, "ann@example.com", "wrong password here")
    assert client.post("/login/code", data={"code": "123456"}).headers["Location"] == "/login"


def test_the_password_step_expires(app: Flask, client: FlaskClient, db_session: Session) -> None:
    user, _codes = enrolled(db_session, "ann@example.com")
    login(client, "ann@example.com")
    with client.session_transaction() as cookie:
        marker = dict(cookie["_second_factor_pending"])
        marker["at"] -= app.config["SECOND_FACTOR_PENDING_SECONDS"] + 1
        cookie["_second_factor_pending"] = marker
    assert client.post("/login/code", data={"code": now_code(user)}).headers["Location"] == "/login"
    assert not _signed_in(client)


def test_wrong_codes_are_limited_per_account(client: FlaskClient, db_session: Session) -> None:
    user, _codes = enrolled(db_session, "ann@example.com")
    login(client, "ann@example.com")
    for _n in range(3):
        assert client.post("/login/code", data={"code": "000000"}).status_code == 422
    assert client.post("/login/code", data={"code": now_code(user)}).status_code == 429
    assert not _signed_in(client)
    assert _kinds(db_session).count("second_factor_failed") == 3


def test_an_admin_without_one_must_enrol_before_reaching_the_dashboard(
    client: FlaskClient, db_session: Session
) -> None:
    make_user(db_session, "boss@example.com", role="admin")
    response = login(client, "boss@example.com")
    assert response.headers["Location"] == "/dashboard/account/second-factor/setup"
    assert not _signed_in(client)
    page = client.get("/dashboard/account/second-factor/setup").get_data(as_text=True)
    assert "<svg" in page
    secret = re.search(r'id="second-factor-key"[^>]*>([A-Z2-7 ]+)<', page)
    assert secret
    code = pyotp.TOTP(secret.group(1).replace(" ", "")).now()
    done = client.post("/dashboard/account/second-factor/setup", data={"code": code})
    assert done.status_code == 200
    shown = re.findall(r"<li><code>[a-z2-9]{5}-[a-z2-9]{5}</code></li>", done.text)
    assert len(shown) == 10
    assert _signed_in(client)
    assert _kinds(db_session)[-1] == "second_factor_enrolled"


def test_consultants_must_enrol_when_the_configuration_says_so(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    make_user(db_session, "c@example.com")
    assert login(client, "c@example.com").headers["Location"] == "/dashboard/attention"
    client.post("/logout")
    app.config["REQUIRE_SECOND_FACTOR"] = True
    response = login(client, "c@example.com")
    assert response.headers["Location"] == "/dashboard/account/second-factor/setup"
    assert not _signed_in(client)


def test_a_consultant_sets_one_up_and_removes_it_from_the_account_page(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session, "c@example.com")
    sign_in(client, user)
    assert "Set up a second factor" in client.get("/dashboard/account/second-factor").text
    begun = client.post("/dashboard/account/second-factor/begin")
    assert begun.headers["Location"] == "/dashboard/account/second-factor/setup"
    db_session.refresh(user)
    done = client.post("/dashboard/account/second-factor/setup", data={"code": now_code(user)})
    assert done.status_code == 200 and "I have saved them" in done.text
    account = client.get("/dashboard/account/second-factor").text
    assert "Recovery codes left" in account
    refused = client.post("/dashboard/account/second-factor/remove", data={"password": "nope"})
    assert refused.status_code == 422 and "The password is incorrect." in refused.text
    removed = client.post("/dashboard/account/second-factor/remove",
                          data={"password": DEFAULT_PASSWORD})
    assert removed.headers["Location"] == "/dashboard/account/second-factor"
    db_session.refresh(user)
    assert not second_factor.is_enrolled(user)
    assert _signed_in(client)


def test_an_admin_removing_their_own_must_set_up_a_new_one(
    client: FlaskClient, db_session: Session
) -> None:
    admin, _codes = enrolled(db_session, "boss@example.com", role="admin")
    sign_in(client, admin)
    removed = client.post("/dashboard/account/second-factor/remove",
                          data={"password": DEFAULT_PASSWORD})
    assert removed.headers["Location"] == "/login"
    assert not _signed_in(client)
    assert login(client, "boss@example.com").headers["Location"].endswith("/setup")


def test_an_admin_removes_a_lost_second_factor(client: FlaskClient, db_session: Session) -> None:
    user, _codes = enrolled(db_session, "ann@example.com")
    other = make_user(db_session, "bob@example.com")
    sign_in(client, other)
    url = f"/dashboard/users/{user.id}/second-factor/remove"
    assert client.post(url).status_code == 403
    sign_in(client, make_user(db_session, "boss@example.com", role="admin"))
    assert client.post(url).headers["Location"] == "/dashboard/users"
    db_session.refresh(user)
    assert not second_factor.is_enrolled(user)
    assert login(client, "ann@example.com").headers["Location"] == "/dashboard/attention"
