"""Migrations: one linear history, upgrade from empty on every backend, no drift from the
models, idempotent, and reversible."""

from __future__ import annotations

import sqlalchemy as sa

from assessment import migrations
from assessment.models import Base


def test_history_has_a_single_head() -> None:
    assert len(migrations.heads()) == 1


def test_upgrade_from_empty_creates_every_table(empty_engine: sa.Engine) -> None:
    assert migrations.current_revision(empty_engine) is None
    migrations.upgrade(empty_engine)
    assert migrations.current_revision(empty_engine) == migrations.heads()[0]
    tables = set(sa.inspect(empty_engine).get_table_names())
    assert {t.name for t in Base.metadata.sorted_tables} <= tables


def test_models_and_migrations_do_not_drift(empty_engine: sa.Engine) -> None:
    migrations.upgrade(empty_engine)
    with empty_engine.connect() as connection:
        assert migrations.drift(connection) == []


def test_drift_is_detected(empty_engine: sa.Engine) -> None:
    """The drift check can fail: a table the migrations never made shows up."""
    migrations.upgrade(empty_engine)
    extra = sa.Table("not_migrated", Base.metadata, sa.Column("id", sa.Integer, primary_key=True))
    try:
        with empty_engine.connect() as connection:
            diffs = migrations.drift(connection)
    finally:
        Base.metadata.remove(extra)
    assert [d[0] for d in diffs] == ["add_table"]
    assert diffs[0][1].name == "not_migrated"


def test_upgrade_twice_changes_nothing(empty_engine: sa.Engine) -> None:
    migrations.upgrade(empty_engine)
    migrations.upgrade(empty_engine)
    assert migrations.current_revision(empty_engine) == migrations.heads()[0]


def test_downgrade_to_base_and_back(empty_engine: sa.Engine) -> None:
    migrations.upgrade(empty_engine)
    with empty_engine.begin() as connection:
        from alembic import command

        command.downgrade(migrations.alembic_config(connection), "base")
    assert migrations.current_revision(empty_engine) is None
    assert not set(sa.inspect(empty_engine).get_table_names()) - {"alembic_version"}
    migrations.upgrade(empty_engine)
    assert migrations.current_revision(empty_engine) == migrations.heads()[0]
