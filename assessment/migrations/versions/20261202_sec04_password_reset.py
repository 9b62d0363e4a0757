"""password reset links and the account lock-out state

Revision ID: sec04
Revises: sec03
Create Date: 2026-12-02 19:35:00

Only a SHA-256 of each token is stored. The lock-out state itself lives in the rate
limiter's storage (``auth/throttle.py``), and each lock is a security event: no column.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "sec04"
down_revision: str | Sequence[str] | None = "sec03"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "password_reset_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_password_reset_token_user_id_user_account"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["issued_by_id"], ["user_account.id"],
                                name=op.f("fk_password_reset_token_issued_by_id_user_account"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_reset_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_reset_token_token_hash")),
    )
    with op.batch_alter_table("password_reset_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_password_reset_token_user_id"), ["user_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("password_reset_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_password_reset_token_user_id"))
    op.drop_table("password_reset_token")
