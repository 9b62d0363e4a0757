"""The reviewed result of a stored assessment: the one function every reader calls.

``reviewed_result`` reads the stored engine result, every override (in force and
withdrawn: one query), the notes (one query) and the stored approval, and lays the
review over the result with ``assessment.reviewed.apply_review``. The detail page, the
report, the exports, milestones and re-score previews read what it returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.engine import Questionnaire, Result
from assessment.models.assessment import Assessment, Status
from assessment.models.note import Note
from assessment.models.override import FindingOverride, OverrideKind
from assessment.reviewed import (
    AddedFinding,
    OverrideInfo,
    Review,
    ReviewedFinding,
    apply_review,
    in_force,
)
from assessment.services import bank, scoring


@dataclass(frozen=True)
class NoteView:
    """A note as the dashboard shows it."""

    id: int
    rule_id: str | None
    body: str
    in_report: bool
    author: str
    created_at: datetime
    author_id: int | None = None  # who may edit it (services.notes)


@dataclass(frozen=True)
class Approval:
    """Who approved the assessment and when (the approval in force)."""

    by: str
    at: datetime


@dataclass(frozen=True)
class ReviewedResult:
    """An assessment's result as reviewed: what every page, file and report shows."""

    assessment_id: int
    status: str
    result: Result
    review: Review
    findings: tuple[ReviewedFinding, ...]  # dismissed ones included (``dismissed``)
    overrides: Mapping[str, OverrideInfo]  # in force, by finding id
    history: tuple[OverrideInfo, ...]  # every override, newest first
    notes: tuple[NoteView, ...]  # oldest first
    approval: Approval | None

    @property
    def visible(self) -> list[ReviewedFinding]:
        """The findings the client sees (dismissed ones left out), in rule order."""
        return in_force(self.findings)

    @property
    def orphaned(self) -> list[OverrideInfo]:
        """Overrides in force on findings the stored result no longer has (after a re-score)."""
        fired = set(self.result.finding_ids())
        return [o for o in self.overrides.values()
                if o.kind != OverrideKind.ADD.value and o.rule_id not in fired]

    def finding(self, finding_id: str) -> ReviewedFinding | None:
        """One finding by id (dismissed included), or None."""
        return next((f for f in self.findings if f.id == finding_id), None)


def reviewed_result(session: Session, assessment: Assessment,
                    questionnaire: Questionnaire | None = None) -> ReviewedResult | None:
    """The assessment's reviewed result; None before it has been scored."""
    return reviewed_results(session, [assessment], questionnaire).get(assessment.id)


def reviewed_results(session: Session, assessments: Sequence[Assessment],
                     questionnaire: Questionnaire | None = None) -> dict[int, ReviewedResult]:
    """The reviewed results of several scored assessments (two queries for all of them).

    ``questionnaire`` names the roles of added findings; by default each assessment's
    pinned version does.
    """
    scored = [a for a in assessments if a.result]
    ids = [a.id for a in scored]
    rows = _override_rows(session, ids)
    notes = _notes(session, ids)
    return {a.id: _reviewed(a, rows.get(a.id, []), notes.get(a.id, []), questionnaire)
            for a in scored}


def _reviewed(assessment: Assessment, rows: list[FindingOverride], notes: list[NoteView],
              questionnaire: Questionnaire | None) -> ReviewedResult:
    result = scoring.stored_result(assessment)
    assert result is not None
    current = {row.rule_id: row for row in rows if row.withdrawn_at is None}
    infos = {rule: override_info(row) for rule, row in current.items()}
    approval = stored_approval(assessment)
    review = _review(result, current.values(), notes, approval)
    roles = _role_names(questionnaire or bank.pinned_or_none(assessment))
    return ReviewedResult(
        assessment_id=assessment.id, status=assessment.status, result=result, review=review,
        findings=tuple(apply_review(result, review, infos, roles)), overrides=infos,
        history=tuple(override_info(row) for row in sorted(
            rows, key=lambda r: (r.created_at, r.id), reverse=True)),
        notes=tuple(notes), approval=approval,
    )


def stored_approval(assessment: Assessment) -> Approval | None:
    """The approval in force, as stored on the assessment."""
    if assessment.status != Status.APPROVED or assessment.approved_at is None:
        return None
    return Approval(by=assessment.approved_by or "", at=assessment.approved_at)


def override_info(row: FindingOverride) -> OverrideInfo:
    """The plain view of an override row."""
    return OverrideInfo(
        id=row.id, kind=row.kind, rule_id=row.rule_id, severity=row.severity,
        original_severity=row.original_severity, justification=row.justification,
        by=row.created_by, at=row.created_at, withdrawn_at=row.withdrawn_at,
        withdrawn_by=row.withdrawn_by,
    )


def _override_rows(session: Session, ids: Sequence[int]) -> dict[int, list[FindingOverride]]:
    grouped: dict[int, list[FindingOverride]] = {}
    if ids:
        for row in session.scalars(sa.select(FindingOverride).where(
                FindingOverride.assessment_id.in_(ids)).order_by(FindingOverride.id)):
            grouped.setdefault(row.assessment_id, []).append(row)
    return grouped


def notes_of(session: Session, assessment: Assessment) -> list[NoteView]:
    """Every note of the assessment, oldest first (general and on findings)."""
    return _notes(session, [assessment.id]).get(assessment.id, [])


def _notes(session: Session, ids: Sequence[int]) -> dict[int, list[NoteView]]:
    grouped: dict[int, list[NoteView]] = {}
    if ids:
        for n in session.scalars(sa.select(Note).where(Note.assessment_id.in_(ids))
                                 .order_by(Note.created_at, Note.id)):
            grouped.setdefault(n.assessment_id, []).append(
                NoteView(n.id, n.rule_id, n.body, n.in_report, n.author, n.created_at,
                         n.author_id))
    return grouped


def _review(result: Result, current: Iterable[FindingOverride],
            notes: Sequence[NoteView], approval: Approval | None) -> Review:
    rows = list(current)
    fired = set(result.finding_ids())
    return Review(
        reviewed=approval is not None,
        reviewer=approval.by if approval else None,
        reviewed_on=approval.at.date() if approval else None,
        severities={r.rule_id: r.severity for r in rows
                    if r.kind == OverrideKind.SEVERITY and r.severity and r.rule_id in fired},
        dismissed=frozenset(r.rule_id for r in rows
                            if r.kind == OverrideKind.DISMISS and r.rule_id in fired),
        added=tuple(_added(r) for r in rows if r.kind == OverrideKind.ADD),
        notes=report_notes(notes),
    )


def report_notes(notes: Sequence[NoteView]) -> dict[str, str]:
    """Finding id -> the newest note marked for the report."""
    return {n.rule_id: n.body for n in notes if n.in_report and n.rule_id}


def _added(row: FindingOverride) -> AddedFinding:
    return AddedFinding(
        id=row.rule_id, area=row.area or "", severity=row.severity or "medium",
        title=row.title or "", explanation=row.explanation or "",
        recommendation=row.recommendation or "", owner=row.owner or "",
        effort=row.effort or "M", sources=tuple(row.sources or ()),
    )


def _role_names(questionnaire: Questionnaire | None) -> dict[str, Mapping[str, str]]:
    if questionnaire is None:
        return {}
    return {role_id: role.name for role_id, role in questionnaire.roles.items()}
