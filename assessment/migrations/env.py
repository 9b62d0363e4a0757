"""Alembic environment: runs on a connection handed over by ``assessment.migrations``.

Run from the ``alembic`` command line instead, it connects to DATABASE_URL, or to the
URL the application would use.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection, create_engine

import assessment.models  # noqa: F401  (registers every table on the metadata)
from assessment.models.base import Base

target_metadata = Base.metadata


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    from assessment.app import create_app

    return str(create_app().config["SQLALCHEMY_DATABASE_URI"])


def run_migrations_online() -> None:
    """Migrate on the given connection, or on a new one to the configured database."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    engine = create_engine(_database_url())
    try:
        with engine.begin() as new_connection:
            _configure_and_run(new_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported: run against a database.")
run_migrations_online()
