"""The API's rate limit counts per token, in Redis as in production, and answers 429 as a
problem with Retry-After; another token is not held back."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
import redis
from flask import Flask
from sqlalchemy.orm import Session

from tests.api.support import API_CONFIG, Api, token_for
from tests.factories import make_user

REDIS_URL = "redis://127.0.0.1:6379/1"


@pytest.fixture
def app_config() -> dict[str, Any]:
    # No RATELIMIT_KEY_PREFIX: Flask-Limiter keeps the first app's prefix for the process.
    return {**API_CONFIG, "API_RATE_LIMIT": "3 per minute", "RATELIMIT_STORAGE_URI": REDIS_URL}


def keys_of(store: Any, token: str) -> list[bytes]:
    """The limiter's keys for this token (its key is a hash of the token)."""
    return list(store.scan_iter(f"*{rate_key_of(token)}*"))


def rate_key_of(token: str) -> str:
    return "api:" + hashlib.sha256(token.encode()).hexdigest()[:24]


@pytest.fixture
def store() -> Any:
    connection = redis.Redis.from_url(REDIS_URL)
    made: list[str] = []
    yield connection, made
    for token in made:
        for key in keys_of(connection, token):
            connection.delete(key)


def test_each_token_has_its_own_allowance(app: Flask, db_session: Session, store: Any) -> None:
    connection, made = store
    first = Api(app, token_for(db_session, make_user(db_session, "a@example.com")))
    second = Api(app, token_for(db_session, make_user(db_session, "b@example.com")))
    made += [first.token or "", second.token or ""]
    statuses = [first.get("/api/v1/organisations").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = first.get("/api/v1/organisations")
    assert limited.mimetype == "application/problem+json"
    assert limited.get_json()["status"] == 429
    assert int(limited.headers["Retry-After"]) > 0
    assert second.get("/api/v1/organisations").status_code == 200
    assert keys_of(connection, first.token or ""), "counted in Redis"
