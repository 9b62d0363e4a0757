"""disagreements between respondents, and the lead respondent of an assessment

Revision ID: resp01
Revises: sec04
Create Date: 2026-12-02 22:10:00

A disagreement keeps the standing answer and another respondent's value side by side
until a consultant decides (``assessment.open_disagreements`` counts the open ones);
``invitation.lead`` marks the respondent who owns the profile.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "resp01"
down_revision: str | Sequence[str] | None = "sec04"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lead", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("open_disagreements", sa.Integer(), nullable=False,
                                      server_default=sa.text("0")))
    op.create_table(
        "disagreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=100), nullable=False),
        sa.Column("standing_value", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("standing_invitation_id", sa.Integer(), nullable=True),
        sa.Column("other_value", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("other_invitation_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolved_by", sa.String(length=254), nullable=True),
        sa.Column("resolution", sa.String(length=16), nullable=True),
        sa.Column("resolution_note", sa.Text(), nullable=True),
        sa.Column("chosen_value", sa.JSON(none_as_null=True), nullable=True),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_disagreement_assessment_id_assessment"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["standing_invitation_id"], ["invitation.id"],
                                name=op.f("fk_disagreement_standing_invitation_id_invitation"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["other_invitation_id"], ["invitation.id"],
                                name=op.f("fk_disagreement_other_invitation_id_invitation"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["resolved_by_id"], ["user_account.id"],
                                name=op.f("fk_disagreement_resolved_by_id_user_account"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disagreement")),
    )
    with op.batch_alter_table("disagreement", schema=None) as batch_op:
        batch_op.create_index("ix_disagreement_assessment_id_resolved_at",
                              ["assessment_id", "resolved_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("disagreement", schema=None) as batch_op:
        batch_op.drop_index("ix_disagreement_assessment_id_resolved_at")
    op.drop_table("disagreement")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_column("open_disagreements")
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_column("lead")
