"""Mail commands: ``send-reminders`` (for cron; idempotent)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from assessment.cli.db import one_line_database_errors
from assessment.jobs import mail as mail_jobs
from assessment.jobs import mail_queue
from assessment.services.reminders import ReminderSettingError


@click.command("send-reminders")
@with_appcontext
def send_reminders_command() -> None:
    """E-mail a reminder to respondents whose part is unfinished after REMINDER_DAYS days.

    Safe to run as often as you like (cron: daily): nobody gets two reminders within a day,
    nor one after submitting. Prints how many were sent.
    """
    try:
        sent = mail_jobs.send_reminders()
    except ReminderSettingError as error:
        raise click.ClickException(str(error)) from None
    mail_queue.finish_in_process(current_app)
    click.echo(f"{sent} reminder(s) sent.")


COMMANDS = [one_line_database_errors(send_reminders_command)]
