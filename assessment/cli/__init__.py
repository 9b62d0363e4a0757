"""The one command-line entry point, ``assessment``: a FlaskGroup joined by each part's commands."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup

from assessment.app import create_app
from assessment.cli import db, engine, mail, report, users, worker
from assessment.config import ConfigError


def _create_app() -> Flask:
    try:
        return create_app()
    except ConfigError as error:  # an unsafe configuration: say what to fix, no traceback
        raise click.ClickException(str(error)) from None


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def main() -> None:
    """Commerce-readiness assessment: questionnaire engine, web app, reports."""


# Each part's module lists its commands in ``COMMANDS``. Plain click commands (the engine's)
# run without building the app; ``flask.cli.with_appcontext`` ones get the app.
for _part in (engine, db, users, report, worker, mail):
    for _command in _part.COMMANDS:
        main.add_command(_command)
