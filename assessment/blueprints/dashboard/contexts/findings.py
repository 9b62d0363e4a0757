"""The findings of the detail page, as reviewed: rows in the page language with their notes."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Any

from flask import url_for
from flask_login import current_user

from assessment.blueprints.dashboard.contexts.labels import when
from assessment.blueprints.dashboard.contexts.review_labels import (
    effort_label,
    page_language,
    severity_label,
)
from assessment.blueprints.dashboard.contexts.rule_reads import rule_reads
from assessment.engine import Questionnaire
from assessment.reviewed import OverrideInfo, ReviewedFinding, text
from assessment.services import access
from assessment.services.reviewed import NoteView, ReviewedResult

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class NoteRow:
    """A note."""

    body: str
    author: str
    at: str
    in_report: bool
    edit_url: str | None = None  # its author's
    delete_url: str | None = None  # its author's and an admin's
    history_url: str = ""


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
    reads: tuple[tuple[str, str], ...] = ()  # (question id, question) of the answers it reads


def area_title(questionnaire: Questionnaire | None, area_id: str, language: str) -> str:
    """An area's title in ``language``; its id when the pinned questionnaire is gone."""
    if questionnaire is None:
        return area_id
    try:
        return questionnaire.text(questionnaire.area(area_id).title, language)
    except KeyError:
        return area_id


def finding_rows(reviewed: ReviewedResult, questionnaire: Questionnaire | None,
                 may_change: bool, on_page: Collection[str] = ()) -> list[FindingRow]:
    """Every finding as reviewed, the dismissed ones last, most severe first; each with the
    answers its rule reads among those ``on_page`` (question ids)."""
    rows = sorted(reviewed.findings,
                  key=lambda f: (f.dismissed, SEVERITY_ORDER.get(f.severity, 3)))
    reads = rule_reads(questionnaire) if questionnaire else {}
    language = page_language()
    return [replace(_finding(reviewed, questionnaire, f, may_change), reads=tuple(
        (qid, questionnaire.text(questionnaire.questions[qid].text, language))
        for qid in reads.get(f.id, ()) if qid in on_page) if questionnaire else ())
        for f in rows]


def _finding(reviewed: ReviewedResult, questionnaire: Questionnaire | None,
             f: ReviewedFinding, may_change: bool) -> FindingRow:
    language, default = page_language(), reviewed.result.default_language
    changed = f.original_severity if f.original_severity not in (None, f.severity) else None
    override = f.override
    aid = reviewed.assessment_id
    return FindingRow(
        id=f.id,
        area_title=area_title(questionnaire, f.area, language),
        title=text(f.title, language, default),
        explanation=text(f.explanation, language, default),
        recommendation=text(f.recommendation, language, default),
        owner=text(f.owner_name, language, default) or f.owner,
        effort=effort_label(f.effort),
        sources=", ".join(f.sources),
        severity=f.severity,
        severity_label=severity_label(f.severity),
        original_label=severity_label(changed) if changed else None,
        dismissed=f.dismissed,
        added=f.added,
        override=override,
        override_at=when(override.at) if override else "",
        notes=[note_row(n, aid, may_change) for n in reviewed.notes if n.rule_id == f.id],
        override_url=url_for("dashboard.finding_override", assessment_id=aid, rule_id=f.id)
        if may_change and not f.added
        else None,
        withdraw_url=url_for(
            "dashboard.override_withdraw", assessment_id=aid, override_id=override.id
        )
        if may_change and override
        else None,
    )


def note_row(note: NoteView, assessment_id: int, may_change: bool) -> NoteRow:
    """A note as the page shows it, with its author's edit and delete (an admin's delete)."""
    ids: dict[str, Any] = {"assessment_id": assessment_id, "note_id": note.id}
    mine = may_change and note.author_id is not None and note.author_id == current_user.id
    return NoteRow(
        note.body, note.author, when(note.created_at), note.in_report,
        edit_url=url_for("dashboard.note_edit", **ids) if mine else None,
        delete_url=url_for("dashboard.note_delete", **ids)
        if mine or (may_change and access.is_admin(current_user)) else None,
        history_url=url_for("dashboard.note_history", **ids))
