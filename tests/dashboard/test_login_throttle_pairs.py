"""Failed sign-ins count per account-and-address pair; an account locks only at a much
higher threshold from anywhere, and each failure and lock is a security event."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import SecurityEvent
from tests.dashboard.conftest import DASHBOARD_CONFIG, login
from tests.factories import make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {
        **DASHBOARD_CONFIG,
        "LOGIN_RATELIMIT_ADDRESS": "100 per 10 minutes",
        "LOGIN_RATELIMIT_PAIR": "3 per 15 minutes",
        "LOGIN_LOCKOUT_ACCOUNT": "12 per hour",
    }


def _from(address: str) -> dict[str, Any]:
    return {"environ_base": {"REMOTE_ADDR": address}}


def _events(session: Session, kind: str) -> list[SecurityEvent]:
    session.expire_all()
    query = sa.select(SecurityEvent).where(SecurityEvent.kind == kind).order_by(SecurityEvent.id)
    return list(session.scalars(query))


def test_failures_elsewhere_do_not_lock_the_owner_out(
    client: FlaskClient, db_session: Session
) -> None:
    make_user(db_session, "target@example.com")
    for n in range(8):
        login(client, "target@example.com", "wrong-password-x", **_from(f"10.1.0.{n % 2}"))
    assert login(client, "target@example.com", **_from("192.0.2.7")).status_code == 303


def test_the_attackers_pair_is_throttled(client: FlaskClient, db_session: Session) -> None:
    make_user(db_session, "target@example.com")
    codes = [login(client, "target@example.com", "wrong-password-x", **_from("10.1.1.1"))
             .status_code for _n in range(4)]
    assert codes == [200, 200, 200, 429]


def test_many_failures_from_anywhere_lock_the_account_and_log_it_once(
    client: FlaskClient, db_session: Session
) -> None:
    owner = make_user(db_session, "target@example.com")
    for n in range(14):
        login(client, "target@example.com", "wrong-password-x", **_from(f"10.2.0.{n}"))
    assert login(client, "target@example.com", **_from("192.0.2.7")).status_code == 429
    assert login(client, "bystander@example.com", "x" * 12, **_from("192.0.2.7")).status_code == 200
    locks = _events(db_session, "account_locked")
    assert len(locks) == 1
    assert locks[0].user_id == owner.id and locks[0].email == "target@example.com"
    assert locks[0].address == "10.2.0.11"


def test_a_failed_sign_in_is_kept_as_a_security_event(
    client: FlaskClient, db_session: Session
) -> None:
    make_user(db_session, "known@example.com")
    response = login(client, " Known@Example.com", "wrong-password-x", **_from("198.51.100.4"))
    assert response.status_code == 200
    failed = _events(db_session, "sign_in_failed")
    assert [(e.email, e.address, e.user_id) for e in failed] == [
        ("known@example.com", "198.51.100.4", None)
    ]
    login(client, "nobody@example.com", "wrong-password-x", **_from("198.51.100.4"))
    assert [e.email for e in _events(db_session, "sign_in_failed")][-1] == "nobody@example.com"


def test_sign_in_and_sign_out_are_security_events(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(db_session, "known@example.com")
    assert login(client, "known@example.com", **_from("198.51.100.5")).status_code == 303
    client.post("/logout", **_from("198.51.100.5"))
    assert [e.user_id for e in _events(db_session, "sign_in")] == [user.id]
    signed_out = _events(db_session, "sign_out")
    assert [(e.user_id, e.address) for e in signed_out] == [(user.id, "198.51.100.5")]
