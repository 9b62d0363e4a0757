"""Exports: the assessment list and one assessment, as CSV and JSON.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) are
prefixed with an apostrophe: organisation names and answers come from clients. Every field
is quoted, and a formula start after a ``;`` ``,`` or line break inside a cell is neutralised
too: Excel in nl/fr/sv locales splits on ``;``, and a cell opened with the wrong delimiter
must not turn its parts into formulas.
List exports stream row by row, so exporting 100,000 assessments holds one batch in memory.
Scores are exported as they are shown everywhere else (``shown_score``: whole numbers, the
value bands were decided on), so a spreadsheet never shows 74.6 beside a green band.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.engine.precision import shown_score
from assessment.models.answer import Answer
from assessment.models.assessment import Assessment
from assessment.models.invitation import Invitation
from assessment.models.types import utcnow
from assessment.reviewed import ReviewedFinding, text
from assessment.services import bank
from assessment.services.listing import ListRow
from assessment.services.reviewed import ReviewedResult, reviewed_result

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A formula trigger at the start of the cell or of any part a spreadsheet could split off
# (after ; , or a line break), behind spaces or quotes: an apostrophe goes right before it.
_FORMULA_START = re.compile(r'(?:^|(?<=[;,\r\n]))([ "]*)(?=[=+\-@\t\r])')
LIST_COLUMNS = [
    "id",
    "organisation",
    "status",
    "progress",
    "overall_score",
    "overall_band",
    "last_activity_at",
    "created_at",
    "questionnaire_id",
    "questionnaire_version",
]
FINDING_COLUMNS = [
    "id", "area", "severity", "rules_severity", "status", "title", "recommendation", "owner",
    "effort", "sources", "justification", "reviewed_by", "note",
]
ANSWER_COLUMNS = [
    "assessment_id",
    "organisation",
    "question_id",
    "area",
    "question",
    "value",
    "respondent",
    "updated_at",
    "version",
]


def safe_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet will evaluate as a formula."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):
        return _FORMULA_START.sub(r"\1'", value)
    return "" if value is None else value


def _csv_line(cells: Iterable[Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow([safe_cell(c) for c in cells])
    return buffer.getvalue()


def list_csv(rows: Iterable[ListRow], area_ids: list[str]) -> Iterator[str]:
    """The list as CSV lines: fixed columns, then progress and band for each area."""
    area_columns = [f"{area}_{what}" for area in area_ids for what in ("progress", "band")]
    yield _csv_line(LIST_COLUMNS + area_columns)
    for row in rows:
        by_area = {cell.id: cell for cell in row.areas}
        area_cells: list[Any] = []
        for area in area_ids:
            cell = by_area.get(area)
            area_cells += [cell.progress, cell.band] if cell else [None, None]
        yield _csv_line([_list_value(row, column) for column in LIST_COLUMNS] + area_cells)


def _list_value(row: ListRow, column: str) -> Any:
    value = getattr(row, column)
    return shown_score(value) if column == "overall_score" else value


def list_row_json(row: ListRow) -> dict[str, Any]:
    """One list row as JSON-ready data."""
    data = {column: _list_value(row, column) for column in LIST_COLUMNS}
    data["last_activity_at"] = row.last_activity_at.isoformat()
    data["created_at"] = row.created_at.isoformat()
    data["areas"] = [asdict(cell) for cell in row.areas]
    return data


def list_json(rows: Iterable[ListRow]) -> Iterator[str]:
    """The list as a JSON array, streamed one element at a time."""
    yield "["
    for index, row in enumerate(rows):
        yield ("," if index else "") + json.dumps(list_row_json(row), ensure_ascii=False)
    yield "]\n"


@dataclass(frozen=True)
class AnswerLine:
    """One stored answer with its question text and who gave it."""

    question_id: str
    area: str | None
    question: str | None
    value: Any
    respondent: str | None
    updated_at: datetime
    version: int


@dataclass(frozen=True)
class AssessmentExport:
    """Everything exported about one assessment (plain data)."""

    assessment: dict[str, Any]
    areas: list[dict[str, Any]]
    respondents: list[dict[str, Any]]
    answers: list[AnswerLine]
    result: dict[str, Any] | None  # the rules' own output, as scored (before the review)
    review: dict[str, Any] | None  # the reviewed result: approval, findings, notes
    findings: list[dict[str, Any]]  # the findings as reviewed (what the report shows)


def assessment_export(session: Session, assessment: Assessment) -> AssessmentExport:
    """Collect one assessment's data, its findings as reviewed and the notes."""
    questionnaire = bank.pinned_or_none(assessment)
    reviewed = reviewed_result(session, assessment, questionnaire)
    invitations = session.scalars(
        sa.select(Invitation)
        .where(Invitation.assessment_id == assessment.id)
        .order_by(Invitation.id)
    ).all()
    labels = {inv.id: inv.respondent_label for inv in invitations}
    answers = session.scalars(
        sa.select(Answer)
        .where(Answer.assessment_id == assessment.id, Answer.value.is_not(None))
        .order_by(Answer.question_id)
    ).all()
    return AssessmentExport(
        assessment=_assessment_data(assessment),
        areas=[
            {"id": area, **dict(entry)}
            for area, entry in (assessment.area_summary or {}).items()
            if isinstance(entry, Mapping)
        ],
        respondents=[_respondent(inv) for inv in invitations],
        answers=[_answer_line(a, questionnaire, labels, assessment.language) for a in answers],
        result=assessment.result,
        review=_review(reviewed),
        findings=[_finding(f, reviewed, assessment.language) for f in reviewed.findings]
        if reviewed else [],
    )


def assessment_json(export: AssessmentExport) -> dict[str, Any]:
    """The JSON document for one assessment."""
    return {
        "exported_at": utcnow().isoformat(),
        "assessment": export.assessment,
        "areas": export.areas,
        "respondents": export.respondents,
        "answers": [
            {**asdict(line), "updated_at": line.updated_at.isoformat()} for line in export.answers
        ],
        "findings": export.findings,
        "review": export.review,
        "result": export.result,
    }


def findings_csv(export: AssessmentExport) -> Iterator[str]:
    """One assessment's findings as reviewed, as CSV lines, one per finding."""
    yield _csv_line(["assessment_id", "organisation", *FINDING_COLUMNS])
    for finding in export.findings:
        yield _csv_line([export.assessment["id"], export.assessment["organisation"],
                         *[finding[column] for column in FINDING_COLUMNS]])


def assessment_csv(export: AssessmentExport) -> Iterator[str]:
    """One assessment's answers as CSV lines, one per answered question."""
    yield _csv_line(ANSWER_COLUMNS)
    for line in export.answers:
        value = line.value
        if isinstance(value, list):
            value = "; ".join(str(item) for item in value)
        yield _csv_line(
            [
                export.assessment["id"],
                export.assessment["organisation"],
                line.question_id,
                line.area,
                line.question,
                value,
                line.respondent,
                line.updated_at,
                line.version,
            ]
        )


def _assessment_data(assessment: Assessment) -> dict[str, Any]:
    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": assessment.id,
        "organisation": assessment.organisation.name,
        "status": assessment.status,
        "language": assessment.language,
        "questionnaire_id": assessment.questionnaire_id,
        "questionnaire_version": assessment.questionnaire_version,
        "rules_version": assessment.rules_version,
        "progress": assessment.progress,
        "overall_score": shown_score(assessment.overall_score),
        "overall_band": assessment.overall_band,
        "created_at": iso(assessment.created_at),
        "last_activity_at": iso(assessment.last_activity_at),
        "submitted_at": iso(assessment.submitted_at),
        "scored_at": iso(assessment.scored_at),
    }


def _review(reviewed: ReviewedResult | None) -> dict[str, Any] | None:
    if reviewed is None:
        return None
    approval = reviewed.approval
    return {
        "approved": approval is not None,
        "approved_by": approval.by if approval else None,
        "approved_at": approval.at.isoformat() if approval else None,
        "notes": [
            {"finding": n.rule_id, "body": n.body, "in_report": n.in_report,
             "author": n.author, "created_at": n.created_at.isoformat()}
            for n in reviewed.notes
        ],
    }


def _finding(finding: ReviewedFinding, reviewed: ReviewedResult, language: str
             ) -> dict[str, Any]:
    default = reviewed.result.default_language
    override = finding.override
    return {
        "id": finding.id,
        "area": finding.area,
        "severity": None if finding.dismissed else finding.severity,
        "rules_severity": finding.original_severity,
        "status": "dismissed" if finding.dismissed else "added" if finding.added
        else "changed" if finding.changed else "as_raised",
        "title": text(finding.title, language, default),
        "recommendation": text(finding.recommendation, language, default),
        "owner": finding.owner,
        "effort": finding.effort,
        "sources": "; ".join(finding.sources),
        "justification": override.justification if override else None,
        "reviewed_by": override.by if override else None,
        "note": finding.note,
    }


def _respondent(invitation: Invitation) -> dict[str, Any]:
    return {
        "invitation_id": invitation.id,
        "name": invitation.respondent_name,
        "role": invitation.respondent_role,
        "areas": invitation.areas,
        "language": invitation.language,
        "submitted_at": invitation.submitted_at.isoformat() if invitation.submitted_at else None,
        "revoked_at": invitation.revoked_at.isoformat() if invitation.revoked_at else None,
    }


def _answer_line(
    answer: Answer, questionnaire: Any, labels: Mapping[int, str], language: str
) -> AnswerLine:
    question = questionnaire.questions.get(answer.question_id) if questionnaire else None
    return AnswerLine(
        question_id=answer.question_id,
        area=questionnaire.question_areas.get(answer.question_id) if questionnaire else None,
        question=questionnaire.text(question.text, language) if question else None,
        value=answer.value,
        respondent=labels.get(answer.invitation_id) if answer.invitation_id else None,
        updated_at=answer.updated_at,
        version=answer.version,
    )
