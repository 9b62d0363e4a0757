"""password reset links and the account lock-out state

Revision ID: sec04
Revises: sec03
Create Date: 2026-12-02 19:35:00
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "sec04"
down_revision: str | Sequence[str] | None = "sec03"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
