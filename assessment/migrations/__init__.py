"""Alembic migrations shipped inside the package and run programmatically.

``upgrade(engine)`` brings a database to the newest revision (``assessment init-db``
calls it); ``heads()`` and ``drift(connection)`` back the tests that keep the history
linear and the models and migrations in step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    """The Alembic configuration of this package, bound to a connection if given."""
    config = Config(str(MIGRATIONS_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (the newest by default) in one transaction."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for a database never migrated."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def heads() -> list[str]:
    """Every head revision of the history; exactly one is the healthy state."""
    return list(ScriptDirectory.from_config(alembic_config()).get_heads())


def drift(connection: Connection) -> list[Any]:
    """Differences between the models and a migrated database (empty when in step)."""
    import assessment.models  # noqa: F401
    from assessment.models.base import Base

    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))
