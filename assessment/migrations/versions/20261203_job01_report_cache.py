"""report PDFs and render states in the database (shared by every web host and worker)

Revision ID: job01
Revises: rep01
Create Date: 2026-12-03 04:00:00

``report_pdf`` replaces the per-host folder ``instance/report-cache``: the PDF bytes by
content-addressed cache key, pruned least recently used first. ``report_render`` holds the
render state (queued, rendering, ready, failed) of an assessment's report per language and
edition, for the download page and the dashboard.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "job01"
down_revision: str | Sequence[str] | None = "rep01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_pdf",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cache_key", sa.String(length=64), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("edition", sa.String(length=16), nullable=False),
        sa.Column("report_id", sa.String(length=16), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_report_pdf_assessment_id_assessment"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_pdf")),
        sa.UniqueConstraint("cache_key", name=op.f("uq_report_pdf_cache_key")),
    )
    op.create_index(op.f("ix_report_pdf_assessment_id"), "report_pdf", ["assessment_id"])
    op.create_index(op.f("ix_report_pdf_last_used_at"), "report_pdf", ["last_used_at"])
    op.create_table(
        "report_render",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("edition", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("cache_key", sa.String(length=64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_report_render_assessment_id_assessment"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_render")),
        sa.UniqueConstraint("assessment_id", "language", "edition",
                            name="uq_report_render_assessment_id_language_edition"),
    )


def downgrade() -> None:
    op.drop_table("report_render")
    op.drop_index(op.f("ix_report_pdf_last_used_at"), table_name="report_pdf")
    op.drop_index(op.f("ix_report_pdf_assessment_id"), table_name="report_pdf")
    op.drop_table("report_pdf")
