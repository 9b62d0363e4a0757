"""The jobs' settings from the app config: queue, retries, time and size limits."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

QUEUE_NAME = "assessment"
DEFAULT_RETRY_INTERVALS = (10, 60, 300)
DEFAULT_JOB_TIMEOUT = 120
DEFAULT_CACHE_MB = 512
RENDER_JOB = "assessment.jobs.reports.render_report"
RENDER_STALE_JOB = "assessment.jobs.reports.render_stale"

Config = Mapping[str, Any]


def queue_name(config: Config) -> str:
    """The RQ queue of this app (``JOBS_QUEUE`` for tests, else ``assessment``)."""
    return str(config.get("JOBS_QUEUE") or QUEUE_NAME)


def retry_intervals(config: Config) -> list[int]:
    """Seconds to wait before each retry (``JOB_RETRY_INTERVALS``)."""
    return [int(s) for s in config.get("JOB_RETRY_INTERVALS", DEFAULT_RETRY_INTERVALS)]


def uses_redis(config: Config) -> bool:
    """Whether jobs go to RQ on Redis (``REDIS_URL`` set and not eager)."""
    return bool(config.get("REDIS_URL")) and not config.get("JOBS_EAGER")


def job_timeout(config: Config) -> int:
    """Seconds a job may run before RQ stops it (``REPORT_JOB_TIMEOUT``)."""
    return int(config.get("REPORT_JOB_TIMEOUT") or DEFAULT_JOB_TIMEOUT)


def render_timeout(config: Config) -> float:
    """The render's own limit: a little under the job's, so the job records the failure."""
    limit = float(job_timeout(config))
    return max(limit - 15.0, limit * 0.5)


def cache_bytes(config: Config) -> int:
    """The report store's size limit (``REPORT_CACHE_MAX_MB``)."""
    return int(config.get("REPORT_CACHE_MAX_MB") or DEFAULT_CACHE_MB) * 1024 * 1024


def stale_after(config: Config) -> timedelta:
    """How long a queued or rendering state may last before it counts as lost."""
    waits = sum(retry_intervals(config))
    return timedelta(seconds=max(15 * 60, waits + 4 * job_timeout(config)))
