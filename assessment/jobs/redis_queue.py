"""The Redis connection and the RQ queue of an app (one connection per app and process)."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask
from redis import Redis
from rq import Queue

from assessment.jobs.settings import job_timeout, queue_name

SOCKET_TIMEOUT = 2.0  # seconds: a stuck Redis must not hold a web request for long


def connection(app: Flask) -> Redis:
    """The app's Redis client (REDIS_URL), made once per process."""
    key = f"assessment.redis.{os.getpid()}"
    client: Redis | None = app.extensions.get(key)
    if client is None:
        client = Redis.from_url(app.config["REDIS_URL"], socket_timeout=SOCKET_TIMEOUT,
                                socket_connect_timeout=SOCKET_TIMEOUT)
        app.extensions[key] = client
    return client


def queue(app: Flask, **options: Any) -> Queue:
    """The app's RQ queue (``assessment`` unless JOBS_QUEUE names another)."""
    return Queue(queue_name(app.config), connection=connection(app),
                 default_timeout=job_timeout(app.config), **options)
