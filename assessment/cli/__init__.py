"""The one command-line entry point, ``assessment``: a FlaskGroup joined by each part's commands."""

from __future__ import annotations

import importlib

import click
from flask.cli import FlaskGroup

# Modules that expose ``COMMANDS: list[click.Command]``. A part that adds
# commands adds one line here. Plain click commands (the engine's) run without
# building the app; ``flask.cli.with_appcontext`` ones get the app.
COMMAND_MODULES: list[str] = [
    "assessment.cli.engine",
    "assessment.cli.db",
    "assessment.cli.users",
    "assessment.cli.report",
]


def _create_app():  # type: ignore[no-untyped-def]
    from assessment.app import create_app
    from assessment.config import ConfigError

    try:
        return create_app()
    except ConfigError as error:  # an unsafe configuration: say what to fix, no traceback
        raise click.ClickException(str(error)) from None


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def main() -> None:
    """Commerce-readiness assessment: questionnaire engine, web app, reports."""


for _path in COMMAND_MODULES:
    for _command in importlib.import_module(_path).COMMANDS:
        main.add_command(_command)
