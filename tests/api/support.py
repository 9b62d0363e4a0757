"""What the API tests share: a token per user, and a client that sends it."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models.user import User
from assessment.services import api_tokens
from tests.dashboard.review_support import REVIEW_CONFIG

API_CONFIG: dict[str, Any] = {**REVIEW_CONFIG, "WTF_CSRF_ENABLED": True,
                              "API_RATE_LIMIT": "1000 per minute"}


def token_for(session: Session, user: User, scope: str = "write",
              expires_in_days: int | None = None) -> str:
    """A new token of ``user`` (committed)."""
    _token, raw = api_tokens.create(session, user, f"test {scope} {uuid.uuid4().hex[:8]}",
                                    scope, expires_in_days)
    session.commit()
    return raw


class Api:
    """A test client that sends a bearer token and no cookies."""

    def __init__(self, app: Flask, token: str | None) -> None:
        self.client: FlaskClient = app.test_client(use_cookies=False)
        self.token = token

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return {**headers, **(extra or {})}

    def get(self, path: str, headers: dict[str, str] | None = None, **kwargs: Any) -> Any:
        """GET with the token."""
        return self.client.get(path, headers=self._headers(headers), **kwargs)

    def post(self, path: str, json: Any = None, headers: dict[str, str] | None = None,
             **kwargs: Any) -> Any:
        """POST JSON with the token."""
        return self.client.post(path, json=json, headers=self._headers(headers), **kwargs)

    def put(self, path: str, json: Any = None, headers: dict[str, str] | None = None,
            **kwargs: Any) -> Any:
        """PUT JSON with the token."""
        return self.client.put(path, json=json, headers=self._headers(headers), **kwargs)
