"""Reset links and account locks are e-mailed where MAIL_SERVER is set (a real SMTP server)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.dashboard.conftest import DASHBOARD_CONFIG, sign_in
from tests.factories import make_user


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture
def app_config(inbox: tuple[Inbox, int]) -> dict[str, Any]:
    return {**DASHBOARD_CONFIG, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": inbox[1],
            "MAIL_DEFAULT_SENDER": "readiness@example.com",
            "LOGIN_LOCKOUT_ACCOUNT": "3 per hour", "LOGIN_RATELIMIT_PAIR": "100 per hour"}


def body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def test_a_reset_link_is_mailed_in_the_admins_language(
    client: FlaskClient, db_session: Session, inbox: tuple[Inbox, int]
) -> None:
    admin = make_user(db_session, "admin@example.com", role="admin")
    ann = make_user(db_session, "ann@example.com")
    sign_in(client, admin)
    with client.session_transaction() as session:
        session["language"] = "nl"
    page = client.post(f"/dashboard/users/{ann.id}/password-reset")
    assert page.status_code == 200
    [mail] = inbox[0].messages
    assert (mail["To"], mail["From"]) == ("ann@example.com", "readiness@example.com")
    assert mail["Subject"] == "Nieuw wachtwoord instellen"
    text = body(mail)
    assert "http://localhost/password-reset/" in text and "24 uur" in text
    assert "ann@example.com" in page.get_data(as_text=True)


def test_an_account_lock_is_mailed_to_its_owner(
    client: FlaskClient, db_session: Session, inbox: tuple[Inbox, int]
) -> None:
    make_user(db_session, "bob@example.com")
    for _attempt in range(3):
        client.post("/login", data={"email": "bob@example.com", "password": "wrong guess 123"})
    [mail] = inbox[0].messages
    assert mail["To"] == "bob@example.com"
    assert "locked" in mail["Subject"] and "bob@example.com" in body(mail)


def test_a_failing_mail_server_still_shows_the_link(
    app: Any, client: FlaskClient, db_session: Session, inbox: tuple[Inbox, int]
) -> None:
    app.config["MAIL_PORT"] = free_port()  # nobody listens there
    admin = make_user(db_session, "admin@example.com", role="admin")
    ann = make_user(db_session, "ann@example.com")
    sign_in(client, admin)
    page = client.post(f"/dashboard/users/{ann.id}/password-reset")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/password-reset/" in html and "has been e-mailed" not in html
    assert inbox[0].messages == []
