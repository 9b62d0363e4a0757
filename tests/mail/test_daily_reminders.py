"""Where REDIS_URL is set, the worker runs the reminders daily: one job a day, however many
workers start, and each run schedules the next day's (real Redis)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from rq import Queue, SimpleWorker

from assessment.jobs import mail_queue
from tests.dashboard.review_support import REVIEW_CONFIG
from tests.jobs.support import REDIS_URL, own_queue, queue_name


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {**REVIEW_CONFIG, "REDIS_URL": REDIS_URL, "JOBS_QUEUE": queue_name("test-mail"),
            "JOBS_EAGER": False}


@pytest.fixture
def rq_queue(app: Flask) -> Iterator[Queue]:
    with own_queue(app) as jobs_queue:
        yield jobs_queue


def test_the_worker_schedules_the_reminders_daily(app: Flask, rq_queue: Queue) -> None:
    mail_queue.schedule_reminders(app)
    mail_queue.schedule_reminders(app)  # a second worker starting: still one job today
    today = mail_queue.daily_job_id(app, datetime.now(UTC).date())
    assert rq_queue.get_job_ids() == [today]
    with app.app_context():
        SimpleWorker([rq_queue], connection=rq_queue.connection,
                     name=f"{rq_queue.name}-w").work(burst=True)
    assert rq_queue.fetch_job(today).return_value() == 0  # type: ignore[union-attr]
    tomorrow = mail_queue.daily_job_id(app, (datetime.now(UTC) + timedelta(days=1)).date())
    assert rq_queue.scheduled_job_registry.get_job_ids() == [tomorrow]
