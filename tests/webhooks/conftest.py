"""A real HTTP receiver (http.server on 127.0.0.1, a free port, its own thread) that records
every request and answers with the statuses a test scripts; the webhook tests' settings."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.dashboard.review_support import REVIEW_CONFIG


@dataclass
class Received:
    """One request the receiver got."""

    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """The receiver's address, what it got, and the statuses it answers next (then 200; a
    3xx redirects to /elsewhere on the receiver)."""

    port: int
    requests: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, path: str = "/hooks/assessment") -> str:
        return f"http://{self.host}{path}"


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            receiver.requests.append(Received(self.path, dict(self.headers.items()), body))
            status = receiver.answers.pop(0) if receiver.answers else 200
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", receiver.url("/elsewhere"))
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A running receiver on 127.0.0.1 (a port the system picks)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(Receiver(0)))
    found = Receiver(int(server.server_address[1]))
    server.RequestHandlerClass = _handler(found)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def app_config(receiver: Receiver) -> dict[str, Any]:
    """The review questionnaire, CSRF off, the receiver's host allowed."""
    return {**REVIEW_CONFIG, "WEBHOOK_ALLOWED_HOSTS": f"crm.example.com, {receiver.host}"}


def expected_signature(secret: str, timestamp: str, body: bytes) -> str:
    """The signature a receiver computes (written out here, not the app's own function)."""
    message = timestamp.encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def check_signature(secret: str, request: Received) -> None:
    """The request is signed with the secret as the README says."""
    header = request.headers["Webhook-Signature"]
    parts = dict(item.split("=", 1) for item in header.split(","))
    assert set(parts) == {"t", "v1"}, header
    assert parts["v1"] == expected_signature(secret, parts["t"], request.body)
