"""consultants' display names, and comments hidden from the client report

Revision ID: rep01
Revises: resp01
Create Date: 2026-12-02 23:05:00

``user_account.display_name`` is the name the report's cover gives the consultant who
approved it (never the e-mail address). ``hidden_comment`` records a respondent's
free-text comment a consultant left out of the client report (one row per question).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "rep01"
down_revision: str | Sequence[str] | None = "resp01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("display_name", sa.String(length=120), nullable=True))
    op.create_table(
        "hidden_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("hidden_by_id", sa.Integer(), nullable=True),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_hidden_comment_assessment_id_assessment"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["hidden_by_id"], ["user_account.id"],
                                name=op.f("fk_hidden_comment_hidden_by_id_user_account"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hidden_comment")),
        sa.UniqueConstraint("assessment_id", "question_id",
                            name="uq_hidden_comment_assessment_id_question_id"),
    )


def downgrade() -> None:
    op.drop_table("hidden_comment")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("display_name")
