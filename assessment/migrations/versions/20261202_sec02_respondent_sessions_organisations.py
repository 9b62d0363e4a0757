"""respondent sessions and organisations visible only to those who may see them

Revision ID: sec02
Revises: sec01
Create Date: 2026-12-02 19:35:00
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "sec02"
down_revision: str | Sequence[str] | None = "sec01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
