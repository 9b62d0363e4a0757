"""released reports: the approved PDFs sales keep while a re-scored result is reviewed

Revision ID: rel01
Revises: mail01
Create Date: 2026-12-03 07:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "rel01"
down_revision: str | Sequence[str] | None = "mail01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("edition", sa.String(length=16), nullable=False),
        sa.Column("cache_key", sa.String(length=64), nullable=False),
        sa.Column("report_id", sa.String(length=16), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_report_release_assessment_id_assessment"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_release")),
        sa.UniqueConstraint("assessment_id", "language", "edition",
                            name="uq_report_release_assessment_id_language_edition"),
    )
    op.create_index(op.f("ix_report_release_assessment_id"), "report_release",
                    ["assessment_id"])
    op.create_index(op.f("ix_report_release_cache_key"), "report_release", ["cache_key"])
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(sa.Column("released_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessment") as batch:
        batch.drop_column("released_at")
    op.drop_index(op.f("ix_report_release_cache_key"), table_name="report_release")
    op.drop_index(op.f("ix_report_release_assessment_id"), table_name="report_release")
    op.drop_table("report_release")
