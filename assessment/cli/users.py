"""``assessment create-user``, ``reset-password``, ``share``: staff accounts, who works on what."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from assessment import unit_of_work
from assessment.blueprints.auth.account import reset_link
from assessment.blueprints.auth.notify import send_reset_link
from assessment.cli.db import one_line_database_errors
from assessment.models.user import Role
from assessment.services import audit, password_reset, shares, users


@click.command("create-user")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    required=True,
    help="admin: users and every assessment; consultant: their own and shared ones; "
    "sales: read-only list and approved reports.",
)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of prompting.",
)
@click.option("--display-name", default=None,
              help="The name the report's cover gives this consultant (never the e-mail).")
@with_appcontext
def create_user_command(email: str, role: str, password_stdin: bool,
                        display_name: str | None) -> None:
    """Create a dashboard account for EMAIL (the password is never an argument)."""
    password = _read_password(password_stdin)
    try:
        with unit_of_work.command() as session:
            user = users.create_user(session, email=email, password=password, role=role,
                                     display_name=display_name)
    except users.UserError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise click.ClickException("--password-stdin: standard input held no password.")
        return password
    return str(click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password"))


@click.command("reset-password")
@click.argument("email")
@with_appcontext
def reset_password_command(email: str) -> None:
    """Print a one-time link (valid 24 hours) with which EMAIL sets a new password."""
    try:
        with unit_of_work.command() as session:
            user = users.find_by_email(session, email)
            if user is None or not user.active:
                raise click.ClickException(f"There is no active account {email.strip()}.")
            issued = password_reset.issue(session, user, actor=None)
    except users.UserError as error:
        raise click.ClickException(str(error)) from None
    link = reset_link(issued.token)
    if send_reset_link(issued.email, link):
        click.echo(f"E-mailed the link to {issued.email}.")
    click.echo(f"Password reset link for {issued.email}, valid once until "
               f"{issued.expires_at:%Y-%m-%d %H:%M} UTC (earlier links no longer work):")
    click.echo(link)


@click.command("share")
@click.argument("assessment_id", type=int)
@click.argument("email")
@click.option("--owner", is_flag=True, help="Make EMAIL the owner instead of a collaborator.")
@with_appcontext
def share_command(assessment_id: int, email: str, owner: bool) -> None:
    """Give the consultant EMAIL access to assessment ASSESSMENT_ID (or make them its owner)."""
    try:
        with unit_of_work.command() as session:
            share = shares.grant_by_email(session, assessment_id, email, owner=owner,
                                          actor=audit.CLI_ACTOR)
    except shares.ShareError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{email} is now {share.kind} of assessment {assessment_id}.")


@click.command("set-display-name")
@click.argument("email")
@click.argument("name")
@with_appcontext
def set_display_name_command(email: str, name: str) -> None:
    """Set the name reports give EMAIL's account (an empty NAME clears it)."""
    try:
        with unit_of_work.command() as session:
            user = users.find_by_email(session, email)
            if user is None:
                raise click.ClickException(f"There is no account {email.strip()}.")
            users.set_display_name(session, user, name, actor=audit.CLI_ACTOR)
    except users.UserError as error:
        raise click.ClickException(str(error)) from None
    if user.display_name:
        click.echo(f"Reports now name {user.email} {user.display_name!r}.")
    else:
        click.echo(f"{user.email} has no display name: reports name the consultancy instead.")


COMMANDS = [one_line_database_errors(command)
            for command in (create_user_command, reset_password_command, share_command,
                            set_display_name_command)]
