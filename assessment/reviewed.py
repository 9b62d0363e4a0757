"""The reviewed result: the engine's findings with a consultant's review laid over them.

Plain Python (no Flask, no database), between the engine and the services: ``Review`` is
what a review decided (severities, dismissals, added findings, notes for the report,
the approval), ``apply_review`` lays it over an engine ``Result`` and gives the
``ReviewedFinding`` list every reader uses: the dashboard, the report, the exports,
milestones and re-score previews. ``diff_findings`` is the one comparison of two such
lists. ``services.reviewed`` loads a stored assessment's review from the database.
Everything is optional: an unreviewed assessment reads straight from the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from assessment.engine import Finding, Result
from assessment.engine.text import pick

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


# --- the findings after review ------------------------------------------------------------


@dataclass(frozen=True)
class OverrideInfo:
    """An override as the dashboard shows it (in force or withdrawn)."""

    id: int
    kind: str  # "severity" | "dismiss" | "add"
    rule_id: str
    severity: str | None
    original_severity: str | None
    justification: str
    by: str
    at: datetime
    withdrawn_at: datetime | None
    withdrawn_by: str | None


@dataclass(frozen=True)
class ReviewedFinding:
    """A finding after review, texts in every language (``text`` picks one).

    ``original_severity`` is the rules' severity (None for a consultant's own finding);
    ``dismissed`` findings stay in the list for the dashboard and are left out elsewhere.
    """

    id: str
    area: str
    areas: tuple[str, ...]
    severity: str
    original_severity: str | None
    dismissed: bool
    added: bool
    title: Mapping[str, str]
    explanation: Mapping[str, str]
    recommendation: Mapping[str, str]
    owner: str
    owner_name: Mapping[str, str]
    effort: str
    sources: tuple[str, ...]
    note: str | None = None
    override: OverrideInfo | None = None

    @property
    def changed(self) -> bool:
        """True when the review changed this finding (severity, dismissal or addition)."""
        return self.added or self.dismissed or self.severity != self.original_severity


def text(mapping: Mapping[str, str], language: str, default: str) -> str:
    """A finding's text in ``language`` (else the default language, else any)."""
    return pick(mapping, language, default)


def apply_review(
    result: Result, review: Review, overrides: Mapping[str, OverrideInfo] | None = None,
    role_names: Mapping[str, Mapping[str, str]] | None = None,
) -> list[ReviewedFinding]:
    """The engine's findings in rule order with the review applied, then the added ones.

    Severities and dismissals of findings the result does not have are ignored (a
    re-score can leave an override without its finding).
    """
    overrides = overrides or {}
    rows = [_engine(f, review, overrides.get(f.rule)) for f in result.findings]
    rows += [_added(a, review, overrides.get(a.id), role_names or {}) for a in review.added]
    return rows


def in_force(findings: Iterable[ReviewedFinding]) -> list[ReviewedFinding]:
    """The findings the client sees: every one not dismissed."""
    return [f for f in findings if not f.dismissed]


def _engine(finding: Finding, review: Review, override: OverrideInfo | None
            ) -> ReviewedFinding:
    return ReviewedFinding(
        id=finding.rule, area=finding.area,
        areas=tuple(dict.fromkeys((finding.area, *finding.areas))),
        severity=review.severities.get(finding.rule, finding.severity),
        original_severity=finding.severity, dismissed=finding.rule in review.dismissed,
        added=False, title=finding.title, explanation=finding.explanation,
        recommendation=finding.recommendation, owner=finding.owner,
        owner_name=finding.owner_name or {"": finding.owner}, effort=finding.effort,
        sources=tuple(finding.sources), note=review.notes.get(finding.rule), override=override,
    )


def _added(added: AddedFinding, review: Review, override: OverrideInfo | None,
           role_names: Mapping[str, Mapping[str, str]]) -> ReviewedFinding:
    return ReviewedFinding(
        id=added.id, area=added.area, areas=(added.area,), severity=added.severity,
        original_severity=None, dismissed=False, added=True, title={"": added.title},
        explanation={"": added.explanation}, recommendation={"": added.recommendation},
        owner=added.owner, owner_name=role_names.get(added.owner) or {"": added.owner},
        effort=added.effort, sources=added.sources, note=review.notes.get(added.id),
        override=override,
    )


# --- comparing two lists of findings -------------------------------------------------------


@dataclass(frozen=True)
class FindingChange:
    """A finding that appeared, disappeared or stayed between two results."""

    id: str
    area: str
    title: Mapping[str, str]
    change: str  # "added" | "removed" | "kept"
    before_severity: str | None
    after_severity: str | None

    @property
    def severity_changed(self) -> bool:
        """True when the finding stayed with another severity."""
        return self.change == "kept" and self.before_severity != self.after_severity


CHANGE_ORDER = {"added": 0, "removed": 1, "kept": 2}


def diff_findings(before: Iterable[ReviewedFinding], after: Iterable[ReviewedFinding],
                  ) -> list[FindingChange]:
    """Findings in force after vs before, matched by rule: added, removed, then kept.

    Serves both the milestones comparison and the re-score preview.
    """
    old = {_key(f, "before"): f for f in in_force(before)}
    new = {_key(f, "after"): f for f in in_force(after)}
    changes = []
    for key in dict.fromkeys([*new, *old]):
        was, now = old.get(key), new.get(key)
        shown = now or was
        assert shown is not None
        change = "kept" if was and now else "added" if now else "removed"
        changes.append(FindingChange(shown.id, shown.area, shown.title, change,
                                     was.severity if was else None,
                                     now.severity if now else None))
    return sorted(changes, key=lambda c: CHANGE_ORDER[c.change])


def _key(finding: ReviewedFinding, side: str) -> str:
    """Rule findings match by rule; a consultant's own finding (REV-n) matches nothing."""
    return f"{side}/{finding.id}" if finding.added else finding.id
