"""Overrides of the engine's findings: change a severity, dismiss, or add a finding.

Each needs a justification. The engine's result is never changed: ``reviewed_findings``
lays the overrides in force over the stored result, keeping the original severity in
view, and ``review_for_report`` hands the same to the report (``reports.Review``).
An override is never edited or deleted: a newer one on the same finding, or a withdrawal,
ends it (``withdrawn_at``), so the history of the review stays complete.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import has_request_context
from flask_babel import gettext
from sqlalchemy.orm import Session

from assessment.engine.text import pick
from assessment.models.assessment import Assessment
from assessment.models.override import FindingOverride, OverrideKind
from assessment.models.types import utcnow
from assessment.services import assessments, audit, bank, scoring
from assessment.services.audit import Staff

if TYPE_CHECKING:
    from assessment.engine import Finding, Questionnaire, Result
    from assessment.reviewed import AddedFinding as ReportAddedFinding
    from assessment.reviewed import Review as ReportReview

SEVERITIES = ("high", "medium", "low")
EFFORTS = ("S", "M", "L")
ADDED_PREFIX = "REV-"
MAX_JUSTIFICATION = 4000
MAX_TITLE = 200
MAX_TEXT = 4000


def _(message: str, **params: object) -> str:
    """Translate in a request (the consultant's language), else keep English (CLI, tests)."""
    if has_request_context():
        return str(gettext(message, **params))
    return message % params if params else message


class OverrideError(ValueError):
    """An override was refused; ``field`` names the form field it concerns."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class OverrideInfo:
    """An override as the dashboard shows it (in force or withdrawn)."""

    id: int
    kind: str
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
    """A finding after review, in one language, with the engine's original kept in view."""

    id: str
    area: str
    severity: str
    original_severity: str | None
    dismissed: bool
    added: bool
    title: str
    explanation: str
    recommendation: str
    owner: str
    owner_name: str
    effort: str
    sources: tuple[str, ...]
    override: OverrideInfo | None

    @property
    def changed(self) -> bool:
        """True when an override is in force on this finding."""
        return self.override is not None


@dataclass(frozen=True)
class AddedFindingInput:
    """What a consultant types to add a finding of their own."""

    area: str
    severity: str
    title: str
    explanation: str
    recommendation: str
    owner: str
    effort: str
    sources: Sequence[str] = ()


# --- making and withdrawing overrides -------------------------------------------------


def change_severity(
    session: Session, assessment: Assessment, rule_id: str, severity: str,
    justification: str, user: Staff,
) -> FindingOverride:
    """Give an engine finding another severity. Flushes only."""
    finding = _engine_finding(assessment, rule_id)
    if severity not in SEVERITIES:
        raise OverrideError(_("Choose high, medium or low."), "severity")
    if severity == finding.severity:
        raise OverrideError(
            _("That is the severity the rules gave. Withdraw the override to go back to it."),
            "severity",
        )
    return _replace(session, assessment, user, FindingOverride(
        kind=OverrideKind.SEVERITY.value, rule_id=rule_id, severity=severity,
        original_severity=finding.severity, justification=_justification(justification),
    ))


def dismiss(
    session: Session, assessment: Assessment, rule_id: str, justification: str, user: Staff
) -> FindingOverride:
    """Leave an engine finding out of the reviewed result. Flushes only."""
    finding = _engine_finding(assessment, rule_id)
    return _replace(session, assessment, user, FindingOverride(
        kind=OverrideKind.DISMISS.value, rule_id=rule_id, original_severity=finding.severity,
        justification=_justification(justification),
    ))


def add_finding(
    session: Session, assessment: Assessment, questionnaire: Questionnaire,
    data: AddedFindingInput, justification: str, user: Staff,
) -> FindingOverride:
    """Add a finding of the consultant's own (id ``REV-<n>``). Flushes only."""
    _require_result(assessment)
    override = FindingOverride(
        kind=OverrideKind.ADD.value, severity=_choice(data.severity, SEVERITIES, "severity"),
        justification=_justification(justification),
        area=_choice(data.area, questionnaire.area_ids, "area"),
        title=_text(data.title, MAX_TITLE, "title"),
        explanation=_text(data.explanation, MAX_TEXT, "explanation"),
        recommendation=_text(data.recommendation, MAX_TEXT, "recommendation"),
        owner=_choice(data.owner, list(questionnaire.roles), "owner"),
        effort=_choice(data.effort, EFFORTS, "effort"),
        sources=[_choice(s, list(questionnaire.sources), "sources") for s in data.sources],
    )
    assessments.lock(session, assessment)
    override.rule_id = f"{ADDED_PREFIX}{_added_count(session, assessment) + 1}"
    return _store(session, assessment, user, override)


def withdraw(session: Session, assessment: Assessment, override_id: int, user: Staff) -> None:
    """End an override in force; the finding goes back to what the rules said. Flushes only."""
    override = session.get(FindingOverride, override_id)
    if override is None or override.assessment_id != assessment.id:
        raise OverrideError(_("There is no such override on this assessment."))
    if override.withdrawn_at is not None:
        raise OverrideError(_("This override was already withdrawn."))
    _end(override, user)
    audit.record(session, "override.withdrawn", assessment=assessment,
                 actor=audit.actor_label(user),
                 details={"override_id": override.id, "kind": override.kind,
                          "rule": override.rule_id})
    session.flush()


def _replace(
    session: Session, assessment: Assessment, user: Staff, override: FindingOverride
) -> FindingOverride:
    """Store the override, withdrawing the one in force on the same finding first."""
    assessments.lock(session, assessment)
    current = _in_force(session, assessment).get(override.rule_id)
    if current is not None:
        _end(current, user)
        session.flush()  # the unique index allows one override in force per finding
    return _store(session, assessment, user, override)


def _store(
    session: Session, assessment: Assessment, user: Staff, override: FindingOverride
) -> FindingOverride:
    override.assessment_id = assessment.id
    override.created_by_id = user.id
    override.created_by = user.email
    override.created_at = utcnow()
    session.add(override)
    session.flush()
    audit.record(
        session, f"override.{override.kind}", assessment=assessment, actor=audit.actor_label(user),
        details={"override_id": override.id, "rule": override.rule_id,
                 "severity": override.severity, "original_severity": override.original_severity,
                 "justification": override.justification},
    )
    session.flush()
    return override


def _end(override: FindingOverride, user: Staff) -> None:
    override.withdrawn_at = utcnow()
    override.withdrawn_by = user.email



def _require_result(assessment: Assessment) -> Result:
    result = scoring.stored_result(assessment)
    if result is None:
        raise OverrideError(_("The assessment has not been scored yet: nothing to review."))
    return result


def _engine_finding(assessment: Assessment, rule_id: str) -> Finding:
    result = _require_result(assessment)
    for finding in result.findings:
        if finding.rule == rule_id:
            return finding
    raise OverrideError(_("%(rule)s is not among this assessment's findings.", rule=rule_id))


def _justification(text: str) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise OverrideError(_("Give a justification: it is kept with the override."),
                            "justification")
    if len(cleaned) > MAX_JUSTIFICATION:
        raise OverrideError(_("The justification has %(length)d characters; at most %(max)d.",
                              length=len(cleaned), max=MAX_JUSTIFICATION), "justification")
    return cleaned


def _text(text: str, limit: int, field: str) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise OverrideError(_("This field is required."), field)
    if len(cleaned) > limit:
        raise OverrideError(_("This has %(length)d characters; at most %(max)d.",
                              length=len(cleaned), max=limit), field)
    return cleaned


def _choice(value: str, allowed: Sequence[str], field: str) -> str:
    if value not in allowed:
        raise OverrideError(_("Choose one of the offered values."), field)
    return value


def _added_count(session: Session, assessment: Assessment) -> int:
    return session.scalar(
        sa.select(sa.func.count()).select_from(FindingOverride).where(
            FindingOverride.assessment_id == assessment.id,
            FindingOverride.kind == OverrideKind.ADD.value,
        )
    ) or 0


# --- reading ------------------------------------------------------------------------------


def _in_force(session: Session, assessment: Assessment) -> dict[str, FindingOverride]:
    rows = session.scalars(
        sa.select(FindingOverride)
        .where(FindingOverride.assessment_id == assessment.id,
               FindingOverride.withdrawn_at.is_(None))
        .order_by(FindingOverride.id)
    )
    return {row.rule_id: row for row in rows}


def info(override: FindingOverride) -> OverrideInfo:
    """The plain view of an override row."""
    return OverrideInfo(
        id=override.id, kind=override.kind, rule_id=override.rule_id, severity=override.severity,
        original_severity=override.original_severity, justification=override.justification,
        by=override.created_by, at=override.created_at, withdrawn_at=override.withdrawn_at,
        withdrawn_by=override.withdrawn_by,
    )


def history(session: Session, assessment: Assessment) -> list[OverrideInfo]:
    """Every override ever made on the assessment, newest first."""
    rows = session.scalars(
        sa.select(FindingOverride).where(FindingOverride.assessment_id == assessment.id)
        .order_by(FindingOverride.created_at.desc(), FindingOverride.id.desc())
    )
    return [info(row) for row in rows]


def in_force(session: Session, assessment: Assessment) -> dict[str, OverrideInfo]:
    """The overrides in force, by finding id."""
    return {rule: info(row) for rule, row in _in_force(session, assessment).items()}


def reviewed_findings(
    session: Session, assessment: Assessment, language: str,
    questionnaire: Questionnaire | None = None,
) -> list[ReviewedFinding]:
    """The stored findings with the overrides in force laid over them, then added ones.

    Dismissed findings stay in the list (``dismissed``) so the dashboard can show them;
    the report leaves them out. Overrides of findings the rules no longer raise are ignored
    (``orphaned`` lists them).
    """
    result = scoring.stored_result(assessment)
    if result is None:
        return []
    if questionnaire is None:
        questionnaire = _pinned_or_none(assessment)
    overrides = in_force(session, assessment)
    rows = [_reviewed(f, overrides.get(f.rule), result, language) for f in result.findings]
    rows += [
        _added(row, questionnaire, result.default_language, language)
        for row in _in_force(session, assessment).values()
        if row.kind == OverrideKind.ADD.value
    ]
    return rows


def _pinned_or_none(assessment: Assessment) -> Questionnaire | None:
    """The pinned questionnaire, or None when the bank no longer has it (names fall back)."""
    try:
        return bank.questionnaire_for(assessment)
    except bank.PinnedVersionError:
        return None


def orphaned(session: Session, assessment: Assessment) -> list[OverrideInfo]:
    """Overrides in force on findings the stored result no longer has (after a re-score)."""
    result = scoring.stored_result(assessment)
    fired = set(result.finding_ids()) if result else set()
    return [
        item for item in in_force(session, assessment).values()
        if item.kind != OverrideKind.ADD.value and item.rule_id not in fired
    ]


def _reviewed(finding: Finding, override: OverrideInfo | None, result: Result, language: str
              ) -> ReviewedFinding:
    def text(mapping: Mapping[str, str]) -> str:
        return pick(mapping, language, result.default_language)

    severity = finding.severity
    if override is not None and override.kind == OverrideKind.SEVERITY and override.severity:
        severity = override.severity
    return ReviewedFinding(
        id=finding.rule, area=finding.area, severity=severity,
        original_severity=finding.severity,
        dismissed=override is not None and override.kind == OverrideKind.DISMISS,
        added=False, title=text(finding.title), explanation=text(finding.explanation),
        recommendation=text(finding.recommendation), owner=finding.owner,
        owner_name=text(finding.owner_name) or finding.owner, effort=finding.effort,
        sources=tuple(finding.sources), override=override,
    )


def _added(row: FindingOverride, questionnaire: Questionnaire | None, default_language: str,
           language: str) -> ReviewedFinding:
    role = questionnaire.roles.get(row.owner or "") if questionnaire else None
    owner_name = pick(role.name, language, default_language) if role else (row.owner or "")
    return ReviewedFinding(
        id=row.rule_id, area=row.area or "", severity=row.severity or "medium",
        original_severity=None, dismissed=False, added=True, title=row.title or "",
        explanation=row.explanation or "", recommendation=row.recommendation or "",
        owner=row.owner or "", owner_name=owner_name, effort=row.effort or "M",
        sources=tuple(row.sources or ()), override=info(row),
    )


# --- the report's view ----------------------------------------------------------------


def review_for_report(session: Session, assessment: Assessment) -> ReportReview:
    """The reviewed result as the report takes it: overrides in force, notes, the approval.

    ``reviewed`` is true once the assessment is approved (the report then names the
    approver and the date); overrides apply whether or not it is approved yet.
    """
    from assessment.reviewed import Review
    from assessment.services import notes, review

    approved = review.approval(session, assessment)
    result = scoring.stored_result(assessment)
    fired = set(result.finding_ids()) if result else set()
    rows = list(_in_force(session, assessment).values())
    return Review(
        reviewed=approved is not None,
        reviewer=approved.by if approved else None,
        reviewed_on=approved.at.date() if approved else None,
        severities={r.rule_id: r.severity for r in rows
                    if r.kind == OverrideKind.SEVERITY and r.severity and r.rule_id in fired},
        dismissed=frozenset(r.rule_id for r in rows
                            if r.kind == OverrideKind.DISMISS and r.rule_id in fired),
        added=tuple(_report_added(r) for r in rows if r.kind == OverrideKind.ADD),
        notes=notes.for_report(session, assessment),
    )


def _report_added(row: FindingOverride) -> ReportAddedFinding:
    from assessment.reviewed import AddedFinding

    return AddedFinding(
        id=row.rule_id, area=row.area or "", severity=row.severity or "medium",
        title=row.title or "", explanation=row.explanation or "",
        recommendation=row.recommendation or "", owner=row.owner or "",
        effort=row.effort or "M", sources=tuple(row.sources or ()),
    )
