"""With REDIS_URL the deliveries go to RQ on the real Redis (a queue of the test's own) and a
worker (RQ's SimpleWorker in this process) sends them, retrying a failed try."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from rq import Queue, SimpleWorker
from sqlalchemy.orm import Session

from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.factories import make_user
from tests.jobs.support import REDIS_URL, own_queue, queue_name
from tests.webhooks.conftest import Receiver, check_signature
from tests.webhooks.test_delivery import approve, deliveries, register, staff


@pytest.fixture
def app_config(receiver: Receiver) -> dict[str, Any]:
    return {**REVIEW_CONFIG, "WEBHOOK_ALLOWED_HOSTS": receiver.host, "REDIS_URL": REDIS_URL,
            "JOBS_QUEUE": queue_name("test-webhooks"), "JOBS_EAGER": False,
            "JOB_RETRY_INTERVALS": [0, 0]}


@pytest.fixture
def rq_queue(app: Flask) -> Iterator[Queue]:
    with own_queue(app) as jobs_queue:
        yield jobs_queue


def test_the_worker_delivers_and_retries_after_a_failure(
        app: Flask, db_session: Session, receiver: Receiver, rq_queue: Queue) -> None:
    owner = make_user(db_session, "owner@example.com")
    secret = register(staff(app, owner), receiver.url(), ["assessment.approved"])
    assessment = submitted_assessment(db_session, owner=owner).assessment
    receiver.answers = [503]
    approve(db_session, assessment, owner)
    [queued] = deliveries(db_session)
    assert (queued.outcome, queued.attempts) == ("queued", 0)
    assert receiver.requests == [] and rq_queue.count == 1, "nothing is sent before a worker"
    with app.app_context():
        SimpleWorker([rq_queue], connection=rq_queue.connection,
                     name=f"{rq_queue.name}-{uuid.uuid4().hex[:6]}").work(burst=True)
    first, second = receiver.requests
    check_signature(secret, first)
    check_signature(secret, second)
    assert first.headers["Webhook-Id"] == second.headers["Webhook-Id"] == str(queued.id)
    [delivery] = deliveries(db_session)
    assert (delivery.outcome, delivery.attempts, delivery.last_status) == ("delivered", 2, 200)
    assert len(rq_queue.failed_job_registry) == 0
