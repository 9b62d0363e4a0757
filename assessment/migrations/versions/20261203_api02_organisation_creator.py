"""organisations remember who created them (an API client creates one before its assessment)

Revision ID: api02
Revises: hook01
Create Date: 2026-12-03 08:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "api02"
down_revision: str | Sequence[str] | None = "hook01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_organisation_created_by_id"), ["created_by_id"])
        batch.create_foreign_key(batch.f("fk_organisation_created_by_id_user_account"),
                                 "user_account", ["created_by_id"], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("organisation") as batch:
        batch.drop_constraint(batch.f("fk_organisation_created_by_id_user_account"),
                              type_="foreignkey")
        batch.drop_index(batch.f("ix_organisation_created_by_id"))
        batch.drop_column("created_by_id")
