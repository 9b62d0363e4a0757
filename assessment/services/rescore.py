"""Re-scoring on request when the question bank or its rules move to a new version.

An assessment is pinned to the questionnaire version it started with and is never
re-scored silently (``services/bank.py``). When the bank holds a newer version (or the
pinned one was changed in place, or removed), a consultant previews what re-scoring would
change — overall and per-area scores and bands, findings added, removed or changed in
severity, overrides that would no longer apply, and stored answers the new version does
not accept (they are kept, but no longer count) — and then applies exactly that preview:
``apply`` refuses if the bank or the answers changed since (``token``). Applying re-pins
the assessment, scores it, withdraws an approval (the approved result is gone) and writes
the whole difference to the audit log.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.engine import Result, check_answers, evaluate
from assessment.models.assessment import Assessment, Status
from assessment.models.organisation import Organisation
from assessment.reviewed import FindingChange, apply_review, diff_findings
from assessment.services import (
    access,
    assessments,
    audit,
    bank,
    review,
    scoring,
    stored_answers,
)
from assessment.services.audit import Staff, actor_label
from assessment.services.errors import N_, DomainError, Gettext
from assessment.services.milestones import ScoreChange
from assessment.services.reviewed import ReviewedResult, reviewed_result

if TYPE_CHECKING:
    from assessment.engine import Questionnaire

PAGE_SIZE = 50



class RescoreError(DomainError):
    """A re-score was refused; the message says why."""


@dataclass(frozen=True)
class Version:
    """A questionnaire version as pinned or offered."""

    questionnaire_id: str
    version: str
    rules_version: str
    fingerprint: str

    def label(self) -> str:
        """'1.0.0 (rules 1.2.0)'."""
        return f"{self.version} (rules {self.rules_version})"


@dataclass(frozen=True)
class AnswerProblem:
    """A stored answer the new version does not accept (kept, but no longer counted)."""

    question_id: str
    message: str


@dataclass(frozen=True)
class Preview:
    """What re-scoring one assessment on ``target`` would change."""

    assessment_id: int
    source: Version
    target: Version
    pinned_available: bool
    scored: bool
    overall: ScoreChange
    areas: tuple[ScoreChange, ...]
    findings: tuple[FindingChange, ...]
    answer_problems: tuple[AnswerProblem, ...]
    orphaned_overrides: tuple[str, ...]
    withdraws_approval: bool
    token: str

    @property
    def changes_anything(self) -> bool:
        """True when the score, bands or findings would differ."""
        moved = [c for c in (self.overall, *self.areas)
                 if (c.before_score, c.before_band) != (c.after_score, c.after_band)]
        return bool(moved or self.findings)

    def summary(self) -> dict[str, Any]:
        """The difference as audit details (plain JSON)."""
        return {
            "from": asdict(self.source), "to": asdict(self.target),
            "overall": asdict(self.overall), "areas": [asdict(a) for a in self.areas],
            "findings": [asdict(f) for f in self.findings],
            "answer_problems": [asdict(p) for p in self.answer_problems],
            "orphaned_overrides": list(self.orphaned_overrides),
            "withdrew_approval": self.withdraws_approval,
        }


def pinned_version(assessment: Assessment) -> Version:
    """The version the assessment is pinned to."""
    return Version(assessment.questionnaire_id, assessment.questionnaire_version,
                   assessment.rules_version, assessment.questionnaire_fingerprint)


def _version(questionnaire: Questionnaire) -> Version:
    return Version(questionnaire.id, questionnaire.version, questionnaire.rules_version,
                   questionnaire.fingerprint)


def target_for(assessment: Assessment) -> Questionnaire | None:
    """The questionnaire a re-score would use, or None when the assessment is up to date."""
    newest = bank.latest(assessment.questionnaire_id)
    if _version(newest) == pinned_version(assessment):
        return None
    return newest


def preview(session: Session, assessment: Assessment) -> Preview | None:
    """What re-scoring on the newest version would change; None when up to date."""
    target = target_for(assessment)
    if target is None:
        return None
    values = stored_answers.values(session, assessment)
    reviewed = reviewed_result(session, assessment)
    before = reviewed.result if reviewed else None
    after = evaluate(target, values) if before is not None else None
    return Preview(
        assessment_id=assessment.id, source=pinned_version(assessment), target=_version(target),
        pinned_available=_pinned_available(assessment), scored=before is not None,
        overall=_overall(before, after), areas=_areas(before, after, target),
        findings=_finding_changes(reviewed, after),
        answer_problems=_problems(target, values),
        orphaned_overrides=_orphaned(reviewed, after),
        withdraws_approval=assessment.status == Status.APPROVED,
        token=_token(assessment, target, values),
    )


def apply(session: Session, assessment: Assessment, user: Staff, token: str,
          gettext: Gettext = str) -> Preview:
    """Re-pin and re-score exactly as previewed (``token``); RescoreError otherwise.

    An approval is withdrawn with a reason written by ``gettext`` (the consultant's language).

    Flushes only.
    """
    assessments.lock(session, assessment)
    seen = preview(session, assessment)
    if seen is None:
        raise RescoreError(N_("This assessment already uses the newest questionnaire."))
    if seen.token != token:
        raise RescoreError(N_("The question bank or the answers changed since you looked at "
                             "the changes. Look at them again before re-scoring."))
    if seen.withdraws_approval:
        reason = N_("Re-scored on version %(v)s.", v=seen.target.label())
        review.reopen(session, assessment, user, reason=reason.translate(gettext),
                      keep_release=True)
    target = bank.current_bank().get(seen.target.questionnaire_id, seen.target.version)
    bank.pin(assessment, target)
    values = stored_answers.values(session, assessment)
    if seen.scored:
        scoring.score(session, assessment, questionnaire=target, actor=actor_label(user))
    assessments.refresh_summary(assessment, target, values)
    audit.record(session, "assessment.rescored", assessment=assessment,
                 actor=actor_label(user), details=seen.summary())
    session.flush()
    return seen


def _pinned_available(assessment: Assessment) -> bool:
    try:
        bank.questionnaire_for(assessment)
    except bank.PinnedVersionError:
        return False
    return True


def _token(assessment: Assessment, target: Questionnaire, values: dict[str, Any]) -> str:
    parts = [assessment.questionnaire_fingerprint, target.fingerprint,
             scoring.answers_digest(values)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def _overall(before: Result | None, after: Result | None) -> ScoreChange:
    old = before.overall if before else None
    new = after.overall if after else None
    return ScoreChange("overall", old.score if old else None, old.band if old else None,
                       new.score if new else None, new.band if new else None)


def _areas(before: Result | None, after: Result | None, target: Questionnaire
           ) -> tuple[ScoreChange, ...]:
    if before is None or after is None:
        return ()
    ids = list(dict.fromkeys([*target.area_ids, *before.areas]))
    changes = []
    for area_id in ids:
        old, new = before.areas.get(area_id), after.areas.get(area_id)
        changes.append(ScoreChange(area_id, old.score if old else None, old.band if old else None,
                                   new.score if new else None, new.band if new else None))
    return tuple(changes)


def _finding_changes(reviewed: ReviewedResult | None, after: Result | None
                     ) -> tuple[FindingChange, ...]:
    """The reviewed findings now against the new result with the same review laid over."""
    if reviewed is None or after is None:
        return ()
    new = apply_review(after, reviewed.review, reviewed.overrides)
    return tuple(c for c in diff_findings(reviewed.findings, new)
                 if c.change != "kept" or c.severity_changed)


def _orphaned(reviewed: ReviewedResult | None, after: Result | None) -> tuple[str, ...]:
    if after is None or reviewed is None:
        return ()
    fired = set(after.finding_ids())
    return tuple(sorted(
        item.rule_id for item in reviewed.overrides.values()
        if item.kind != "add" and item.rule_id not in fired
    ))


def _problems(target: Questionnaire, values: dict[str, Any]) -> tuple[AnswerProblem, ...]:
    return tuple(AnswerProblem(e.question_id, e.message) for e in check_answers(target, values))


# --- the overview -----------------------------------------------------------------------


@dataclass(frozen=True)
class Outdated:
    """An assessment pinned to something other than the newest version."""

    assessment_id: int
    organisation: str
    status: str
    pinned: Version
    newest: Version


def outdated(session: Session, user: access.Principal, page: int = 1
             ) -> tuple[list[Outdated], int]:
    """The assessments the user may change whose version is not the newest, and their count."""
    if not access.may_open_listed(user):
        return [], 0
    stale = _stale_versions(session, user)
    if not stale:
        return [], 0
    condition = sa.or_(*[_pinned_to(version) for version in stale])
    base = sa.select(Assessment.id).where(access.listable_clause(user), condition)
    total = session.scalar(sa.select(sa.func.count()).select_from(base.subquery())) or 0
    rows = session.execute(
        sa.select(Assessment, Organisation.name)
        .join(Organisation, Organisation.id == Assessment.organisation_id)
        .where(access.listable_clause(user), condition)
        .order_by(Assessment.id.desc()).limit(PAGE_SIZE).offset((max(page, 1) - 1) * PAGE_SIZE)
    )
    return [
        Outdated(a.id, name, a.status, pinned_version(a), stale[pinned_version(a)])
        for a, name in rows
    ], total


def _stale_versions(session: Session, user: access.Principal) -> dict[Version, Version]:
    """Each distinct pinned version in use that is not the newest, with the newest."""
    rows = session.execute(
        sa.select(Assessment.questionnaire_id, Assessment.questionnaire_version,
                  Assessment.rules_version, Assessment.questionnaire_fingerprint)
        .where(access.listable_clause(user)).distinct()
    )
    stale: dict[Version, Version] = {}
    for row in rows:
        pinned = Version(*row)
        try:
            newest = _version(bank.latest(pinned.questionnaire_id))
        except LookupError:
            continue  # no version of it at all: nothing to re-score with
        if newest != pinned:
            stale[pinned] = newest
    return stale


def _pinned_to(version: Version) -> sa.ColumnElement[bool]:
    return sa.and_(
        Assessment.questionnaire_id == version.questionnaire_id,
        Assessment.questionnaire_version == version.version,
        Assessment.rules_version == version.rules_version,
        Assessment.questionnaire_fingerprint == version.fingerprint,
    )


def versions_in_use(items: Sequence[Outdated]) -> list[tuple[Version, Version]]:
    """The distinct (pinned, newest) pairs among the items."""
    return list(dict.fromkeys((item.pinned, item.newest) for item in items))
