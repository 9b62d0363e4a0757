"""Suite-wide rules and the database fixtures.

In CI a skipped test is a failure: nothing may go green by skipping.

Database tests run on SQLite always and on PostgreSQL when TEST_DATABASE_URL is set (CI
sets it): the ``app`` fixture is parametrised over the backends, so a test that uses
``app``, ``db_session``, ``client`` or ``runner`` runs once per backend, with ids
``[sqlite]`` and ``[postgresql]`` (the latter also marked ``postgres``). Without
TEST_DATABASE_URL no postgresql variant is generated at all (nothing is skipped).

The schema is made by the real Alembic migrations, once per test session and backend:
on SQLite into a template file copied for every test, on PostgreSQL into a schema of its
own (one per session and xdist worker, dropped at the end) whose tables are emptied after
every test. Override ``app_config`` in a test module to change settings.
"""

from __future__ import annotations

import contextvars
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import Result
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy.orm import Session

from assessment.i18n import compile_catalogues

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
TEST_SECRET_KEY = "test-secret-key-" + "k" * 48


def pytest_sessionstart(session: pytest.Session) -> None:
    """Catalogues are build products (.mo are not committed): compile the ones that changed."""
    compile_catalogues()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which must run every test: {report.longrepr}"


# --- database backends --------------------------------------------------------------


class SqliteBackend:
    """A migrated template database file, copied afresh for every test."""

    name = "sqlite"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.template = folder / "template.sqlite"
        migrate(sa.create_engine(f"sqlite:///{self.template}"))

    def engine_options(self) -> dict[str, Any]:
        return {"pool_pre_ping": True}

    def prepare(self, tmp_path: Path) -> str:
        """A private copy of the migrated template for one test; returns its URL."""
        path = tmp_path / f"test-{uuid.uuid4().hex[:8]}.sqlite"
        shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def clean(self) -> None:
        """Nothing to do: every test has its own file."""

    def empty_engine(self, tmp_path: Path) -> sa.Engine:
        """An engine on a new, empty database (for migration tests)."""
        return sa.create_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")

    def empty_config(self, tmp_path: Path) -> dict[str, Any]:
        """App settings for a new, empty database (for init-db tests)."""
        return {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty-app.sqlite'}",
            "SQLALCHEMY_ENGINE_OPTIONS": self.engine_options(),
        }

    def close(self) -> None:
        """Nothing to release; pytest removes the folder."""


class PostgresBackend:
    """A schema of its own in TEST_DATABASE_URL, migrated once, emptied after every test."""

    name = "postgresql"

    def __init__(self, url: str, worker: str) -> None:
        self.url = url
        self.schema = f"t_{worker}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.admin = sa.create_engine(url)
        self._drop_abandoned_schemas()
        self._schemas = [self.schema]
        self._create_schema(self.schema)
        self.engine = self._engine(self.schema)
        migrate(self.engine)

    def engine_options(self) -> dict[str, Any]:
        return {"pool_pre_ping": True, "connect_args": self._connect_args(self.schema)}

    def prepare(self, tmp_path: Path) -> str:
        return self.url

    def clean(self) -> None:
        """Empty every table (not the migration history) and restart the id sequences."""
        from assessment.models import Base

        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        with self.engine.begin() as connection:
            connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))

    def empty_engine(self, tmp_path: Path) -> sa.Engine:
        return self._engine(self._new_schema())

    def empty_config(self, tmp_path: Path) -> dict[str, Any]:
        return {
            "SQLALCHEMY_DATABASE_URI": self.url,
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "pool_pre_ping": True, "connect_args": self._connect_args(self._new_schema()),
            },
        }

    def _new_schema(self) -> str:
        schema = f"{self.schema}_e{uuid.uuid4().hex[:6]}"
        self._create_schema(schema)
        self._schemas.append(schema)
        return schema

    def close(self) -> None:
        self.engine.dispose()
        with self.admin.begin() as connection:
            for schema in self._schemas:
                connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        self.admin.dispose()

    def _drop_abandoned_schemas(self) -> None:
        """Drop schemas left by test sessions on this machine that were killed mid-run."""
        with self.admin.begin() as connection:
            names = connection.scalars(
                sa.text(r"SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\_%'")
            ).all()
            for name in names:
                pid = name.split("_")[2] if name.count("_") >= 3 else ""
                if pid.isdigit() and not _process_alive(int(pid)):
                    connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))

    def _create_schema(self, schema: str) -> None:
        with self.admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))

    def _connect_args(self, schema: str) -> dict[str, str]:
        return {"options": f"-csearch_path={schema}"}

    def _engine(self, schema: str) -> sa.Engine:
        return sa.create_engine(self.url, connect_args=self._connect_args(schema))


Backend = SqliteBackend | PostgresBackend


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def migrate(engine: sa.Engine) -> None:
    """Run the real migrations on the engine, then release its connections."""
    from assessment import migrations

    try:
        migrations.upgrade(engine)
    finally:
        engine.dispose()


def _backends() -> list[Any]:
    backends = [pytest.param("sqlite", id="sqlite")]
    if TEST_DATABASE_URL:
        backends.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres))
    return backends


@pytest.fixture(scope="session", params=_backends())
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Backend]:
    """The database backend of this test session: migrated once, shared by its tests."""
    backend: Backend
    if request.param == "sqlite":
        backend = SqliteBackend(tmp_path_factory.mktemp("sqlite"))
    else:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        backend = PostgresBackend(TEST_DATABASE_URL, worker)
    yield backend
    backend.close()


# --- the application ------------------------------------------------------------------


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Extra configuration for the ``app`` fixture; override it in a module to change it."""
    return {}


@pytest.fixture
def app(database: Backend, app_config: dict[str, Any], tmp_path: Path) -> Iterator[Flask]:
    """The application on a migrated, empty database of the current backend."""
    from assessment.app import create_app
    from assessment.extensions import db

    config: dict[str, Any] = {
        "TESTING": True,
        "ENV_NAME": "testing",
        "SECRET_KEY": TEST_SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": database.prepare(tmp_path),
        "SQLALCHEMY_ENGINE_OPTIONS": database.engine_options(),
        "BASE_URL": "http://localhost",
        "REPORT_CACHE_DIR": tmp_path / "report-cache",
        "MAIL_OUTBOX": tmp_path / "outbox",  # e-mail without MAIL_SERVER: never instance/
        "RATELIMIT_STORAGE_URI": "memory://",
        "JOBS_EAGER": True, "REPORT_PRERENDER": False,  # render in the request (tests/jobs queue)
        **app_config,
    }
    application = create_app(config)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
    database.clean()


@pytest.fixture
def db_session(app: Flask) -> Iterator[Session]:
    """The app's SQLAlchemy session inside an app context (services may read the config)."""
    from assessment.extensions import db

    with app.app_context():
        session = db.session()
        yield session
        session.rollback()


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own app context, session and ``g``.

    Flask reuses an app context that is already pushed (``db_session`` pushes one), which
    would share ``g`` and the database session between the test and all its requests.
    While a test holds an app context, each request here runs in a fresh one (so
    ``with client:`` is for tests without ``db_session``); afterwards the test's own
    session is expired so it reads what the request committed.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        from flask import current_app

        if not current_app:  # no outer context: plain behaviour (``with client:`` works)
            return super().open(*args, **kwargs)
        response = contextvars.Context().run(super().open, *args, **kwargs)
        from assessment.extensions import db

        db.session.expire_all()
        return response


class AssessmentCliRunner(FlaskCliRunner):
    """A CLI runner whose default command group is ``assessment`` (not ``flask``)."""

    def invoke(  # type: ignore[override]  # cli becomes optional
        self, cli: Any = None, args: Any = None, **kwargs: Any
    ) -> Result:
        from assessment.cli import main

        return super().invoke(cli or main, args, **kwargs)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for the app (see IsolatedClient)."""
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> AssessmentCliRunner:
    """A runner for ``assessment`` commands against the test app: runner.invoke(args=[...])."""
    return AssessmentCliRunner(app)


@pytest.fixture
def empty_database(database: Backend, tmp_path: Path) -> dict[str, Any]:
    """App settings (URI, engine options) for an empty database of the current backend."""
    return database.empty_config(tmp_path)


@pytest.fixture
def empty_engine(database: Backend, tmp_path: Path) -> Iterator[sa.Engine]:
    """An engine on an empty database of the current backend (migration tests)."""
    engine = database.empty_engine(tmp_path)
    yield engine
    engine.dispose()
