"""The one command-line entry point, ``assessment``: a FlaskGroup joined by each part's commands."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup

from assessment import jobs
from assessment.app import create_app
from assessment.cli import db, engine, mail, report, tokens, users, worker
from assessment.config import ConfigError

FINISH_JOBS_SECONDS = 600


def _create_app() -> Flask:
    try:
        return create_app()
    except ConfigError as error:  # an unsafe configuration: say what to fix, no traceback
        raise click.ClickException(str(error)) from None


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
@click.pass_context
def main(context: click.Context) -> None:
    """Commerce-readiness assessment: questionnaire engine, web app, reports."""
    context.call_on_close(_finish_background_jobs)


def _finish_background_jobs() -> None:
    """Without REDIS_URL a command's jobs (report renders after scoring, mail) run on threads
    of this process: let them finish before it exits, or they would fail at shutdown."""
    waiting = jobs.in_process_backlog()
    if not waiting:
        return
    click.echo(f"Finishing {waiting} background job(s) (reports, mail) before exiting; "
               "Ctrl+C stops them (reports then render at their first download).", err=True)
    try:
        jobs.wait_for_in_process_jobs(timeout=FINISH_JOBS_SECONDS)
    except TimeoutError:
        click.echo(f"Background jobs still running after {FINISH_JOBS_SECONDS} s; stopping.",
                   err=True)


# Each part's module lists its commands in ``COMMANDS``. Plain click commands (the engine's)
# run without building the app; ``flask.cli.with_appcontext`` ones get the app.
for _part in (engine, db, users, report, worker, mail, tokens):
    for _command in _part.COMMANDS:
        main.add_command(_command)
