"""``GET /healthz`` for load balancers: the database, Redis and the job queue, no secrets.

200 while the database answers (Redis down only degrades: reports wait, pages work), 503
when it does not. No login, no rate limit, no session cookie, nothing but the states.
"""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, current_app
from flask.typing import ResponseReturnValue

from assessment.extensions import db, limiter

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
@limiter.exempt
def healthz() -> ResponseReturnValue:
    """{"status", "database", "redis", "queue_depth"}; 200 when the database is reachable."""
    database = _database()
    redis, depth = _redis()
    healthy = database == "ok" and redis != "error"
    body: dict[str, Any] = {"status": "ok" if healthy else "degraded", "database": database,
                            "redis": redis, "queue_depth": depth}
    return body, 200 if database == "ok" else 503, {"Cache-Control": "no-store"}


def _database() -> str:
    try:
        with db.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except Exception:  # any failure is "error"; the detail goes to the log, not the answer
        log.warning("health check: the database does not answer", exc_info=True)
        return "error"
    return "ok"


def _redis() -> tuple[str, int | None]:
    if not current_app.config.get("REDIS_URL"):
        return "not configured", None
    from assessment.jobs.redis_queue import connection, queue

    try:
        connection(current_app).ping()
        return "ok", queue(current_app).count
    except Exception:
        log.warning("health check: Redis does not answer", exc_info=True)
        return "error", None
