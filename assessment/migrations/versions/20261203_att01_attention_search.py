"""attention queue and list: assignee, due date, folded search text, finding counts

Revision ID: att01
Revises: job01
Create Date: 2026-12-03 04:10:00

``assessment.assignee_id`` and ``due_date`` feed the attention queue (the assignee defaults
to the owner, filled in here for existing rows); ``search_text`` holds the organisation's
name unaccented and casefolded for search on any database; ``finding_counts`` the stored
result's findings by severity for the list. ``models/list_columns.py`` keeps the last two.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "att01"
down_revision: str | Sequence[str] | None = "job01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assignee_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("due_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("search_text", sa.String(length=400), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("finding_counts", sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f("ix_assessment_assignee_id"), ["assignee_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_due_date"), ["due_date"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_assessment_assignee_id_user_account"),
                                    "user_account", ["assignee_id"], ["id"],
                                    ondelete="SET NULL")
    _backfill()


def _backfill() -> None:
    connection = op.get_bind()
    assessment = sa.table("assessment", sa.column("id", sa.Integer),
                          sa.column("organisation_id", sa.Integer),
                          sa.column("assignee_id", sa.Integer),
                          sa.column("search_text", sa.String),
                          sa.column("result", sa.JSON), sa.column("finding_counts", sa.JSON))
    organisation = sa.table("organisation", sa.column("id", sa.Integer),
                            sa.column("name", sa.String))
    share = sa.table("assessment_share", sa.column("assessment_id", sa.Integer),
                     sa.column("user_id", sa.Integer), sa.column("kind", sa.String))
    for org_id, name in connection.execute(sa.select(organisation.c.id, organisation.c.name)):
        connection.execute(sa.update(assessment).where(assessment.c.organisation_id == org_id)
                           .values(search_text=fold(name or "")))
    scored = connection.execute(sa.select(assessment.c.id, assessment.c.result)
                                .where(assessment.c.result.is_not(None)))
    for assessment_id, result in scored:
        counts = finding_counts(result)
        connection.execute(sa.update(assessment).where(assessment.c.id == assessment_id)
                           .values(finding_counts=sa.null() if counts is None else counts))
    owner = (sa.select(share.c.user_id).where(share.c.assessment_id == assessment.c.id,
                                               share.c.kind == "owner")
             .limit(1).scalar_subquery())
    connection.execute(sa.update(assessment).values(assignee_id=owner))


def fold(text: str) -> str:
    """models/list_columns.py's fold as of this revision (a migration never changes)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(unicodedata.normalize("NFKC", bare).split())


def finding_counts(result: Any) -> dict[str, int] | None:
    """models/list_columns.py's finding_counts as of this revision."""
    engine = (result or {}).get("result") if isinstance(result, dict) else None
    if not isinstance(engine, dict):
        return None
    counts = {"high": 0, "medium": 0, "low": 0}
    for finding in engine.get("findings") or []:
        severity = finding.get("severity") if isinstance(finding, dict) else None
        if severity in counts:
            counts[severity] += 1
    return counts


def downgrade() -> None:
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_assessment_assignee_id_user_account"),
                                 type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_assessment_due_date"))
        batch_op.drop_index(batch_op.f("ix_assessment_assignee_id"))
        batch_op.drop_column("finding_counts")
        batch_op.drop_column("search_text")
        batch_op.drop_column("due_date")
        batch_op.drop_column("assignee_id")
