"""A consultant's override of the engine's findings: a new severity, a dismissal, or a
finding of their own, each with a justification. Never updated in place: a newer override
of the same finding withdraws the older one, so the history stays readable."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from assessment.models.base import Base
from assessment.models.types import UTCDateTime, utcnow


class OverrideKind(enum.StrEnum):
    """What the override does to the finding ``rule_id``."""

    SEVERITY = "severity"
    DISMISS = "dismiss"
    ADD = "add"


class FindingOverride(Base):
    """One override. ``rule_id`` is the engine's rule id, or the id given to an added finding.

    ``original_severity`` is the engine's severity when the override was made (None for an
    added finding). The fields ``area`` .. ``sources`` describe an added finding only.
    """

    __tablename__ = "finding_override"
    __table_args__ = (
        CheckConstraint(
            "kind IN ({})".format(", ".join(f"'{k.value}'" for k in OverrideKind)), name="kind"
        ),
        CheckConstraint("severity IS NULL OR severity IN ('high', 'medium', 'low')",
                        name="severity"),
        # At most one override in force per finding.
        Index(
            "uq_finding_override_active", "assessment_id", "rule_id", unique=True,
            sqlite_where=text("withdrawn_at IS NULL"),
            postgresql_where=text("withdrawn_at IS NULL"),
        ),
        Index("ix_finding_override_assessment_id_created", "assessment_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    rule_id: Mapped[str] = mapped_column(String(100))
    severity: Mapped[str | None] = mapped_column(String(16))
    original_severity: Mapped[str | None] = mapped_column(String(16))
    justification: Mapped[str] = mapped_column(Text)
    area: Mapped[str | None] = mapped_column(String(100))
    title: Mapped[str | None] = mapped_column(Text)
    explanation: Mapped[str | None] = mapped_column(Text)
    recommendation: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(100))
    effort: Mapped[str | None] = mapped_column(String(1))
    sources: Mapped[list[str] | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_by: Mapped[str | None] = mapped_column(String(254))

    @property
    def active(self) -> bool:
        """True while the override is in force."""
        return self.withdrawn_at is None

    def __repr__(self) -> str:
        return f"<FindingOverride {self.id} {self.kind} {self.rule_id} a={self.assessment_id}>"
