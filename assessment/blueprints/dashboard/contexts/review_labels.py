"""Translated names for the review pages: severities, efforts, review actions, audit events,
and answers in words (through the report's own catalogue, which already has them)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

if TYPE_CHECKING:
    from assessment.engine import Questionnaire
    from assessment.engine.question_types import QuestionBase

SEVERITY_LABELS = {"high": _l("High"), "medium": _l("Medium"), "low": _l("Low")}
EFFORT_LABELS = {"S": _l("Small (S)"), "M": _l("Medium (M)"), "L": _l("Large (L)")}

ACTION_LABELS = {
    "start": _l("Start the review"),
    "request_changes": _l("Request changes"),
    "approve": _l("Approve"),
    "reopen": _l("Withdraw the approval"),
}

EVENT_LABELS = {
    "assessment.created": _l("Assessment started"),
    "assessment.follow_up": _l("Started as a follow-up"),
    "assessment.submitted": _l("All parts submitted"),
    "assessment.scored": _l("Scored"),
    "assessment.rescored": _l("Re-scored on a new version"),
    "assessment.shared": _l("Shared with a consultant"),
    "assessment.unshared": _l("Access removed"),
    "assessment.owner_set": _l("Owner set"),
    "invitation.created": _l("Invitation issued"),
    "invitation.opened": _l("Invitation link opened"),
    "invitation.revoked": _l("Invitation revoked"),
    "invitation.reopened": _l("Questions reopened for a respondent"),
    "answers.saved": _l("Answers saved"),
    "answers.conflict": _l("Conflicting answers shown"),
    "respondent.submitted": _l("Respondent submitted"),
    "review.start": _l("Review started"),
    "review.request_changes": _l("Changes requested"),
    "review.approve": _l("Approved"),
    "review.reopen": _l("Approval withdrawn"),
    "override.severity": _l("Severity changed"),
    "override.dismiss": _l("Finding dismissed"),
    "override.add": _l("Finding added"),
    "override.withdrawn": _l("Override withdrawn"),
    "note.added": _l("Note added"),
    "note.edited": _l("Note edited"),
    "note.deleted": _l("Note deleted"),
    "disagreement.recorded": _l("A respondent recorded a different answer"),
    "disagreement.resolved": _l("Disagreement resolved"),
    "report.downloaded": _l("Report downloaded"),
}


def severity_label(severity: str | None) -> str:
    """The translated name of a severity ('' for none)."""
    return str(SEVERITY_LABELS.get(severity or "", severity or ""))


def effort_label(effort: str | None) -> str:
    """The translated name of an effort size."""
    return str(EFFORT_LABELS.get(effort or "", effort or ""))


def event_label(action: str) -> str:
    """The translated name of an audit action (the action itself if unknown)."""
    return str(EVENT_LABELS.get(action, action))


def language_name(code: str) -> str:
    """A language's name in itself ('Nederlands')."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def page_language() -> str:
    """The language the page is rendered in."""
    return str(get_locale() or "en")


def answer_text(questionnaire: Questionnaire, question: QuestionBase, value: Any) -> str:
    """An answer in words in the page language ('Not answered' for none)."""
    from reports.answers import format_answer
    from reports.i18n import translations

    language = page_language()
    gettext = translations(language if language in ("en", "nl", "fr", "sv") else "en").gettext
    shown = language if language in questionnaire.languages else questionnaire.default_language
    return format_answer(questionnaire, question, value, shown, gettext)
