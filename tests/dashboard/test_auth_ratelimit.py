"""Login rate limits: per address (Flask-Limiter) and per account-and-address pair.

The global account lock-out is tested in test_login_throttle_pairs.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.dashboard.conftest import DASHBOARD_CONFIG, login
from tests.factories import make_user

THROTTLED = "Too many sign-in attempts. Wait a few minutes, then try again."


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {
        **DASHBOARD_CONFIG,
        "LOGIN_RATELIMIT_ADDRESS": "4 per 10 minutes",
        "LOGIN_RATELIMIT_PAIR": "3 per 15 minutes",
        "LOGIN_LOCKOUT_ACCOUNT": "50 per hour",
    }


def _from(address: str) -> dict[str, Any]:
    return {"environ_base": {"REMOTE_ADDR": address}}


def test_account_is_throttled_after_failures_from_one_address(
    client: FlaskClient, db_session: Session
) -> None:
    make_user(db_session, "target@example.com")
    for _n in range(3):
        response = login(client, "target@example.com", "wrong-password-x", **_from("10.0.0.1"))
        assert response.status_code == 200
    # Even the right password is refused from that address while the pair is throttled.
    blocked = login(client, "target@example.com", **_from("10.0.0.1"))
    assert blocked.status_code == 429
    page = blocked.get_data(as_text=True)
    assert THROTTLED in page
    assert 'name="email"' in page and 'name="password"' in page
    assert client.get("/dashboard/").status_code == 302


def test_email_is_normalised_for_the_account_limit(
    client: FlaskClient, db_session: Session
) -> None:
    make_user(db_session, "target@example.com")
    for email in ["Target@example.com", " TARGET@EXAMPLE.COM", "target@example.com"]:
        login(client, email, "wrong-password-x", **_from("10.0.2.2"))
    assert login(client, "target@example.com", **_from("10.0.2.2")).status_code == 429


def test_unknown_accounts_are_throttled_the_same_way(client: FlaskClient) -> None:
    """The limit must not tell which emails have accounts."""
    codes = [
        login(client, "ghost@example.com", "wrong-password-x", **_from("10.0.0.1")).status_code
        for _n in range(4)
    ]
    assert codes == [200, 200, 200, 429]


def test_other_accounts_are_not_affected(client: FlaskClient, db_session: Session) -> None:
    make_user(db_session, "target@example.com")
    make_user(db_session, "bystander@example.com")
    for _n in range(3):
        login(client, "target@example.com", "wrong-password-x", **_from("10.0.3.3"))
    assert login(client, "bystander@example.com", **_from("10.0.3.3")).status_code == 303


def test_success_forgets_earlier_failures(client: FlaskClient, db_session: Session) -> None:
    make_user(db_session, "target@example.com")
    for _n in range(2):
        login(client, "target@example.com", "wrong-password-x", **_from("10.0.0.9"))
    assert login(client, "target@example.com", **_from("10.0.0.9")).status_code == 303
    client.post("/logout", **_from("10.0.0.9"))
    # Without the reset, this third failure of the pair would reach its limit of 3.
    login(client, "target@example.com", "wrong-password-x", **_from("10.0.0.9"))
    assert login(client, "target@example.com", **_from("10.0.0.9")).status_code == 303


def test_address_is_throttled_after_failures_on_many_accounts(
    client: FlaskClient, db_session: Session
) -> None:
    make_user(db_session, "real@example.com")
    for n in range(4):
        assert (
            login(client, f"guess{n}@example.com", "pw-guess-123", **_from("10.9.9.9")).status_code
            == 200
        )
    blocked = login(client, "real@example.com", **_from("10.9.9.9"))
    assert blocked.status_code == 429
    assert THROTTLED in blocked.get_data(as_text=True)
    # Another address is not affected.
    assert login(client, "real@example.com", **_from("10.8.8.8")).status_code == 303


def test_successful_logins_do_not_use_up_the_address_limit(
    client: FlaskClient, db_session: Session
) -> None:
    make_user(db_session, "busy@example.com")
    for _ in range(6):
        assert login(client, "busy@example.com", **_from("10.7.7.7")).status_code == 303
        client.post("/logout", **_from("10.7.7.7"))


def test_get_of_the_login_page_is_never_throttled(client: FlaskClient) -> None:
    for n in range(4):
        login(client, f"guess{n}@example.com", "pw-guess-123", **_from("10.6.6.6"))
    assert client.get("/login", **_from("10.6.6.6")).status_code == 200


def test_default_limits(app: Flask) -> None:
    from assessment.app import create_app

    fresh = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x" * 40,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        }
    )
    assert fresh.config["LOGIN_RATELIMIT_ADDRESS"] == "20 per 10 minutes"
    assert fresh.config["LOGIN_RATELIMIT_PAIR"] == "5 per 15 minutes"
    assert fresh.config["LOGIN_LOCKOUT_ACCOUNT"] == "50 per hour"
