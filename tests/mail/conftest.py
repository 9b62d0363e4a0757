"""A real SMTP server (aiosmtpd on a free local port) collecting what the app sends."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.dashboard.review_support import REVIEW_CONFIG


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox:
    """An aiosmtpd handler keeping every message it is given."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        """The messages received for one address."""
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp() -> Iterator[Inbox]:
    """A running SMTP server on 127.0.0.1 and its inbox."""
    inbox = Inbox(free_port())
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def app_config(smtp: Inbox, tmp_path: Path) -> dict[str, Any]:
    """The review questionnaire, CSRF off, mail through the test server."""
    return {**REVIEW_CONFIG, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port,
            "MAIL_DEFAULT_SENDER": "assessment@example.com",
            "MAIL_OUTBOX": str(tmp_path / "outbox")}


def parts(message: EmailMessage) -> tuple[str, str]:
    """The text and HTML parts of a message."""
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None, "both parts expected"
    return str(text.get_content()), str(html.get_content())
