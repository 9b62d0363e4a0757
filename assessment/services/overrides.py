"""Overrides of the engine's findings: change a severity, dismiss, or add a finding.

Each needs a justification. The engine's result is never changed: ``services.reviewed``
lays the overrides in force over the stored result, keeping the original severity in
view, for every reader. An override is never edited or deleted: a newer one on the same
finding, or a withdrawal, ends it (``withdrawn_at``), so the history stays complete.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.assessment import Assessment
from assessment.models.override import FindingOverride, OverrideKind
from assessment.models.types import utcnow
from assessment.reviewed import EFFORTS, SEVERITIES
from assessment.services import assessments, audit, scoring
from assessment.services.audit import Staff
from assessment.services.errors import N_, DomainError

if TYPE_CHECKING:
    from assessment.engine import Finding, Questionnaire, Result

ADDED_PREFIX = "REV-"
MAX_JUSTIFICATION = 4000
MAX_TITLE = 200
MAX_TEXT = 4000


class OverrideError(DomainError):
    """An override was refused; ``field`` names the form field it concerns."""


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
        raise OverrideError(N_("Choose high, medium or low."), "severity")
    if severity == finding.severity:
        raise OverrideError(
            N_("That is the severity the rules gave. Withdraw the override to go back to it."),
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
        raise OverrideError(N_("There is no such override on this assessment."))
    if override.withdrawn_at is not None:
        raise OverrideError(N_("This override was already withdrawn."))
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
        raise OverrideError(N_("The assessment has not been scored yet: nothing to review."))
    return result


def _engine_finding(assessment: Assessment, rule_id: str) -> Finding:
    result = _require_result(assessment)
    for finding in result.findings:
        if finding.rule == rule_id:
            return finding
    raise OverrideError(N_("%(rule)s is not among this assessment's findings.", rule=rule_id))


def _justification(text: str) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise OverrideError(N_("Give a justification: it is kept with the override."),
                            "justification")
    if len(cleaned) > MAX_JUSTIFICATION:
        raise OverrideError(N_("The justification has %(length)d characters; at most %(max)d.",
                              length=len(cleaned), max=MAX_JUSTIFICATION), "justification")
    return cleaned


def _text(text: str, limit: int, field: str) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise OverrideError(N_("This field is required."), field)
    if len(cleaned) > limit:
        raise OverrideError(N_("This has %(length)d characters; at most %(max)d.",
                              length=len(cleaned), max=limit), field)
    return cleaned


def _choice(value: str, allowed: Sequence[str], field: str) -> str:
    if value not in allowed:
        raise OverrideError(N_("Choose one of the offered values."), field)
    return value


def _added_count(session: Session, assessment: Assessment) -> int:
    return session.scalar(
        sa.select(sa.func.count()).select_from(FindingOverride).where(
            FindingOverride.assessment_id == assessment.id,
            FindingOverride.kind == OverrideKind.ADD.value,
        )
    ) or 0


def _in_force(session: Session, assessment: Assessment) -> dict[str, FindingOverride]:
    rows = session.scalars(
        sa.select(FindingOverride)
        .where(FindingOverride.assessment_id == assessment.id,
               FindingOverride.withdrawn_at.is_(None))
        .order_by(FindingOverride.id)
    )
    return {row.rule_id: row for row in rows}
