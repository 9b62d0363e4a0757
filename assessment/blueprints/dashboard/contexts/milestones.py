"""The milestones page: the organisation's assessments and the comparison of two."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from sqlalchemy.orm import Session

from assessment.blueprints.dashboard.contexts.labels import band_label, status_label, when
from assessment.blueprints.dashboard.contexts.review_labels import page_language, severity_label
from assessment.engine.precision import shown_score
from assessment.models.assessment import Assessment
from assessment.reviewed import text
from assessment.services import bank, milestones
from assessment.services.milestones import ScoreChange, Timeline


@dataclass(frozen=True)
class MilestoneRow:
    """One assessment on the timeline."""

    id: int
    url: str
    created: str
    submitted: str
    status: str
    status_label: str
    version: str
    score: int | None
    band: str | None
    band_label: str


@dataclass(frozen=True)
class ChangeRow:
    """Scores and bands before and after."""

    title: str
    before: int | None
    before_band: str | None
    before_label: str
    after: int | None
    after_band: str | None
    after_label: str
    delta: int | None


@dataclass(frozen=True)
class FindingChangeRow:
    """A finding added, removed or kept."""

    id: str
    title: str
    change: str
    before: str
    after: str


@dataclass(frozen=True)
class AreaChangeRow:
    """An area: its scores and its findings' changes."""

    scores: ChangeRow
    findings: list[FindingChangeRow]
    added: int
    removed: int


def milestones_context(
    session: Session, line: Timeline, pair: tuple[int, int] | None
) -> dict[str, Any]:
    """Everything dashboard/milestones.html renders."""
    rows = [_milestone(m) for m in line.milestones]
    context: dict[str, Any] = {
        "organisation": line.organisation,
        "rows": rows,
        "scored": [
            (m.assessment_id, f"{when(m.created_at)} · {m.overall_score:.0f}")
            for m in line.scored()
            if m.overall_score is not None
        ],
        "pair": pair,
        "action_url": url_for("dashboard.milestones_page", organisation_id=line.organisation_id),
        "comparison": None,
    }
    if pair is not None:
        before, after = session.get(Assessment, pair[0]), session.get(Assessment, pair[1])
        assert before is not None and after is not None  # both checked to be on the timeline
        context["comparison"] = _comparison(session, before, after)
    return context


def _milestone(m: milestones.Milestone) -> MilestoneRow:
    return MilestoneRow(
        m.assessment_id,
        url_for("dashboard.assessment_detail", assessment_id=m.assessment_id),
        when(m.created_at),
        when(m.submitted_at),
        m.status,
        status_label(m.status),
        f"{m.questionnaire_version} / {m.rules_version}",
        shown_score(m.overall_score),
        m.overall_band,
        band_label(m.overall_band),
    )


def _comparison(session: Session, before: Assessment, after: Assessment) -> dict[str, Any]:
    language = page_language()
    compared = milestones.compare(session, before, after)
    default = after.language
    questionnaire = bank.pinned_or_none(after) or bank.pinned_or_none(before)

    def title(area_id: str) -> str:
        if questionnaire is None or area_id not in questionnaire.area_ids:
            return area_id
        return questionnaire.text(questionnaire.area(area_id).title, language)

    return {
        "before": {"id": before.id, "created": when(before.created_at)},
        "after": {"id": after.id, "created": when(after.created_at)},
        "overall": _change(compared.overall, ""),
        "areas": [
            AreaChangeRow(
                _change(a.area, title(a.area.key)),
                [
                    FindingChangeRow(
                        f.id,
                        text(f.title, language, default),
                        f.change,
                        severity_label(f.before_severity),
                        severity_label(f.after_severity),
                    )
                    for f in a.findings
                ],
                a.count("added"),
                a.count("removed"),
            )
            for a in compared.areas
        ],
        "same_rules": compared.same_rules,
    }


def _change(change: ScoreChange, title: str) -> ChangeRow:
    def whole(value: float | None) -> int | None:
        shown = shown_score(value)
        return None if shown is None else int(shown)

    before, after = whole(change.before_score), whole(change.after_score)
    # The change between the scores as shown, so that 74 → 76 reads +2 and never +1.
    delta = after - before if before is not None and after is not None else whole(change.delta)
    return ChangeRow(
        title,
        before,
        change.before_band,
        band_label(change.before_band),
        after,
        change.after_band,
        band_label(change.after_band),
        delta,
    )
