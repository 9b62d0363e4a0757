"""The assessment detail page: headline, review panel, scores and radar, findings as reviewed,
answers by area with who gave them and when, notes, and the recent activity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, url_for
from markupsafe import Markup
from sqlalchemy.orm import Session

from assessment.blueprints.dashboard.contexts.labels import band_label, percent, status_label, when
from assessment.blueprints.dashboard.contexts.review_labels import (
    ACTION_LABELS,
    answer_text,
    effort_label,
    event_label,
    language_name,
    page_language,
    severity_label,
)
from assessment.engine import Questionnaire, Result, route
from assessment.engine.precision import shown_score
from assessment.models.assessment import Assessment, Status
from assessment.services import (
    access,
    audit,
    bank,
    notes,
    overrides,
    review,
    scoring,
    stored_answers,
)
from assessment.services.overrides import OverrideInfo, ReviewedFinding
from assessment.services.review import ReviewAction

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
class FindingRow:
    """A finding as reviewed, with the engine's original and its notes."""

    id: str
    area_title: str
    title: str
    explanation: str
    recommendation: str
    owner: str
    effort: str
    sources: str
    severity: str
    severity_label: str
    original_label: str | None
    dismissed: bool
    added: bool
    override: OverrideInfo | None
    override_at: str
    notes: list[NoteRow]
    override_url: str | None
    withdraw_url: str | None


@dataclass(frozen=True)
class NoteRow:
    """A note."""

    body: str
    author: str
    at: str
    in_report: bool


@dataclass(frozen=True)
class AnswerRow:
    """A question on the route with its answer, who gave it and when."""

    question_id: str
    question: str
    answer: str
    answered: bool
    by: str | None
    at: str


@dataclass(frozen=True)
class SectionAnswers:
    """A section's answers."""

    title: str
    rows: list[AnswerRow]


@dataclass(frozen=True)
class AreaAnswers:
    """The sections of one area (or the profile)."""

    id: str
    title: str
    sections: list[SectionAnswers]


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


def detail_context(session: Session, user: Any, assessment: Assessment) -> dict[str, Any]:
    """Everything dashboard/detail.html renders."""
    language = page_language()
    questionnaire = pinned(assessment)
    result = scoring.stored_result(assessment)
    may_change = access.may(session, user, access.Action.CHANGE, assessment)
    reviewed = overrides.reviewed_findings(session, assessment, language, questionnaire)
    all_notes = notes.for_assessment(session, assessment)
    return {
        "assessment": _headline(assessment, questionnaire),
        "may_change": may_change,
        "links": _links(session, user, assessment, may_change),
        "actions": _actions(assessment) if may_change else [],
        "approval": review.approval(session, assessment),
        "rounds": _rounds(session, assessment, questionnaire),
        "overall": _overall(assessment, questionnaire, result, language),
        "radar": _radar(questionnaire, result, language),
        "areas": _areas(questionnaire, result, language),
        "findings": _findings(assessment, questionnaire, reviewed, all_notes, may_change),
        "orphaned": overrides.orphaned(session, assessment),
        "answers": answers_by_area(session, assessment, questionnaire, language),
        "notes": [_note(n) for n in all_notes if n.rule_id is None],
        "activity": _activity(session, assessment),
        "pinned_missing": questionnaire is None,
        "when": when,
    }


def pinned(assessment: Assessment) -> Questionnaire | None:
    """The pinned questionnaire, or None when the bank no longer has it."""
    try:
        return bank.questionnaire_for(assessment)
    except bank.PinnedVersionError:
        return None


def _headline(assessment: Assessment, questionnaire: Questionnaire | None) -> dict[str, Any]:
    title = questionnaire.text(questionnaire.title, page_language()) if questionnaire else None
    return {
        "id": assessment.id,
        "organisation": assessment.organisation.name,
        "organisation_id": assessment.organisation_id,
        "status": assessment.status,
        "status_label": status_label(assessment.status),
        "language": language_name(assessment.language),
        "questionnaire": title or assessment.questionnaire_id,
        "version": assessment.questionnaire_version,
        "rules_version": assessment.rules_version,
        "created": when(assessment.created_at),
        "submitted": when(assessment.submitted_at),
        "scored": when(assessment.scored_at),
        "progress": percent(assessment.progress),
        "show_summary": assessment.show_summary,
    }


def _links(
    session: Session, user: Any, assessment: Assessment, may_change: bool
) -> dict[str, str | None]:
    aid = assessment.id
    report = None
    if (
        REPORT_ENDPOINT in current_app.view_functions
        and assessment.result
        and access.may(session, user, access.Action.DOWNLOAD_REPORT, assessment)
    ):
        report = url_for(REPORT_ENDPOINT, assessment_id=aid)
    outdated = may_change and _outdated(assessment)
    return {
        "invitations": url_for("dashboard.invitations_list", assessment_id=aid),
        "sharing": url_for("dashboard.sharing", assessment_id=aid),
        "csv": url_for("dashboard.export_assessment", assessment_id=aid, fmt="csv"),
        "json": url_for("dashboard.export_assessment", assessment_id=aid, fmt="json"),
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
    from assessment.services import rescore

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


def _area_title(questionnaire: Questionnaire | None, area_id: str, language: str) -> str:
    if questionnaire is None:
        return area_id
    try:
        return questionnaire.text(questionnaire.area(area_id).title, language)
    except KeyError:
        return area_id


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
                _area_title(questionnaire, area_id, language),
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


def _radar(
    questionnaire: Questionnaire | None, result: Result | None, language: str
) -> Markup | None:
    """The report's radar chart, when there are at least three scored areas to draw."""
    if questionnaire is None or result is None or len(result.areas) < 3:
        return None
    from flask_babel import gettext

    from reports.charts import Axis, radar_svg

    axes = [
        Axis(_area_title(questionnaire, a, language), r.score, r.band)
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


def _findings(
    assessment: Assessment,
    questionnaire: Questionnaire | None,
    reviewed: list[ReviewedFinding],
    all_notes: list[notes.NoteView],
    may_change: bool,
) -> list[FindingRow]:
    order = {"high": 0, "medium": 1, "low": 2}
    rows = sorted(reviewed, key=lambda f: (f.dismissed, order.get(f.severity, 3)))
    return [_finding(assessment, questionnaire, f, all_notes, may_change) for f in rows]


def _finding(
    assessment: Assessment,
    questionnaire: Questionnaire | None,
    f: ReviewedFinding,
    all_notes: list[notes.NoteView],
    may_change: bool,
) -> FindingRow:
    language = page_language()
    changed = f.original_severity if f.original_severity != f.severity else None
    override = f.override
    aid = assessment.id
    return FindingRow(
        id=f.id,
        area_title=_area_title(questionnaire, f.area, language),
        title=f.title,
        explanation=f.explanation,
        recommendation=f.recommendation,
        owner=f.owner_name,
        effort=effort_label(f.effort),
        sources=", ".join(f.sources),
        severity=f.severity,
        severity_label=severity_label(f.severity),
        original_label=severity_label(changed) if changed else None,
        dismissed=f.dismissed,
        added=f.added,
        override=override,
        override_at=when(override.at) if override else "",
        notes=[_note(n) for n in all_notes if n.rule_id == f.id],
        override_url=url_for("dashboard.finding_override", assessment_id=aid, rule_id=f.id)
        if may_change and not f.added
        else None,
        withdraw_url=url_for(
            "dashboard.override_withdraw", assessment_id=aid, override_id=override.id
        )
        if may_change and override
        else None,
    )


def _note(note: notes.NoteView) -> NoteRow:
    return NoteRow(note.body, note.author, when(note.created_at), note.in_report)


def answers_by_area(
    session: Session, assessment: Assessment, questionnaire: Questionnaire | None, language: str
) -> list[AreaAnswers]:
    """The answers on the route, grouped by area then section, with who gave them and when."""
    if questionnaire is None:
        return []
    stored = stored_answers.load(session, assessment)
    path = route(questionnaire, stored.values())
    grouped: dict[str, list[SectionAnswers]] = {}
    for view in path.sections:
        rows = []
        for question in view.questions:
            given = stored.get(question.id)
            value = given.value if given else None
            rows.append(
                AnswerRow(
                    question.id,
                    questionnaire.text(question.text, language),
                    answer_text(questionnaire, question, value),
                    value is not None,
                    given.answered_by if given and value is not None else None,
                    when(given.updated_at) if given and value is not None else "",
                )
            )
        title = questionnaire.text(view.section.title, language)
        grouped.setdefault(view.section.area, []).append(SectionAnswers(title, rows))
    return [
        AreaAnswers(area_id, _profile_or_area(questionnaire, area_id, language), sections)
        for area_id, sections in grouped.items()
    ]


def _profile_or_area(questionnaire: Questionnaire, area_id: str, language: str) -> str:
    if area_id == "profile":
        from flask_babel import gettext

        return str(gettext("Profile"))
    return _area_title(questionnaire, area_id, language)


def _activity(session: Session, assessment: Assessment) -> list[EventRow]:
    return [
        EventRow(when(e.at), event_label(e.action), e.actor)
        for e in audit.activity(session, assessment, RECENT_EVENTS)
    ]


@dataclass(frozen=True)
class CommentRow:
    """A comment of a change request and what became of the answer."""

    question: str
    body: str
    respondent: str | None
    before: str
    after: str
    changed: bool
    resubmitted: str


@dataclass(frozen=True)
class RoundRow:
    """One change request."""

    requested_by: str
    requested_at: str
    message: str | None
    open: bool
    closed_at: str
    comments: list[CommentRow]


def _rounds(
    session: Session, assessment: Assessment, questionnaire: Questionnaire | None
) -> list[RoundRow]:
    rows = []
    for round_ in review.history(session, assessment):
        rows.append(
            RoundRow(
                round_.requested_by,
                when(round_.requested_at),
                round_.message,
                round_.open,
                when(round_.closed_at),
                [_comment(questionnaire, c) for c in round_.comments],
            )
        )
    return rows


def _comment(questionnaire: Questionnaire | None, c: review.CommentOutcome) -> CommentRow:
    question = questionnaire.questions.get(c.question_id) if questionnaire else None
    if questionnaire is None or question is None:
        text, before, after = c.question_id, str(c.before), str(c.after)
    else:
        text = questionnaire.text(question.text, page_language())
        before = answer_text(questionnaire, question, c.before)
        after = answer_text(questionnaire, question, c.after)
    return CommentRow(text, c.body, c.respondent, before, after, c.changed, when(c.resubmitted_at))
