"""stored approval: who approved an assessment and when, kept on the assessment

Revision ID: rev01
Revises: dashb01
Create Date: 2026-12-02 19:00:00

Until now the approver was worked out from the newest ``review.approve`` audit row. The
reviewed result reads the approval from ``assessment.approved_at``, ``approved_by_id``
and ``approved_by`` (the approver's name as shown, kept if the account is removed);
existing approved assessments are filled in from the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "rev01"
down_revision: str | Sequence[str] | None = "dashb01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("approved_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("approved_by", sa.String(length=320), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_assessment_approved_by_id_user_account"), "user_account",
            ["approved_by_id"], ["id"], ondelete="SET NULL",
        )
    _backfill()


def _backfill() -> None:
    """Approved assessments get the newest approval event's actor and time."""
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT a.id, e.actor, e.at FROM assessment a JOIN audit_event e"
        " ON e.assessment_id = a.id AND e.action = 'review.approve'"
        " WHERE a.status = 'approved' ORDER BY e.at, e.id"
    )).all()
    newest = {row[0]: (row[1], row[2]) for row in rows}
    for assessment_id, (actor, at) in newest.items():
        user_id, label = None, actor
        kind, _sep, ident = actor.partition(":")
        if kind == "user" and ident.isdigit():
            user_id = int(ident)
            email = connection.execute(sa.text(
                "SELECT email FROM user_account WHERE id = :id"), {"id": user_id}).scalar()
            label = email or actor
            if email is None:
                user_id = None
        connection.execute(sa.text(
            "UPDATE assessment SET approved_at = :at, approved_by_id = :user_id,"
            " approved_by = :label WHERE id = :id"),
            {"at": at, "user_id": user_id, "label": label, "id": assessment_id})


def downgrade() -> None:
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_assessment_approved_by_id_user_account"), type_="foreignkey")
        batch_op.drop_column("approved_by")
        batch_op.drop_column("approved_by_id")
        batch_op.drop_column("approved_at")
