"""An organisation's assessments over time: start one, start a follow-up, compare two.

A milestone is simply another assessment of the same organisation, started later on the
newest questionnaire. ``compare`` sets two of them side by side as reviewed (overrides
applied, dismissed findings left out): overall and per-area scores and bands, and the
findings added, removed and kept in each area.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models.assessment import Assessment, Status
from assessment.models.organisation import Organisation
from assessment.models.share import AssessmentShare
from assessment.models.user import Role, User
from assessment.reviewed import FindingChange, diff_findings
from assessment.services import access, assessments, audit, bank, organisations
from assessment.services import shares as share_service
from assessment.services.audit import Staff, actor_label
from assessment.services.errors import N_, DomainError, Text
from assessment.services.reviewed import reviewed_result


class MilestoneError(DomainError):
    """An assessment cannot be started or compared as asked; ``field`` names the form field."""


@dataclass(frozen=True)
class Milestone:
    """One assessment of the organisation, as the timeline shows it."""

    assessment_id: int
    status: str
    created_at: datetime
    submitted_at: datetime | None
    questionnaire_version: str
    rules_version: str
    overall_score: float | None
    overall_band: str | None


@dataclass(frozen=True)
class Timeline:
    """The organisation and the assessments of it the user may see, oldest first."""

    organisation_id: int
    organisation: str
    milestones: list[Milestone]

    def scored(self) -> list[Milestone]:
        """The milestones with a score, oldest first."""
        return [m for m in self.milestones if m.overall_score is not None]


# --- starting assessments ---------------------------------------------------------------


def start_assessment(
    session: Session, user: Staff, *, organisation_name: str, language: str,
    show_summary: bool = True, owner: User | None = None,
    organisation: Organisation | None = None,
) -> Assessment:
    """A new assessment of an organisation on the newest questionnaire; a consultant becomes
    its owner, an admin names one (or none). Flushes only.

    The organisation is found by name among those the user may see; one they cannot see is
    neither revealed nor reused (a new organisation of that name is created).
    """
    if user.role == Role.SALES:
        raise MilestoneError(N_("Sales accounts cannot start assessments."))
    if organisation is None:  # by name, as the form gives it (the API gives the organisation)
        try:
            organisation = organisations.get_or_create_visible(
                session, organisation_name, user, actor=actor_label(user))
        except organisations.OrganisationError as error:
            raise MilestoneError(_organisation_message(organisation_name),
                                 "organisation") from error
    _refuse_second_open(session, organisation)
    questionnaire = bank.latest()
    if language not in questionnaire.languages:
        raise MilestoneError(N_("Choose one of the offered languages."), "language")
    assessment = assessments.start(session, organisation, questionnaire=questionnaire,
                                   language=language, show_summary=show_summary,
                                   actor=actor_label(user))
    chosen = session.get(User, user.id) if user.role == Role.CONSULTANT else owner
    if chosen is not None:
        share_service.grant(session, assessment, chosen, owner=True, actor=actor_label(user))
    return assessment


def follow_up(session: Session, previous: Assessment, user: Staff) -> Assessment:
    """A later assessment of the same organisation, with the same people. Flushes only."""
    if previous.status != Status.APPROVED:
        raise MilestoneError(N_("Approve this assessment before starting a follow-up."))
    _refuse_second_open(session, previous.organisation)
    assessment = assessments.start(
        session, previous.organisation, questionnaire=bank.latest(previous.questionnaire_id),
        language=previous.language, show_summary=previous.show_summary, actor=actor_label(user),
    )
    for share in _shares(session, previous):
        session.add(AssessmentShare(assessment_id=assessment.id, user_id=share.user_id,
                                    kind=share.kind, created_by=actor_label(user)))
    audit.record(session, "assessment.follow_up", assessment=assessment,
                 actor=actor_label(user), details={"previous_assessment_id": previous.id})
    session.flush()
    return assessment


def _organisation_message(name: str) -> Text:
    if not name.strip():
        return N_("Enter the organisation's name.")
    return N_("The organisation name can have at most %(max)d characters.",
             max=organisations.MAX_NAME_LENGTH)


def _refuse_second_open(session: Session, organisation: Organisation) -> None:
    current = assessments.open_for(session, organisation)
    if current is not None:
        raise MilestoneError(N_(
            "%(organisation)s already has an assessment in progress; finish it before "
            "starting another.", organisation=organisation.name,
        ), "organisation")


def _shares(session: Session, assessment: Assessment) -> list[AssessmentShare]:
    return list(session.scalars(
        sa.select(AssessmentShare).where(AssessmentShare.assessment_id == assessment.id)
    ))


# --- the timeline -----------------------------------------------------------------------


def timeline(session: Session, user: access.Principal, organisation_id: int) -> Timeline | None:
    """The organisation's assessments the user may open, oldest first; None if none."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or not access.may_open_listed(user):
        return None
    rows = session.scalars(
        sa.select(Assessment)
        .where(Assessment.organisation_id == organisation_id, access.listable_clause(user))
        .order_by(Assessment.created_at, Assessment.id)
    )
    milestones = [
        Milestone(a.id, a.status, a.created_at, a.submitted_at, a.questionnaire_version,
                  a.rules_version, a.overall_score, a.overall_band)
        for a in rows
    ]
    if not milestones:
        return None
    return Timeline(organisation.id, organisation.name, milestones)


# --- comparing two milestones -----------------------------------------------------------


@dataclass(frozen=True)
class ScoreChange:
    """A score and band before and after (an area, or overall)."""

    key: str
    before_score: float | None
    before_band: str | None
    after_score: float | None
    after_band: str | None

    @property
    def delta(self) -> float | None:
        """After minus before, when both are scored."""
        if self.before_score is None or self.after_score is None:
            return None
        return self.after_score - self.before_score


@dataclass(frozen=True)
class AreaComparison:
    """One area: its scores and its findings' changes."""

    area: ScoreChange
    findings: list[FindingChange]

    def count(self, change: str) -> int:
        """How many findings of the area have this change."""
        return sum(1 for f in self.findings if f.change == change)


@dataclass(frozen=True)
class Comparison:
    """Two milestones side by side."""

    before_id: int
    after_id: int
    overall: ScoreChange
    areas: list[AreaComparison]
    same_rules: bool


def compare(session: Session, before: Assessment, after: Assessment) -> Comparison:
    """Compare two scored assessments of one organisation as reviewed."""
    if before.organisation_id != after.organisation_id:
        raise MilestoneError(N_("Only assessments of the same organisation can be compared."))
    if not before.result or not after.result:
        raise MilestoneError(N_("Both assessments need a score to be compared."))
    old, new = reviewed_result(session, before), reviewed_result(session, after)
    if old is None or new is None:
        raise MilestoneError(N_("Both assessments need a score to be compared."))
    changes = diff_findings(old.findings, new.findings)
    area_ids = list(dict.fromkeys([*_areas(after), *_areas(before)]))
    return Comparison(
        before_id=before.id, after_id=after.id,
        overall=ScoreChange("overall", before.overall_score, before.overall_band,
                            after.overall_score, after.overall_band),
        areas=[AreaComparison(_area_change(before, after, a),
                              [c for c in changes if c.area == a]) for a in area_ids],
        same_rules=(before.questionnaire_id, before.rules_version)
        == (after.questionnaire_id, after.rules_version),
    )


def _areas(assessment: Assessment) -> list[str]:
    stored = (assessment.result or {}).get("result") or {}
    return [str(a) for a in (stored.get("areas") or {})]


def _area_entry(assessment: Assessment, area_id: str) -> Mapping[str, object]:
    stored = (assessment.result or {}).get("result") or {}
    entry = (stored.get("areas") or {}).get(area_id)
    return entry if isinstance(entry, Mapping) else {}


def _area_change(before: Assessment, after: Assessment, area_id: str) -> ScoreChange:
    old, new = _area_entry(before, area_id), _area_entry(after, area_id)
    return ScoreChange(area_id, _number(old.get("score")), _text(old.get("band")),
                       _number(new.get("score")), _text(new.get("band")))


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def default_pair(line: Timeline) -> tuple[int, int] | None:
    """The two newest scored milestones (older, newer), if there are two."""
    scored = line.scored()
    if len(scored) < 2:
        return None
    return scored[-2].assessment_id, scored[-1].assessment_id

