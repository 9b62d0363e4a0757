"""``assessment create-token`` and ``revoke-token``: personal API tokens of staff accounts.

The token goes to standard output alone (``TOKEN=$(assessment create-token …)`` works);
what it is and that it is never shown again go to standard error.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from assessment import unit_of_work
from assessment.cli.db import one_line_database_errors
from assessment.models.types import utcnow
from assessment.models.user import User
from assessment.services import api_tokens, audit, users
from assessment.services.errors import DomainError


@click.command("create-token")
@click.argument("email")
@click.option("--scope", default="read", show_default=True, metavar="read|write",
              help="read: the token only reads; write: it may also change what the account may.")
@click.option("--name", default=None,
              help="What the token is for, to recognise it later (default: 'Command line' "
                   "and the date).")
@click.option("--expires-days", default=None, metavar="N",
              help=f"Days the token stays valid, 1 to {api_tokens.MAX_EXPIRY_DAYS} "
                   "(default: it does not expire).")
@with_appcontext
def create_token_command(email: str, scope: str, name: str | None,
                         expires_days: str | None) -> None:
    """Create an API token for the account EMAIL and print it, once."""
    days = _days(expires_days)
    try:
        with unit_of_work.command() as session:
            user = _account(session, email)
            label = name if name is not None else f"Command line {_today()}"
            token, raw = api_tokens.create(session, user, label, scope, days,
                                           actor=audit.CLI_ACTOR)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    until = f"until {token.expires_at:%Y-%m-%d %H:%M} UTC" if token.expires_at else "no expiry"
    click.echo(f"Created the {token.scope} API token {token.name!r} for {user.email} "
               f"({until}):", err=True)
    click.echo(raw)
    click.echo("Copy it now: it will not be shown again (only a hash of it is stored).",
               err=True)


@click.command("revoke-token")
@click.argument("email")
@click.argument("token_prefix")
@with_appcontext
def revoke_token_command(email: str, token_prefix: str) -> None:
    """Revoke the API token of EMAIL that starts with TOKEN_PREFIX (as the token list shows)."""
    try:
        with unit_of_work.command() as session:
            user = _account(session, email)
            token = api_tokens.find(session, user, token_prefix)
            if token.revoked_at is not None:
                click.echo(f"The API token {token.prefix} ({token.name!r}) of {user.email} was "
                           f"revoked already, on {token.revoked_at:%Y-%m-%d %H:%M} UTC.")
                return
            api_tokens.revoke(session, user, token.id, actor=audit.CLI_ACTOR)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Revoked the API token {token.prefix} ({token.name!r}) of {user.email}; "
               "requests with it are refused from now on.")


def _account(session: Session, email: str) -> User:
    user = users.find_by_email(session, email)
    if user is None:
        raise click.ClickException(f"There is no account {email.strip()}.")
    return user


def _days(raw: str | None) -> int | None:
    if raw is None:
        return None
    try:
        return int(raw.strip())
    except ValueError:
        raise click.ClickException(
            f"--expires-days: {raw!r} is not a whole number of days "
            f"(1 to {api_tokens.MAX_EXPIRY_DAYS}).") from None


def _today() -> str:
    return f"{utcnow():%Y-%m-%d}"


COMMANDS = [one_line_database_errors(command)
            for command in (create_token_command, revoke_token_command)]
