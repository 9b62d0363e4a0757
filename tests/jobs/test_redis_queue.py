"""With REDIS_URL the renders go to RQ: queued after the commit of a scoring or review step,
run by a worker (here RQ's SimpleWorker in this process), retried, failures shown.

Each test has a queue of its own on the real Redis (127.0.0.1:6379, or TEST_REDIS_URL) and
removes every key it made; nothing here is a stand-in for Redis. Without a Redis the tests
are skipped, which CI counts as a failure.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq import Queue, SimpleWorker
from sqlalchemy.orm import Session

from assessment.models.report_cache import RenderState
from assessment.services.released_reports import report_languages
from tests.conftest import AssessmentCliRunner
from tests.jobs.support import (
    QUEUED_CONFIG,
    REDIS_URL,
    break_the_renderer,
    downloads,
    own_queue,
    owner_of,
    queue_name,
    render_row,
    scored,
    sign_in,
    stored,
)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {**QUEUED_CONFIG, "REDIS_URL": REDIS_URL,
            "JOBS_QUEUE": queue_name("test-assessment")}


@pytest.fixture
def rq_queue(app: Flask) -> Iterator[Queue]:
    """The test's own queue on the real Redis, emptied afterwards."""
    with own_queue(app) as jobs_queue:
        yield jobs_queue


def _work(app: Flask, jobs_queue: Queue) -> None:
    """Run every queued job (and its retries) in this process, as `assessment worker` would."""
    with app.app_context():
        # Named after the queue, so the clean-up finds the worker's own keys too.
        SimpleWorker([jobs_queue], connection=jobs_queue.connection,
                     name=f"{jobs_queue.name}-{uuid.uuid4().hex[:6]}").work(burst=True)


def test_review_steps_queue_both_editions_and_the_worker_fills_the_shared_store(
    app: Flask, client: FlaskClient, db_session: Session, rq_queue: Queue
) -> None:
    assessment = scored(db_session)
    sign_in(client, owner_of(db_session, assessment))
    base = f"/dashboard/assessments/{assessment.id}"
    client.post(f"{base}/review/start")
    assert rq_queue.count == 2, "start of the review: both editions queued after the commit"
    client.post(f"{base}/review/approve", data={"confirm": "yes"})
    queued = rq_queue.get_jobs()
    assert len(queued) == 4
    assert {job.func_name for job in queued} == {"assessment.jobs.reports.render_report"}
    assert {job.args for job in queued[2:]} == {(assessment.id, None, "full"),
                                                (assessment.id, None, "executive")}
    assert all(job.timeout == 120 and job.retries_left == 2 for job in queued)
    waiting = client.get(f"/reports/{assessment.id}.pdf")
    assert waiting.status_code == 202, "nothing renders in the web request"
    assert stored(db_session, assessment) == []
    health = client.get("/healthz").get_json()
    assert health["redis"] == "ok" and health["queue_depth"] == 5
    _work(app, rq_queue)  # the approved renders queue the other languages of the release
    assert rq_queue.count == 0 and rq_queue.failed_job_registry.count == 0
    languages = report_languages(assessment.questionnaire_id, assessment.questionnaire_version)
    assert set(stored(db_session, assessment)) == {
        (lang, edition) for lang in languages for edition in ("executive", "full")}
    assert render_row(db_session, assessment).state == RenderState.READY
    response = client.get(f"/reports/{assessment.id}.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert [d["cached"] for d in downloads(db_session, assessment)] == [True]
    assert client.get("/healthz").get_json() == {
        "status": "ok", "database": "ok", "redis": "ok", "queue_depth": 0}


def test_a_failing_render_is_retried_then_shown_on_the_assessment(
    app: Flask, client: FlaskClient, db_session: Session, rq_queue: Queue,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    assessment = scored(db_session)
    sign_in(client, owner_of(db_session, assessment))
    tries = break_the_renderer(monkeypatch, "Pango could not load a font")
    assert client.get(f"/reports/{assessment.id}.pdf").status_code == 202
    assert client.get(f"/reports/{assessment.id}.pdf").status_code == 202
    assert rq_queue.count == 1, "a report already queued is not queued twice"
    _work(app, rq_queue)
    assert len(tries) == 3, "the first try and two retries"
    assert rq_queue.failed_job_registry.count == 1
    row = render_row(db_session, assessment)
    assert (row.state, row.attempts, row.error) == (RenderState.FAILED, 3,
                                                    "Pango could not load a font")
    assert client.get(f"/reports/{assessment.id}/status.json").get_json()["state"] == "failed"
    page = client.get(f"/dashboard/assessments/{assessment.id}").get_data(as_text=True)
    assert "A report could not be rendered, even after retrying." in page
    assert f'href="/reports/{assessment.id}.pdf?lang=en&amp;edition=full"' in page
    failed = client.get(f"/reports/{assessment.id}.pdf")
    assert failed.status_code == 503 and "Try again" in failed.get_data(as_text=True)
    monkeypatch.undo()
    assert client.post(f"/reports/{assessment.id}/retry").status_code == 303
    assert rq_queue.count == 1
    _work(app, rq_queue)
    assert client.get(f"/reports/{assessment.id}.pdf").status_code == 200
    page = client.get(f"/dashboard/assessments/{assessment.id}").get_data(as_text=True)
    assert "could not be rendered" not in page


def test_render_reports_queues_the_approved_reports_without_a_stored_pdf(
    app: Flask, db_session: Session, rq_queue: Queue, runner: AssessmentCliRunner
) -> None:
    assessment = scored(db_session)
    scored(db_session)  # not approved: not a client report yet
    assessment.status = "approved"
    db_session.commit()
    result = runner.invoke(args=["render-reports"])
    assert result.exit_code == 0, result.output
    assert "2 report(s) queued in the queue" in result.output
    assert sorted(job.args[2] for job in rq_queue.get_jobs()) == ["executive", "full"]
    _work(app, rq_queue)
    again = runner.invoke(args=["render-reports"])
    assert "0 report(s) queued" in again.output


def test_the_worker_needs_redis(app: Flask, runner: AssessmentCliRunner,
                                rq_queue: Queue) -> None:
    app.config["REDIS_URL"] = ""
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: REDIS_URL is not set: without it jobs run inside the web process and no "
        "worker is needed (set REDIS_URL=redis://host:6379/0 to use a queue)."]


def test_scoring_queues_the_report_only_once_its_unit_of_work_commits(
    app: Flask, db_session: Session, rq_queue: Queue
) -> None:
    from assessment import unit_of_work
    from assessment.services import scoring

    assessment = scored(db_session)  # the factories commit outside a unit of work: no job
    assert rq_queue.count == 0
    with pytest.raises(RuntimeError), unit_of_work.command(db_session):
        scoring.score(db_session, assessment)
        db_session.flush()
        raise RuntimeError("the command fails after scoring")
    assert rq_queue.count == 0, "a rolled-back scoring queues nothing"
    with unit_of_work.command(db_session):
        scoring.score(db_session, assessment)
        db_session.flush()
        assert rq_queue.count == 0, "nothing is queued before the commit"
    assert sorted(job.args for job in rq_queue.get_jobs()) == [
        (assessment.id, None, "executive"), (assessment.id, None, "full")]


def test_an_override_queues_the_report_again(
    app: Flask, db_session: Session, rq_queue: Queue
) -> None:
    from assessment import unit_of_work
    from assessment.services import overrides

    assessment = scored(db_session)
    consultant = owner_of(db_session, assessment)
    with unit_of_work.command(db_session):
        overrides.change_severity(db_session, assessment, "WH-PACKING", "high",
                                  "Peak season doubles the orders.", consultant)
    assert sorted(job.args[2] for job in rq_queue.get_jobs()) == ["executive", "full"]
