"""dashboard: assessment shares, per-area band index, list indexes

Revision ID: dash01
Revises: 0001
Create Date: 2026-11-23 12:30:00

- ``assessment_share``: the owning consultant and the consultants an assessment is
  shared with (at most one owner: a partial unique index).
- ``assessment_area_band``: the scored band of each area, mirrored from
  ``assessment.area_summary`` so "area at risk" filters through an index.
- Composite indexes on ``assessment`` for each sort order of the dashboard list.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "dash01"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIST_INDEXES = {
    "ix_assessment_activity": ["last_activity_at", "id"],
    "ix_assessment_status_activity": ["status", "last_activity_at", "id"],
    "ix_assessment_band_activity": ["overall_band", "last_activity_at", "id"],
    "ix_assessment_progress": ["progress", "id"],
    "ix_assessment_score": ["overall_score", "id"],
}


def upgrade() -> None:
    op.create_table(
        "assessment_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=True),
        sa.CheckConstraint("kind IN ('owner', 'shared')", name=op.f("ck_assessment_share_kind")),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessment.id"],
            name=op.f("fk_assessment_share_assessment_id_assessment"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"],
            name=op.f("fk_assessment_share_user_id_user_account"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_share")),
        sa.UniqueConstraint(
            "assessment_id", "user_id", name=op.f("uq_assessment_share_assessment_id")
        ),
    )
    op.create_index(
        "ix_assessment_share_user_assessment", "assessment_share", ["user_id", "assessment_id"]
    )
    op.create_index(
        "uq_assessment_share_one_owner", "assessment_share", ["assessment_id"], unique=True,
        sqlite_where=sa.text("kind = 'owner'"), postgresql_where=sa.text("kind = 'owner'"),
    )
    op.create_table(
        "assessment_area_band",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.String(length=100), nullable=False),
        sa.Column("band", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessment.id"],
            name=op.f("fk_assessment_area_band_assessment_id_assessment"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assessment_id", "area_id", name=op.f("pk_assessment_area_band")),
    )
    op.create_index(
        "ix_assessment_area_band_area_band", "assessment_area_band",
        ["area_id", "band", "assessment_id"],
    )
    op.create_index("ix_assessment_area_band_band", "assessment_area_band", ["band", "assessment_id"])
    for name, columns in LIST_INDEXES.items():
        op.create_index(name, "assessment", columns)
    _backfill_area_bands()


def _backfill_area_bands() -> None:
    """Mirror the bands of assessments scored before this revision."""
    connection = op.get_bind()
    assessment = sa.table(
        "assessment", sa.column("id", sa.Integer()), sa.column("area_summary", sa.JSON())
    )
    band_table = sa.table(
        "assessment_area_band",
        sa.column("assessment_id", sa.Integer()),
        sa.column("area_id", sa.String()),
        sa.column("band", sa.String()),
    )
    rows = []
    query = sa.select(assessment.c.id, assessment.c.area_summary).where(
        assessment.c.area_summary.is_not(None)
    )
    for assessment_id, summary in connection.execute(query):
        for area_id, entry in (summary or {}).items():
            band = entry.get("band") if isinstance(entry, dict) else None
            if isinstance(band, str) and band:
                rows.append({"assessment_id": assessment_id, "area_id": area_id, "band": band})
    if rows:
        op.bulk_insert(band_table, rows)


def downgrade() -> None:
    for name in LIST_INDEXES:
        op.drop_index(name, table_name="assessment")
    op.drop_index("ix_assessment_area_band_band", table_name="assessment_area_band")
    op.drop_index("ix_assessment_area_band_area_band", table_name="assessment_area_band")
    op.drop_table("assessment_area_band")
    op.drop_index("uq_assessment_share_one_owner", table_name="assessment_share")
    op.drop_index("ix_assessment_share_user_assessment", table_name="assessment_share")
    op.drop_table("assessment_share")
