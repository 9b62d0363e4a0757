"""Migration att01 fills the new columns for assessments that existed before it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa

from assessment import migrations


def test_existing_rows_get_search_text_counts_and_the_owner_as_assignee(
    empty_engine: sa.Engine,
) -> None:
    migrations.upgrade(empty_engine, "job01")
    now = datetime(2026, 12, 1, tzinfo=UTC)
    meta = sa.MetaData()
    meta.reflect(empty_engine, only=["organisation", "assessment", "user_account",
                                     "assessment_share"])
    tables = meta.tables
    result = {"result": {"findings": [{"severity": "high"}, {"severity": "medium"}]}}
    with empty_engine.begin() as connection:
        connection.execute(tables["organisation"].insert(),
                           {"id": 1, "name": "Maison Lumière", "created_at": now})
        connection.execute(tables["user_account"].insert(), {
            "id": 7, "email": "owner@example.com", "password_hash": "x", "role": "consultant",
            "active": True, "created_at": now, "session_version": 1})
        for assessment_id, stored in ((1, result), (2, None)):
            connection.execute(tables["assessment"].insert(), {
                "id": assessment_id, "organisation_id": 1, "questionnaire_id": "q",
                "questionnaire_version": "1", "rules_version": "1",
                "questionnaire_fingerprint": "f", "status": "submitted", "language": "en",
                "show_summary": True, "progress": 1.0, "result": stored,
                "created_at": now, "last_activity_at": now})
        connection.execute(tables["assessment_share"].insert(), {
            "assessment_id": 1, "user_id": 7, "kind": "owner", "created_at": now})

    migrations.upgrade(empty_engine)
    with empty_engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT id, search_text, finding_counts, assignee_id, due_date FROM assessment "
            "ORDER BY id")).all()
    assert [row[1] for row in rows] == ["maison lumiere", "maison lumiere"]
    counts = rows[0][2] if isinstance(rows[0][2], dict) else json.loads(rows[0][2])
    assert counts == {"high": 1, "medium": 1, "low": 0}
    assert rows[1][2] is None
    assert [row[3] for row in rows] == [7, None]
    assert [row[4] for row in rows] == [None, None]
