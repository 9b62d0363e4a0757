"""security event log: sign-ins, second factors, passwords, roles, exports, downloads

Revision ID: sec01
Revises: rev01
Create Date: 2026-12-02 19:30:00

The log outlives the accounts it names: ``email`` is copied and the user ids are set
NULL when an account is removed.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "sec01"
down_revision: str | Sequence[str] | None = "rev01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "security_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_security_event_user_id_user_account"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["actor_id"], ["user_account.id"],
                                name=op.f("fk_security_event_actor_id_user_account"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_security_event")),
    )
    with op.batch_alter_table("security_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_security_event_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_security_event_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_security_event_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("security_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_security_event_user_id"))
        batch_op.drop_index(batch_op.f("ix_security_event_kind"))
        batch_op.drop_index(batch_op.f("ix_security_event_at"))
    op.drop_table("security_event")
