"""dashboard review: change requests and comments, finding overrides, notes

Revision ID: dashb01
Revises: dash01
Create Date: 2026-11-24 09:00:00

- ``review_change_request`` / ``review_comment``: a consultant's request for changes and
  the per-question comments a respondent sees (doc/architecture/0007-review.md).
- ``finding_override``: severity changes, dismissals and added findings, each justified;
  at most one in force per finding (a partial unique index on the rows not withdrawn).
- ``note``: internal notes on an assessment or on one of its findings.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "dashb01"
down_revision: str | Sequence[str] | None = "dash01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _assessment_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["assessment_id"], ["assessment.id"],
        name=op.f(f"fk_{table}_assessment_id_assessment"), ondelete="CASCADE",
    )


def _user_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["user_account.id"],
        name=op.f(f"fk_{table}_{column}_user_account"), ondelete="SET NULL",
    )


def upgrade() -> None:
    _create_change_requests()
    _create_comments()
    _create_overrides()
    _create_notes()


def _create_change_requests() -> None:
    op.create_table(
        "review_change_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_by", sa.String(length=254), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        _assessment_fk("review_change_request"),
        _user_fk("review_change_request", "requested_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_change_request")),
    )
    op.create_index(
        op.f("ix_review_change_request_assessment_id"), "review_change_request",
        ["assessment_id"],
    )


def _create_comments() -> None:
    op.create_table(
        "review_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("change_request_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=100), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("answer_value", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("answer_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _assessment_fk("review_comment"),
        sa.ForeignKeyConstraint(
            ["change_request_id"], ["review_change_request.id"],
            name=op.f("fk_review_comment_change_request_id_review_change_request"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invitation_id"], ["invitation.id"],
            name=op.f("fk_review_comment_invitation_id_invitation"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_comment")),
    )
    op.create_index(op.f("ix_review_comment_assessment_id"), "review_comment", ["assessment_id"])
    op.create_index(
        op.f("ix_review_comment_change_request_id"), "review_comment", ["change_request_id"]
    )
    op.create_index(
        "ix_review_comment_invitation_id_request", "review_comment",
        ["invitation_id", "change_request_id"],
    )


def _create_overrides() -> None:
    op.create_table(
        "finding_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("rule_id", sa.String(length=100), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=True),
        sa.Column("original_severity", sa.String(length=16), nullable=True),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("area", sa.String(length=100), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.Column("recommendation", sa.Text(), nullable=True),
        sa.Column("owner", sa.String(length=100), nullable=True),
        sa.Column("effort", sa.String(length=1), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by", sa.String(length=254), nullable=True),
        sa.CheckConstraint("kind IN ('severity', 'dismiss', 'add')",
                           name=op.f("ck_finding_override_kind")),
        sa.CheckConstraint("severity IS NULL OR severity IN ('high', 'medium', 'low')",
                           name=op.f("ck_finding_override_severity")),
        _assessment_fk("finding_override"),
        _user_fk("finding_override", "created_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding_override")),
    )
    op.create_index(
        "uq_finding_override_active", "finding_override", ["assessment_id", "rule_id"],
        unique=True, sqlite_where=sa.text("withdrawn_at IS NULL"),
        postgresql_where=sa.text("withdrawn_at IS NULL"),
    )
    op.create_index(
        "ix_finding_override_assessment_id_created", "finding_override",
        ["assessment_id", "created_at"],
    )


def _create_notes() -> None:
    op.create_table(
        "note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.String(length=100), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("in_report", sa.Boolean(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _assessment_fk("note"),
        _user_fk("note", "author_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note")),
    )
    op.create_index("ix_note_assessment_id_created", "note", ["assessment_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_note_assessment_id_created", table_name="note")
    op.drop_table("note")
    op.drop_index("ix_finding_override_assessment_id_created", table_name="finding_override")
    op.drop_index("uq_finding_override_active", table_name="finding_override")
    op.drop_table("finding_override")
    op.drop_index("ix_review_comment_invitation_id_request", table_name="review_comment")
    op.drop_index(op.f("ix_review_comment_change_request_id"), table_name="review_comment")
    op.drop_index(op.f("ix_review_comment_assessment_id"), table_name="review_comment")
    op.drop_table("review_comment")
    op.drop_index(
        op.f("ix_review_change_request_assessment_id"), table_name="review_change_request"
    )
    op.drop_table("review_change_request")
