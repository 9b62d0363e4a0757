"""respondent sessions and organisations visible only to those who may see them

Revision ID: sec02
Revises: sec01
Create Date: 2026-12-02 19:35:00

``invitation.session_version`` is kept in the respondent's cookie and bumped on "save and
continue later", so a copied cookie stops working on the server, not only in the browser
that signed out. ``organisation.name`` is no longer unique: a consultant who names a client
they cannot see gets an organisation of their own (issue 14, finding 1); the name keeps a
plain index for look-ups.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "sec02"
down_revision: str | Sequence[str] | None = "sec01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), nullable=False,
                                      server_default=sa.text("0")))
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_organisation_name"), type_="unique")
        batch_op.create_index(batch_op.f("ix_organisation_name"), ["name"], unique=False)


def downgrade() -> None:
    # Fails if organisations now share a name: rename or merge them first.
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_name"))
        batch_op.create_unique_constraint(batch_op.f("uq_organisation_name"), ["name"])
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_column("session_version")
