"""Turn an answers document (the ``assessment score`` ANSWERS shape) into a ReportInput.

The document is ``{questionnaire, language, answers}``; a report also reads these
optional keys (``assessment score`` ignores them):

- ``organisation``: the organisation's name (default: a translated "Unnamed organisation");
- ``date``: the report date, ``YYYY-MM-DD`` (default: today, UTC);
- ``respondents``: ``[{name, role?, areas?: [area ids]}]``;
- ``answered_by``: ``{question id: respondent name}``; without it, answers are attributed
  to the only respondent, or to the respondent whose ``areas`` cover the question;
- ``review``: consultant overrides (see ``assessment.reviewed.Review.from_dict``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from assessment.engine import Questionnaire, check_answers, evaluate
from assessment.reviewed import Review, ReviewError
from reports.build import ReportInput
from reports.i18n import LANGUAGES, translations
from reports.model import Respondent


class ReportInputError(ValueError):
    """The answers document cannot make a report; the message lists every problem."""


def report_input(
    questionnaire: Questionnaire,
    document: Mapping[str, Any],
    *,
    language: str | None = None,
    organisation: str | None = None,
    report_date: date | None = None,
) -> ReportInput:
    """Check the document, score its answers and gather everything a report needs."""
    answers = document.get("answers")
    if not isinstance(answers, Mapping):
        raise ReportInputError("'answers' must be a mapping of question id to value")
    lang = _language(questionnaire, language or document.get("language"))
    errors = check_answers(questionnaire, dict(answers))
    if errors:
        lines = [f"  {e.question_id}: {e.message}" for e in errors]
        raise ReportInputError("\n".join([f"{len(errors)} invalid answer(s):", *lines]))
    respondents = _respondents(document.get("respondents"))
    return ReportInput(
        questionnaire=questionnaire,
        result=evaluate(questionnaire, dict(answers)),
        answers=dict(answers),
        language=lang,
        organisation=_organisation(organisation or document.get("organisation"), lang),
        report_date=report_date or _date(document.get("date")),
        respondents=respondents,
        answered_by=_answered_by(questionnaire, answers, respondents,
                                 document.get("answered_by")),
        review=_review(document.get("review")),
    )


def _language(questionnaire: Questionnaire, value: Any) -> str:
    lang = value or questionnaire.default_language
    if lang not in LANGUAGES or lang not in questionnaire.languages:
        known = [x for x in questionnaire.languages if x in LANGUAGES]
        raise ReportInputError(f"unknown report language {lang!r} (choose {', '.join(known)})")
    return str(lang)


def _organisation(value: Any, lang: str) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return translations(lang).gettext("Unnamed organisation")
    if not isinstance(value, str):
        raise ReportInputError("'organisation' must be text")
    return value.strip()


def _date(value: Any) -> date:
    if value is None:
        return datetime.now(UTC).date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ReportInputError(f"'date' must be a date like 2026-11-23, not {value!r}") from None


def _respondents(value: Any) -> tuple[Respondent, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ReportInputError("'respondents' must be a list of {name, role, areas}")
    people = []
    for index, item in enumerate(value):
        if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
            raise ReportInputError(f"respondents[{index}] needs a 'name'")
        areas = item.get("areas")
        if areas is not None and not (isinstance(areas, list) and
                                      all(isinstance(a, str) for a in areas)):
            raise ReportInputError(f"respondents[{index}].areas must be a list of area ids")
        role = item.get("role")
        people.append(Respondent(item["name"], str(role) if role is not None else None,
                                 tuple(areas) if areas is not None else None))
    return tuple(people)


def _answered_by(questionnaire: Questionnaire, answers: Mapping[str, Any],
                 respondents: tuple[Respondent, ...], given: Any) -> dict[str, str]:
    if given is not None:
        if not isinstance(given, Mapping) or not all(isinstance(v, str) for v in given.values()):
            raise ReportInputError("'answered_by' must map question ids to respondent names")
        return {str(k): v for k, v in given.items()}
    attributed = {}
    for question_id in answers:
        area = questionnaire.question_areas.get(question_id)
        covering = [r for r in respondents if r.areas is None or area in r.areas]
        if len(covering) == 1:
            attributed[question_id] = covering[0].name
    return attributed


def _review(value: Any) -> Review:
    if value is not None and not isinstance(value, Mapping):
        raise ReportInputError("'review' must be a mapping")
    try:
        return Review.from_dict(value)
    except (ReviewError, ValueError, TypeError) as error:
        raise ReportInputError(f"review: {error}") from None
