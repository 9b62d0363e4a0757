"""A consultant's review of an assessment's findings, as the report takes it in.

The dashboard stores these overrides; the report applies them. Everything is
optional: an unreviewed assessment is reported straight from the engine's result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

SEVERITIES = ("high", "medium", "low")
EFFORTS = ("S", "M", "L")


class ReviewError(ValueError):
    """Review overrides that cannot be applied (unknown severity, effort, ...)."""


@dataclass(frozen=True)
class AddedFinding:
    """A finding a consultant added by hand, written in the report's language."""

    id: str
    area: str
    severity: str
    title: str
    explanation: str
    recommendation: str
    owner: str
    effort: str
    sources: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_severity(self.severity, self.id)
        if self.effort not in EFFORTS:
            raise ReviewError(f"added finding {self.id}: effort must be one of S, M, L")


@dataclass(frozen=True)
class Review:
    """Overrides on the engine's findings: severities, dismissals, additions, notes."""

    reviewed: bool = False
    reviewer: str | None = None
    reviewed_on: date | None = None
    severities: Mapping[str, str] = field(default_factory=dict)
    dismissed: frozenset[str] = frozenset()
    added: tuple[AddedFinding, ...] = ()
    notes: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for rule_id, severity in self.severities.items():
            _check_severity(severity, rule_id)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form (sorted, so it hashes the same every time)."""
        return {
            "reviewed": self.reviewed,
            "reviewer": self.reviewer,
            "reviewed_on": self.reviewed_on.isoformat() if self.reviewed_on else None,
            "severities": dict(sorted(self.severities.items())),
            "dismissed": sorted(self.dismissed),
            "added": [_added_dict(item) for item in self.added],
            "notes": dict(sorted(self.notes.items())),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Review:
        """Build from the stored JSON form; missing keys mean no override."""
        if not data:
            return cls()
        reviewed_on = data.get("reviewed_on")
        return cls(
            reviewed=bool(data.get("reviewed", False)),
            reviewer=data.get("reviewer"),
            reviewed_on=date.fromisoformat(reviewed_on) if reviewed_on else None,
            severities=dict(data.get("severities") or {}),
            dismissed=frozenset(data.get("dismissed") or ()),
            added=tuple(_added_from(item) for item in data.get("added") or ()),
            notes=dict(data.get("notes") or {}),
        )


def _check_severity(severity: str, finding_id: str) -> None:
    if severity not in SEVERITIES:
        raise ReviewError(
            f"finding {finding_id}: severity {severity!r} is not one of high, medium, low"
        )


def _added_dict(item: AddedFinding) -> dict[str, Any]:
    return {
        "id": item.id, "area": item.area, "severity": item.severity, "title": item.title,
        "explanation": item.explanation, "recommendation": item.recommendation,
        "owner": item.owner, "effort": item.effort, "sources": list(item.sources),
    }


def _added_from(data: Mapping[str, Any]) -> AddedFinding:
    try:
        return AddedFinding(
            id=str(data["id"]), area=str(data["area"]), severity=str(data["severity"]),
            title=str(data["title"]), explanation=str(data.get("explanation", "")),
            recommendation=str(data.get("recommendation", "")), owner=str(data["owner"]),
            effort=str(data.get("effort", "M")), sources=tuple(data.get("sources") or ()),
        )
    except KeyError as missing:
        raise ReviewError(f"added finding is missing {missing.args[0]!r}: {dict(data)}") from None
