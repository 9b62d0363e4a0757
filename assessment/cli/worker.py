"""``assessment worker`` runs RQ workers on REDIS_URL; ``assessment render-reports`` queues
the approved reports whose stored PDF is missing (after an upgrade changed the bank, the
templates or WeasyPrint)."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from assessment import jobs
from assessment.cli.db import one_line_database_errors
from assessment.extensions import db
from assessment.jobs import mail_queue
from assessment.jobs import reports as report_jobs
from assessment.jobs.settings import RENDER_STALE_JOB, uses_redis
from assessment.web import logs


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the queued jobs, then stop.")
@click.option("--no-stale", "no_stale", is_flag=True,
              help="Do not queue the approved reports that have no stored PDF at start.")
@with_appcontext
def worker_command(burst: bool, no_stale: bool) -> None:
    """Run a background worker on the `assessment` queue (needs REDIS_URL)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config.get("REDIS_URL"):
        raise click.ClickException(
            "REDIS_URL is not set: without it jobs run inside the web process and no "
            "worker is needed (set REDIS_URL=redis://host:6379/0 to use a queue).")
    from redis.exceptions import RedisError
    from rq import Worker

    from assessment.jobs.redis_queue import connection, queue

    try:
        connection(app).ping()
    except RedisError as error:
        raise click.ClickException(f"Redis at REDIS_URL does not answer: {error}") from None
    db.session.execute(sa.text("SELECT 1"))  # a missing database: one line now, not per job
    db.session.rollback()
    # A worker is a server process: its log lines (jobs started, retried, failed) go to
    # standard error in the configured format, JSON under LOG_FORMAT=json, like gunicorn's.
    logs.configure(json_format=app.config.get("LOG_FORMAT") == "json")
    if not no_stale:  # the worker itself finds them, off this start-up path
        jobs.enqueue(app, RENDER_STALE_JOB)
    mail_queue.schedule_reminders(app)  # then daily: the job schedules the next day's
    worker = Worker([queue(app)], connection=connection(app))
    worker.work(burst=burst, with_scheduler=True)


@click.command("render-reports")
@click.option("--all", "everything", is_flag=True,
              help="Render every approved report again, stored or not.")
@click.option("--stale", "stale", is_flag=True, default=True,
              help="Only those without a stored PDF (the default).")
@with_appcontext
def render_reports_command(everything: bool, stale: bool) -> None:
    """Queue the reports of approved assessments for rendering (both editions)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    queued = report_jobs.render_stale(everything=everything)
    where = "the queue" if uses_redis(app.config) else "this process"
    click.echo(f"{queued} report(s) queued in {where}.")
    if not uses_redis(app.config):
        jobs.wait_for_in_process_jobs(timeout=float(app.config["REPORT_JOB_TIMEOUT"]) * max(
            queued, 1))


COMMANDS = [one_line_database_errors(worker_command),
            one_line_database_errors(render_reports_command)]
