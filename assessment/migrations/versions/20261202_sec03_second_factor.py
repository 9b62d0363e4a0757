"""second factor (TOTP) and recovery codes for staff accounts

Revision ID: sec03
Revises: sec02
Create Date: 2026-12-02 19:35:00
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "sec03"
down_revision: str | Sequence[str] | None = "sec02"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
