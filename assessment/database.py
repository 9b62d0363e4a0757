"""Engine-level database settings: SQLite pragmas (WAL, busy timeout, foreign keys)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from assessment.extensions import db


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def init_app(app: Flask) -> None:
    """Install per-connection settings on the app's engine once it exists."""
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite" and not getattr(engine, "_assessment_pragmas", False):
            event.listen(engine, "connect", _sqlite_pragmas)
            engine._assessment_pragmas = True  # type: ignore[attr-defined]
