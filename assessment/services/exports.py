"""Exports: the assessment list and one assessment, as CSV and JSON.

CSV safety, the byte-order mark and the delimiter are ``services/spreadsheet.py``'s.
List exports stream row by row, so exporting 100,000 assessments holds one batch in memory
(the area scores of each batch come in one more query: the list rows carry bands only).
Scores are exported as they are shown everywhere else (``shown_score``: whole numbers, the
value bands were decided on), so a spreadsheet never shows 74.6 beside a green band.
Answers and findings are put into words in a chosen language (``language``, default the
assessment's), beside the stored codes, with the report's own words for yes/no and the like.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from itertools import islice
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.answer_text import format_answer
from assessment.engine import Questionnaire
from assessment.engine.precision import shown_score
from assessment.models.answer import Answer
from assessment.models.assessment import Assessment
from assessment.models.invitation import Invitation
from assessment.models.types import utcnow
from assessment.reviewed import ReviewedFinding, text
from assessment.services import bank
from assessment.services.errors import N_, DomainError
from assessment.services.listing import ListRow
from assessment.services.reviewed import ReviewedResult, reviewed_result
from assessment.services.spreadsheet import BOM, FORMULA_PREFIXES, csv_line, safe_cell
from reports.i18n import LANGUAGES, translations

__all__ = ["BOM", "FORMULA_PREFIXES", "safe_cell"]

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
AREA_COLUMNS = ("progress", "score", "band")  # per area, after the fixed columns
FINDING_COLUMNS = [
    "id", "area", "severity", "reviewed_severity", "title", "recommendation", "owner",
    "effort", "status", "area_title", "owner_name", "justification", "reviewed_by", "note",
    "sources",
]
ANSWER_COLUMNS = [
    "assessment_id",
    "organisation",
    "question_id",
    "area",
    "question",
    "value",
    "answer",
    "respondent",
    "updated_at",
    "version",
]
# The findings CSV names the rules' severity "severity", beside "reviewed_severity".
_FINDING_FIELDS = {"severity": "rules_severity"}
SCORE_BATCH = 500


class UnknownLanguage(DomainError):
    """The export language asked for is not one the questionnaire is written in (a 400)."""


def export_language(assessment: Assessment, asked: str | None) -> str:
    """The language of the words in an export: ``asked``, else the assessment's own."""
    if not asked:
        return assessment.language
    questionnaire = bank.pinned_or_none(assessment)
    offered = questionnaire.languages if questionnaire else LANGUAGES
    if asked not in offered:
        raise UnknownLanguage(N_("The export is not available in %(language)s: choose one of "
                                 "%(languages)s.", language=asked[:20],
                                 languages=", ".join(offered)), "lang")
    return asked


def list_csv(rows: Iterable[ListRow], area_ids: list[str], engine: sa.Engine,
             delimiter: str = ",") -> Iterator[str]:
    """The list as CSV lines after a BOM: fixed columns, then progress, score, band by area."""
    area_columns = [f"{area}_{what}" for area in area_ids for what in AREA_COLUMNS]
    yield BOM + csv_line(LIST_COLUMNS + area_columns, delimiter)
    for row, scores in _with_area_scores(engine, rows):
        by_area = {cell.id: cell for cell in row.areas}
        area_cells: list[Any] = []
        for area in area_ids:
            cell = by_area.get(area)
            area_cells += ([cell.progress, scores.get(area), cell.band] if cell
                           else [None, None, None])
        yield csv_line([_list_value(row, column) for column in LIST_COLUMNS] + area_cells,
                       delimiter)


def _with_area_scores(engine: sa.Engine, rows: Iterable[ListRow]
                      ) -> Iterator[tuple[ListRow, dict[str, Any]]]:
    """Each row with its areas' shown scores, read a batch at a time (one query a batch)."""
    iterator = iter(rows)
    while batch := list(islice(iterator, SCORE_BATCH)):
        with engine.connect() as connection:
            summaries: dict[int, Any] = {
                key: summary for key, summary in connection.execute(
                    sa.select(Assessment.id, Assessment.area_summary)
                    .where(Assessment.id.in_([row.id for row in batch])))}
        for row in batch:
            yield row, area_scores(summaries.get(row.id))


def area_scores(summary: Mapping[str, Any] | None) -> dict[str, Any]:
    """Area id -> its score as shown (None where the area is not scored)."""
    scores: dict[str, Any] = {}
    for area, entry in (summary or {}).items():
        score = entry.get("score") if isinstance(entry, Mapping) else None
        scores[str(area)] = shown_score(score) if isinstance(score, int | float) else None
    return scores


def _list_value(row: ListRow, column: str) -> Any:
    value = getattr(row, column)
    return shown_score(value) if column == "overall_score" else value


def list_row_json(row: ListRow, scores: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One list row as JSON-ready data (with each area's score when ``scores`` is given)."""
    data = {column: _list_value(row, column) for column in LIST_COLUMNS}
    data["last_activity_at"] = row.last_activity_at.isoformat()
    data["created_at"] = row.created_at.isoformat()
    data["areas"] = [{**asdict(cell), **({"score": scores.get(cell.id)} if scores is not None
                                          else {})} for cell in row.areas]
    return data


def list_json(rows: Iterable[ListRow], engine: sa.Engine) -> Iterator[str]:
    """The list as a JSON array, streamed one element at a time."""
    yield "["
    for index, (row, scores) in enumerate(_with_area_scores(engine, rows)):
        yield ("," if index else "") + json.dumps(list_row_json(row, scores), ensure_ascii=False)
    yield "]\n"


@dataclass(frozen=True)
class AnswerLine:
    """One stored answer with its question text, its words and who gave it."""

    question_id: str
    area: str | None
    question: str | None
    value: Any
    answer: str | None  # the value in words (choice labels) in the export's language
    respondent: str | None
    updated_at: datetime
    version: int


@dataclass(frozen=True)
class AssessmentExport:
    """Everything exported about one assessment (plain data)."""

    assessment: dict[str, Any]
    language: str  # the language of question texts, answer words and finding texts
    areas: list[dict[str, Any]]
    respondents: list[dict[str, Any]]
    answers: list[AnswerLine]
    result: dict[str, Any] | None  # the rules' own output, as scored (before the review)
    review: dict[str, Any] | None  # the reviewed result: approval, findings, notes
    findings: list[dict[str, Any]]  # the findings as reviewed (what the report shows)


def assessment_export(session: Session, assessment: Assessment,
                      language: str | None = None) -> AssessmentExport:
    """Collect one assessment's data, its findings as reviewed and the notes, in words of
    ``language`` (the assessment's by default; an unknown one is an UnknownLanguage)."""
    lang = export_language(assessment, language)
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
        language=lang,
        areas=_areas(assessment, questionnaire, lang),
        respondents=[_respondent(inv) for inv in invitations],
        answers=[_answer_line(a, questionnaire, labels, lang) for a in answers],
        result=assessment.result,
        review=_review(reviewed),
        findings=[_finding(f, reviewed, questionnaire, lang) for f in reviewed.findings]
        if reviewed else [],
    )


def assessment_json(export: AssessmentExport) -> dict[str, Any]:
    """The JSON document for one assessment."""
    return {
        "exported_at": utcnow().isoformat(),
        "language": export.language,
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


def findings_csv(export: AssessmentExport, delimiter: str = ",") -> Iterator[str]:
    """One assessment's findings as reviewed, as CSV lines after a BOM, one per finding."""
    yield BOM + csv_line(["assessment_id", "organisation", *FINDING_COLUMNS], delimiter)
    for finding in export.findings:
        yield csv_line([export.assessment["id"], export.assessment["organisation"],
                        *[finding[_FINDING_FIELDS.get(column, column)]
                          for column in FINDING_COLUMNS]], delimiter)


def assessment_csv(export: AssessmentExport, delimiter: str = ",") -> Iterator[str]:
    """One assessment's answers as CSV lines after a BOM, one per answered question."""
    yield BOM + csv_line(ANSWER_COLUMNS, delimiter)
    for line in export.answers:
        value = line.value
        if isinstance(value, list):
            value = "; ".join(str(item) for item in value)
        yield csv_line([export.assessment["id"], export.assessment["organisation"],
                        line.question_id, line.area, line.question, value, line.answer,
                        line.respondent, line.updated_at, line.version], delimiter)


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
        "approved_at": iso(assessment.approved_at),
    }


def _areas(assessment: Assessment, questionnaire: Questionnaire | None, lang: str
           ) -> list[dict[str, Any]]:
    """Each area's progress, score (as shown), band and level, titled in ``lang``."""
    titles = {area.id: questionnaire.text(area.title, lang)
              for area in questionnaire.areas} if questionnaire else {}
    areas = []
    for area, entry in (assessment.area_summary or {}).items():
        if not isinstance(entry, Mapping):
            continue
        score = entry.get("score")
        areas.append({"id": area, "title": titles.get(area), **dict(entry),
                      "score": shown_score(score) if isinstance(score, int | float) else None})
    return areas


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


def _finding(finding: ReviewedFinding, reviewed: ReviewedResult,
             questionnaire: Questionnaire | None, language: str) -> dict[str, Any]:
    default = reviewed.result.default_language
    override = finding.override
    area_title = next((questionnaire.text(area.title, language) for area in
                       questionnaire.areas if area.id == finding.area), None
                      ) if questionnaire else None
    reviewed_severity = None if finding.dismissed else finding.severity
    return {
        "id": finding.id,
        "area": finding.area,
        "area_title": area_title,
        # JSON readers since issue 9: "severity" is the reviewed one, "rules_severity" the
        # rules'; the findings CSV shows the rules' as "severity" beside "reviewed_severity".
        "severity": reviewed_severity,
        "reviewed_severity": reviewed_severity,
        "rules_severity": finding.original_severity,
        "status": "dismissed" if finding.dismissed else "added" if finding.added
        else "changed" if finding.changed else "as_raised",
        "title": text(finding.title, language, default),
        "recommendation": text(finding.recommendation, language, default),
        "owner": finding.owner,
        "owner_name": text(finding.owner_name, language, default),
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


def _answer_line(answer: Answer, questionnaire: Questionnaire | None,
                 labels: Mapping[int, str], language: str) -> AnswerLine:
    question = questionnaire.questions.get(answer.question_id) if questionnaire else None
    words = _words(questionnaire, question, answer.value, language) \
        if questionnaire and question else None
    return AnswerLine(
        question_id=answer.question_id,
        area=questionnaire.question_areas.get(answer.question_id) if questionnaire else None,
        question=questionnaire.text(question.text, language) if questionnaire and question
        else None,
        value=answer.value,
        answer=words,
        respondent=labels.get(answer.invitation_id) if answer.invitation_id else None,
        updated_at=answer.updated_at,
        version=answer.version,
    )


def _words(questionnaire: Questionnaire, question: Any, value: Any, language: str) -> str:
    """The answer in words; a stored value its question no longer reads is shown as it is."""
    try:
        return format_answer(questionnaire, question, value, language,
                             translations(language).gettext)
    except (TypeError, ValueError, AttributeError):
        return str(value)
