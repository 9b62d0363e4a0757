"""The API's rate limit counts per token, in Redis as in production, and answers 429 as a
problem with Retry-After; another token is not held back."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import redis
from flask import Flask
from sqlalchemy.orm import Session

from tests.api.support import API_CONFIG, Api, token_for
from tests.factories import make_user

REDIS_URL = "redis://127.0.0.1:6379/1"
PREFIX = f"apitest-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {**API_CONFIG, "API_RATE_LIMIT": "3 per minute", "RATELIMIT_STORAGE_URI": REDIS_URL,
            "RATELIMIT_KEY_PREFIX": PREFIX}


@pytest.fixture
def store() -> Any:
    connection = redis.Redis.from_url(REDIS_URL)
    yield connection
    for key in connection.scan_iter(f"*{PREFIX}*"):
        connection.delete(key)


def test_each_token_has_its_own_allowance(app: Flask, db_session: Session, store: Any) -> None:
    first = Api(app, token_for(db_session, make_user(db_session, "a@example.com")))
    second = Api(app, token_for(db_session, make_user(db_session, "b@example.com")))
    statuses = [first.get("/api/v1/organisations").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = first.get("/api/v1/organisations")
    assert limited.mimetype == "application/problem+json"
    assert limited.get_json()["status"] == 429
    assert int(limited.headers["Retry-After"]) > 0
    assert second.get("/api/v1/organisations").status_code == 200
    assert list(store.scan_iter(f"*{PREFIX}*")), "counted in Redis"
