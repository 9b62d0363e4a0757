"""GET /healthz for load balancers: database, Redis and queue depth; no login, no secrets."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient


def test_healthy_without_redis(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok",
                                   "redis": "not configured", "queue_depth": None}
    assert "Set-Cookie" not in response.headers and "no-store" in response.headers[
        "Cache-Control"]
    assert all(client.get("/healthz").status_code == 200 for _ in range(30)), "no rate limit"


class TestRedisDown:
    @pytest.fixture
    def app_config(self) -> dict[str, Any]:
        return {"REDIS_URL": "redis://user:s3cret-password@127.0.0.1:1/0", "JOBS_EAGER": False}

    def test_a_missing_redis_degrades_but_the_host_still_serves(self, client: FlaskClient
                                                                 ) -> None:
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.get_json() == {"status": "degraded", "database": "ok",
                                       "redis": "error", "queue_depth": None}
        assert "s3cret" not in response.get_data(as_text=True)


class TestDatabaseDown:
    @pytest.fixture
    def app_config(self, tmp_path: Any) -> dict[str, Any]:
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/folder/db.sqlite",
                "SQLALCHEMY_ENGINE_OPTIONS": {}}

    def test_no_database_is_a_503(self, client: FlaskClient) -> None:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.get_json() == {"status": "degraded", "database": "error",
                                       "redis": "not configured", "queue_depth": None}
