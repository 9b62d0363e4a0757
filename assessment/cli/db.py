"""Database commands (a contract; outside checks build on them): ``init-db``, ``invite``,
``list`` and ``demo``."""

from __future__ import annotations

import functools
import json
import sqlite3
from typing import Any

import click
import psycopg
from flask import Flask, current_app
from flask.cli import ScriptInfo, pass_script_info, with_appcontext
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from werkzeug.serving import run_simple

from assessment import migrations, unit_of_work
from assessment.config import invitation_ttl_days
from assessment.engine import DefinitionError
from assessment.engine.bank import questionnaire_folders
from assessment.extensions import db
from assessment.jobs import mail_queue as mail_jobs
from assessment.models.organisation import Organisation
from assessment.services import (
    assessments,
    audit,
    bank,
    demo,
    invitations,
    organisations,
    shares,
)
from assessment.services.answers import LockedError
from assessment.services.errors import DomainError

DEFAULT_BASE_URL = "http://127.0.0.1:5000"
# Driver errors that mean "cannot reach or open the database", not a bug: one line, exit 1.
OPERATIONAL_ERRORS = (psycopg.OperationalError, sqlite3.OperationalError)
# Errors a command turns into a one-line message and exit status 1.
USER_ERRORS = (
    DomainError,
    ValueError,
    LookupError,
    LockedError,
)


def display_url(url: URL | str) -> str:
    """A database URL fit to print: the password masked."""
    return make_url(url).render_as_string(hide_password=True)


def database_problem(error: DBAPIError) -> click.ClickException:
    """One line for a database that is missing or unreachable (the driver's first line)."""
    lines = str(error.orig or error).strip().splitlines() or ["unknown error"]
    reason = " ".join(lines[0].split()).removeprefix("connection failed: ")
    info = click.get_current_context().find_object(ScriptInfo)
    app = info.load_app() if info else None
    url = display_url(app.config["SQLALCHEMY_DATABASE_URI"]) if app else "DATABASE_URL"
    return click.ClickException(
        f"Cannot use the database {url}: {reason}. Check DATABASE_URL, that the server runs, "
        "that the database exists (createdb NAME) and that `assessment init-db` has run."
    )


def one_line_database_errors(command: click.Command) -> click.Command:
    """``command`` with a missing or unreachable database reported in one line, exit 1."""
    callback = command.callback
    if callback is None:
        return command

    @functools.wraps(callback)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except DBAPIError as error:
            if not isinstance(error.orig, OPERATIONAL_ERRORS):
                raise
            raise database_problem(error) from None

    command.callback = guarded
    return command


def init_database(echo: bool = True) -> None:
    """Migrate the app's database to the newest revision and check the question bank loads.

    Refuses (one line, exit 1) when the bank folder holds no questionnaire.
    """
    engine = db.engine
    _check_bank_exists()
    before = migrations.current_revision(engine)
    migrations.upgrade(engine)
    after = migrations.current_revision(engine)
    try:
        loaded = bank.available()
    except DefinitionError as error:
        for issue in error.issues:
            click.echo(str(issue), err=True)
        raise click.ClickException("The question bank does not load; nothing was seeded.") from None
    _warn_missing_pins()
    if not echo:
        return
    click.echo(f"Database: {display_url(engine.url)}")
    if before == after:
        click.echo(f"Schema: already at revision {after}, nothing to do.")
    else:
        click.echo(f"Schema: upgraded from {before or 'an empty database'} to revision {after}.")
    for questionnaire in loaded:
        click.echo(
            f"Question bank: {questionnaire.id} {questionnaire.version} "
            f"(rules {questionnaire.rules_version}, {len(questionnaire.areas)} areas, "
            f"{len(questionnaire.questions)} questions)"
        )


def _check_bank_exists() -> None:
    folder = bank.questions_dir()
    if not questionnaire_folders(folder):
        problem = "no questionnaire.yaml found" if folder.is_dir() else "no such folder"
        raise click.ClickException(
            f"No question bank at {folder} ({problem}); set QUESTIONS_DIR to the folder "
            "holding the questionnaires."
        )


def _warn_missing_pins() -> None:
    """Say which assessments the bank can no longer serve (they are never re-scored)."""
    missing = bank.missing_pins(db.session())
    if not missing:
        return
    click.echo(
        "Warning: the question bank no longer holds versions that assessments are "
        "pinned to; they cannot be continued or scored until those versions are "
        "restored (as extra folders under the bank):",
        err=True,
    )
    for pin in missing:
        click.echo(f"  {pin}", err=True)


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or upgrade the database and check the question bank (safe to run again)."""
    init_database()


def _split_respondent(respondent: str | None) -> tuple[str | None, str | None]:
    if not respondent:
        return None, None
    name, _, role = respondent.partition(",")
    return name.strip() or None, role.strip() or None


@click.command("invite")
@click.option("--org", "organisation_name", default=None,
              help="Organisation name (found, or created when none has it).")
@click.option("--org-id", "organisation_id", type=int, default=None,
              help="Organisation id (when several organisations share a name).")
@click.option("--areas", default=None, help="Comma-separated area ids (default: every area).")
@click.option("--language", default=None, help="en, nl, fr or sv (default: the assessment's).")
@click.option("--respondent", default=None, help='Who is invited: "Name, role".')
@click.option("--ttl-days", type=int, default=None, help="Days the link stays valid.")
@click.option("--owner", "owner_email", default=None, help="Consultant who owns the assessment.")
@click.option("--lead", is_flag=True, default=False,
              help="The lead respondent: answers the profile for the organisation (one per "
                   "assessment).")
@click.option("--email", default=None, help="E-mail the link to this address.")
@with_appcontext
def invite_command(
    organisation_name: str | None,
    organisation_id: int | None,
    areas: str | None,
    language: str | None,
    respondent: str | None,
    ttl_days: int | None,
    owner_email: str | None,
    lead: bool,
    email: str | None = None,
) -> None:
    """Invite a respondent; creates the organisation and assessment if needed.

    The invitation URL is the last line of the output.
    """
    if (organisation_name is None) == (organisation_id is None):
        raise click.UsageError("Give either --org NAME or --org-id ID.")
    name, role = _split_respondent(respondent)
    actor = audit.CLI_ACTOR
    if ttl_days is None:
        ttl_days = invitation_ttl_days(current_app.config)
    try:
        with unit_of_work.command() as session:
            # Checked before anything is written, so a wrong owner stores nothing.
            owner = shares.consultant_by_email(session, owner_email) if owner_email else None
            organisation = _invited_organisation(session, organisation_name, organisation_id)
            assessment = assessments.open_for(session, organisation) or assessments.start(
                session, organisation, language=language, actor=actor
            )
            invitation, token = invitations.create(
                session,
                assessment,
                areas=areas.split(",") if areas is not None else None,
                language=language,
                respondent_name=name,
                respondent_role=role,
                ttl_days=ttl_days,
                actor=actor,
                lead=lead,
            )
            if owner is not None:
                shares.grant(session, assessment, owner, owner=True, actor=actor)
            if email:
                token = mail_jobs.send_invitation(current_app, session, invitation, email)
    except organisations.AmbiguousNameError as error:
        raise click.ClickException(f"{error} Choose one with --org-id.") from None
    except USER_ERRORS as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Organisation: {organisation.name}")
    click.echo(
        f"Assessment: {assessment.id} ({assessment.questionnaire_id} "
        f"{assessment.questionnaire_version}, {assessment.status})"
    )
    click.echo(
        f"Invitation: {invitation.id} for {invitation.respondent_label}; areas: "
        f"{', '.join(invitation.areas) if invitation.areas else 'all'}; language: "
        f"{invitation.language}; expires {invitation.expires_at:%Y-%m-%d %H:%M} UTC"
        + ("; lead respondent" if invitation.lead else "")
    )
    if email:
        mail_jobs.finish_in_process(current_app)
        click.echo(f"E-mailed to {email.strip()}")
    click.echo(invitations.invitation_url(current_app.config["BASE_URL"], token))


def _invited_organisation(session: Session, name: str | None,
                          organisation_id: int | None) -> Organisation:
    """The organisation by id, else the only one of that name (created when none has it)."""
    if organisation_id is not None:
        return organisations.get(session, organisation_id)
    return organisations.get_or_create_unique(session, name or "", actor=audit.CLI_ACTOR)


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (progress as a 0..1 fraction).")
@with_appcontext
def list_command(as_json: bool) -> None:
    """List every assessment: id, organisation, status, progress and overall band."""
    rows = assessments.summaries(db.session())
    if as_json:
        click.echo(json.dumps([row.to_json() for row in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("No assessments yet.")
        return
    for row in rows:
        click.echo(
            f"{row.id:>5}  {row.organisation:<40.40}  {row.status:<18}  "
            f"{row.progress:>4.0%}  {row.overall_band or '-'}"
        )


@click.command("demo")
@click.option("--port", type=int, default=5000, show_default=True, help="Port on 127.0.0.1.")
@click.option("--no-serve", is_flag=True, help="Seed and print, but do not start the server.")
@click.option("--reset-password", is_flag=True, help="Give the demo consultant a new password.")
@pass_script_info
def demo_command(info: ScriptInfo, port: int, no_serve: bool, reset_password: bool) -> None:
    """Migrate, load the bank, seed a demo organisation, print a login and links, serve."""
    app = info.load_app()
    if app.config["ENV_NAME"] == "production":
        raise click.ClickException("The demo seeds a known account; it does not run in production.")
    with app.app_context():
        init_database(echo=False)
        with unit_of_work.command() as session:
            seeded = demo.seed(session, base_url=_base_url(app, port),
                               ttl_days=invitation_ttl_days(app.config),
                               reset_password=reset_password)
    _print_demo(seeded)
    click.echo(mail_jobs.where_mail_goes(app))
    if not no_serve:
        _serve(app, port)


def _base_url(app: Flask, port: int) -> str:
    """BASE_URL, following --port when BASE_URL is still the default address."""
    base_url = str(app.config["BASE_URL"])
    if base_url.rstrip("/") == DEFAULT_BASE_URL:
        return f"http://127.0.0.1:{port}"
    return base_url


def _print_demo(seeded: demo.DemoSeed) -> None:
    click.echo(f"Demo organisation: {seeded.organisation} (assessment {seeded.assessment_id})")
    if seeded.password:
        click.echo(f"Consultant login: {seeded.email} / {seeded.password}")
        click.echo("  (shown once; `assessment demo --reset-password` sets a new one)")
    else:
        click.echo(
            f"Consultant login: {seeded.email} (password unchanged; "
            "`assessment demo --reset-password` sets a new one)"
        )
    if seeded.examples:
        click.echo(f"Example clients: {seeded.examples} scored assessments added to the dashboard")
    click.echo(f"Dashboard: {seeded.base_url}/dashboard (sign in with the login above)")
    for link in seeded.links:
        scope = ", ".join(link.areas) if link.areas else "all areas"
        click.echo(f"Invitation for {link.respondent} ({scope}):")
        click.echo(f"  {link.url}" if link.url else
                   "  opened earlier: that link keeps working (this run prints no new one)")


def _serve(app: Flask, port: int) -> None:
    """Serve on 127.0.0.1 outside any app context, so every request gets its own.

    werkzeug's ``run_simple`` directly: ``app.run`` does nothing under the flask CLI.
    Debugger and reloader stay off.
    """
    click.echo(f"Serving on http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    run_simple("127.0.0.1", port, app, use_reloader=False, use_debugger=False, threaded=True)


COMMANDS = [one_line_database_errors(command)
            for command in (init_db_command, invite_command, list_command, demo_command)]
