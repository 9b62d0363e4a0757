"""The assessment detail page: headline, review panel, scores and radar, findings as reviewed,
answers by area with who gave them and when, notes, and the recent activity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app, url_for
from flask_babel import format_percent, ngettext
from markupsafe import Markup
from sqlalchemy.orm import Session

from assessment.blueprints.dashboard.contexts.answers import answers_by_area, change_rounds
from assessment.blueprints.dashboard.contexts.comments import comment_areas
from assessment.blueprints.dashboard.contexts.disagreements import disagreement_rows
from assessment.blueprints.dashboard.contexts.findings import area_title, finding_rows, note_row
from assessment.blueprints.dashboard.contexts.labels import band_label, percent, status_label, when
from assessment.blueprints.dashboard.contexts.review_labels import (
    ACTION_LABELS,
    event_label,
    language_name,
    page_language,
)
from assessment.engine import Questionnaire, Result
from assessment.engine.precision import shown_score
from assessment.models.assessment import Assessment, Status
from assessment.services import access, audit, bank, benchmark, rescore, review, stored_answers
from assessment.services.review import ReviewAction
from assessment.services.reviewed import (
    NoteView,
    ReviewedResult,
    notes_of,
    reviewed_result,
    stored_approval,
)
from assessment.verdicts import caution, headline, no_gaps, priority, say, standing
from assessment.web import translations

REPORT_ENDPOINT = "reports.download"  # the report helper's route; linked once it exists
RECENT_EVENTS = 25


@dataclass(frozen=True)
class AreaRow:
    """One area's score line."""

    id: str
    title: str
    score: int | None
    band: str | None
    band_label: str
    level: str
    confidence: int | None
    answered: int
    applicable: int
    dont_know: int
    capped_by: tuple[str, ...] = ()  # high-severity findings that hold the band down


@dataclass(frozen=True)
class EventRow:
    """An audit event in words."""

    at: str
    label: str
    actor: str


@dataclass(frozen=True)
class ActionButton:
    """A review action the page offers."""

    action: str
    label: str
    url: str
    needs_form: bool  # request changes and withdrawing an approval open a page first


def detail_context(session: Session, assessment: Assessment,
                   allowed: frozenset[access.Action]) -> dict[str, Any]:
    """Everything dashboard/detail.html renders; ``allowed``: what the user may do with it."""
    language = page_language()
    questionnaire = bank.pinned_or_none(assessment)
    reviewed = reviewed_result(session, assessment, questionnaire)
    result = reviewed.result if reviewed else None
    may_change = access.Action.CHANGE in allowed
    stored = stored_answers.load(session, assessment)
    answers = answers_by_area(stored, questionnaire, language)
    on_page = {row.question_id for area in answers for section in area.sections
               for row in section.rows}
    return {
        "assessment": _headline(assessment, questionnaire),
        "may_change": may_change,
        "links": _links(assessment, allowed),
        "actions": _actions(assessment) if may_change else [],
        "approval": stored_approval(assessment),
        "rounds": change_rounds(session, assessment, questionnaire, stored),
        "overall": _overall(assessment, questionnaire, result, language),
        "verdict": _verdict(assessment, questionnaire, reviewed, language),
        "radar": _radar(questionnaire, result, language),
        "areas": _areas(questionnaire, result, language),
        "comment_areas": comment_areas(session, assessment, questionnaire, language),
        "peers": _peers(session, assessment) if result else {},
        "findings": finding_rows(reviewed, questionnaire, may_change, on_page)
        if reviewed else [],
        "orphaned": reviewed.orphaned if reviewed else [],
        "answers": answers,
        "disagreements": disagreement_rows(session, assessment, questionnaire, may_change),
        "notes": [note_row(n, assessment.id, may_change)
                  for n in _notes(session, assessment, reviewed)
                  if n.rule_id is None],
        "activity": _activity(session, assessment),
        "pinned_missing": questionnaire is None,
        "when": when,
    }


def _headline(assessment: Assessment, questionnaire: Questionnaire | None) -> dict[str, Any]:
    title = questionnaire.text(questionnaire.title, page_language()) if questionnaire else None
    return {
        "id": assessment.id,
        "organisation": assessment.organisation.name,
        "organisation_id": assessment.organisation_id,
        "status": assessment.status,
        "status_label": status_label(assessment.status),
        "language": language_name(assessment.language),
        "language_code": assessment.language,
        "questionnaire": title or assessment.questionnaire_id,
        "version": assessment.questionnaire_version,
        "rules_version": assessment.rules_version,
        "created": when(assessment.created_at),
        "submitted": when(assessment.submitted_at),
        "scored": when(assessment.scored_at),
        "has_result": assessment.result is not None,
        "progress": percent(assessment.progress),
        "show_summary": assessment.show_summary,
    }


def _links(assessment: Assessment, allowed: frozenset[access.Action]) -> dict[str, str | None]:
    aid = assessment.id
    may_change = access.Action.CHANGE in allowed
    report = None
    if (
        REPORT_ENDPOINT in current_app.view_functions
        and assessment.result
        and access.Action.DOWNLOAD_REPORT in allowed
    ):
        report = url_for(REPORT_ENDPOINT, assessment_id=aid)
    outdated = may_change and _outdated(assessment)
    return {
        "invitations": url_for("dashboard.invitations_list", assessment_id=aid),
        "sharing": url_for("dashboard.sharing", assessment_id=aid),
        "csv": url_for("dashboard.export_assessment", assessment_id=aid, fmt="csv"),
        "json": url_for("dashboard.export_assessment", assessment_id=aid, fmt="json"),
        "findings_csv": url_for("dashboard.export_findings", assessment_id=aid),
        "report": report,
        "milestones": url_for(
            "dashboard.milestones_page", organisation_id=assessment.organisation_id
        ),
        "rescore": url_for("dashboard.rescore_preview", assessment_id=aid) if outdated else None,
        "follow_up": url_for("dashboard.follow_up", assessment_id=aid)
        if may_change and assessment.status == Status.APPROVED
        else None,
        "add_finding": url_for("dashboard.finding_add", assessment_id=aid)
        if may_change and assessment.result
        else None,
        "note": url_for("dashboard.note_add", assessment_id=aid) if may_change else None,
        "back": url_for("dashboard.index"),
    }


def _outdated(assessment: Assessment) -> bool:
    try:
        return rescore.target_for(assessment) is not None
    except LookupError:
        return False


def _actions(assessment: Assessment) -> list[ActionButton]:
    aid = assessment.id
    buttons = []
    for action in review.available_actions(assessment):
        if action == ReviewAction.REQUEST_CHANGES:
            url, form = url_for("dashboard.review_changes", assessment_id=aid), True
        elif action == ReviewAction.REOPEN:
            url, form = url_for("dashboard.review_reopen", assessment_id=aid), True
        else:
            url, form = (
                url_for("dashboard.review_transition", assessment_id=aid, action=action.value),
                False,
            )
        buttons.append(ActionButton(action.value, str(ACTION_LABELS[action.value]), url, form))
    return buttons


def _overall(
    assessment: Assessment,
    questionnaire: Questionnaire | None,
    result: Result | None,
    language: str,
) -> dict[str, Any]:
    level = result.overall.level if result else None
    name = None
    if questionnaire and level:
        name = questionnaire.text(questionnaire.level(level).name, language)
    return {
        "score": shown_score(result.overall.score) if result else None,
        "band": assessment.overall_band,
        "band_label": band_label(assessment.overall_band),
        "level": name,
    }


def _verdict(assessment: Assessment, questionnaire: Questionnaire | None,
             reviewed: ReviewedResult | None, language: str) -> dict[str, str]:
    """The verdict in words, from the reviewed findings (assessment.verdicts), and what the
    findings list says when it is empty (why, beside scores that are not green)."""
    if reviewed is None:
        return {"headline": "", "no_gaps": ""}

    def words(verdict: Any) -> str:
        return say(verdict, translations.current(), language,
                   lambda a: area_title(questionnaire, a, language),
                   assessment.organisation.name)

    state = standing(reviewed.result, reviewed.visible)
    said = [v for v in (headline(state, "page"), priority(state), caution(state.confidence))
            if v]
    return {"headline": " ".join(words(v) for v in said),
            "no_gaps": words(no_gaps(state.areas, "report"))}


def _areas(
    questionnaire: Questionnaire | None, result: Result | None, language: str
) -> list[AreaRow]:
    if result is None:
        return []
    rows = []
    for area_id, area in result.areas.items():
        level = ""
        if questionnaire and area.level:
            level = questionnaire.text(questionnaire.level(area.level).name, language)
        rows.append(
            AreaRow(
                area_id,
                area_title(questionnaire, area_id, language),
                shown_score(area.score),
                area.band,
                band_label(area.band),
                level,
                percent(area.confidence) if area.confidence is not None else None,
                area.answered,
                area.applicable,
                area.dont_know,
                tuple(area.capped_by),
            )
        )
    return rows


def _peers(session: Session, assessment: Assessment) -> dict[str, str]:
    """Area id -> 'better than 62% of 14 comparable assessments' (anonymised peer benchmark)."""
    return {
        area: ngettext(
            "Better than %(percent)s of %(num)d comparable assessment",
            "Better than %(percent)s of %(num)d comparable assessments",
            rank.group,
            percent=format_percent(rank.percentile / 100),
        )
        for area, rank in benchmark.peer_benchmark(session, assessment).items()
    }


def _radar(
    questionnaire: Questionnaire | None, result: Result | None, language: str
) -> Markup | None:
    """The report's radar chart, when there are at least three scored areas to draw."""
    if questionnaire is None or result is None or len(result.areas) < 3:
        return None
    from flask_babel import gettext

    from reports.charts import Axis, radar_svg

    axes = [
        Axis(area_title(questionnaire, a, language), r.score, r.band)
        for a, r in result.areas.items()
    ]
    scores = ", ".join(
        f"{x.label} {'–' if x.score is None else shown_score(x.score)}" for x in axes
    )
    return radar_svg(
        axes,
        title=gettext("Area scores: %(scores)s", scores=scores),
        band_thresholds=[(b.id, b.min) for b in questionnaire.bands],
        not_scored=gettext("n/a"),
    )


def _activity(session: Session, assessment: Assessment) -> list[EventRow]:
    return [
        EventRow(when(e.at), event_label(e.action), e.actor)
        for e in audit.activity(session, assessment, RECENT_EVENTS)
    ]




def _notes(session: Session, assessment: Assessment, reviewed: ReviewedResult | None
           ) -> Sequence[NoteView]:
    """The notes (read with the reviewed result once it is scored)."""
    return reviewed.notes if reviewed else notes_of(session, assessment)
