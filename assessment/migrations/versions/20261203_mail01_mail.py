"""e-mail: messages sent, respondents' addresses, notifications users turned off

Revision ID: mail01
Revises: att01
Create Date: 2026-12-03 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "mail01"
down_revision: str | Sequence[str] | None = "att01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mail_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("invitation_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_mail_message_assessment_id_assessment"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitation.id"],
                                name=op.f("fk_mail_message_invitation_id_invitation"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_mail_message_user_id_user_account"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_message")),
    )
    op.create_index(op.f("ix_mail_message_assessment_id"), "mail_message", ["assessment_id"])
    op.create_index(op.f("ix_mail_message_invitation_id"), "mail_message", ["invitation_id"])
    op.create_index(op.f("ix_mail_message_kind"), "mail_message", ["kind"])
    op.create_table(
        "invitation_address",
        sa.Column("invitation_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("link_seed", sa.String(length=64), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitation.id"],
                                name=op.f("fk_invitation_address_invitation_id_invitation"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("invitation_id", name=op.f("pk_invitation_address")),
    )
    op.create_table(
        "mail_opt_out",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_mail_opt_out_user_id_user_account"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_opt_out")),
        sa.UniqueConstraint("user_id", "kind", name="uq_mail_opt_out_user_id_kind"),
    )
    op.create_index(op.f("ix_mail_opt_out_user_id"), "mail_opt_out", ["user_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_mail_opt_out_user_id"), table_name="mail_opt_out")
    op.drop_table("mail_opt_out")
    op.drop_table("invitation_address")
    op.drop_index(op.f("ix_mail_message_kind"), table_name="mail_message")
    op.drop_index(op.f("ix_mail_message_invitation_id"), table_name="mail_message")
    op.drop_index(op.f("ix_mail_message_assessment_id"), table_name="mail_message")
    op.drop_table("mail_message")
