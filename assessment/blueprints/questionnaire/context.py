"""Context builders: turn flow state and forms into plain data for the templates.

Templates never see ORM objects or WTForms fields; they get these frozen dataclasses,
so a template cannot trigger a lazy load and the macros can be reused with any data
of the same shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from babel.dates import format_date, format_datetime, get_timezone
from flask import current_app
from markupsafe import Markup

from assessment.blueprints.questionnaire.adapters import Translate, adapter_for
from assessment.blueprints.questionnaire.field_view import ConflictView, FieldView
from assessment.blueprints.questionnaire.forms import SectionForm
from assessment.blueprints.questionnaire.i18n import gettext, ngettext
from assessment.engine import QuestionBase


@dataclass(frozen=True)
class UiText:
    """Words every question may use, translated once per page."""

    or_word: str
    optional: str
    error_prefix: str

    @staticmethod
    def max_length(count: int) -> str:
        """The character-count hint."""
        return ngettext("You can enter up to %(num)s character",
                        "You can enter up to %(num)s characters", count)


def ui_text() -> UiText:
    """The page's UiText in the current language."""
    return UiText(or_word=gettext("or"), optional=gettext("(optional)"),
                  error_prefix=gettext("Error:"))


@dataclass(frozen=True)
class ErrorLink:
    """An entry of the error summary: the text and the link to the field it is about."""

    href: str
    text: str


@dataclass(frozen=True)
class Notice:
    """A banner above the form: ``info``, ``success`` or ``warning``."""

    kind: str
    title: str
    body: str


@dataclass(frozen=True)
class ProgressStep:
    """A section in the progress list."""

    title: str
    url: str
    state: str
    state_label: str


@dataclass(frozen=True)
class ProgressView:
    """Sections done, where the respondent is, and the questions answered.

    ``here``: "Section 2 of 6 · page 1 of 3" on a question page; ``counts``: the sections
    complete and questions answered, in words with their plural forms.
    """

    done: int
    total: int
    position: int
    answered: int
    questions: int
    steps: Sequence[ProgressStep] = ()
    here: str | None = None
    counts: str = ""


@dataclass(frozen=True)
class SectionPage:
    """Everything the section template shows."""

    title: str
    caption: str
    intro: str | None
    action: str
    back_url: str | None
    fields: Sequence[FieldView]
    form_context: str
    progress: ProgressView | None
    errors: Sequence[ErrorLink] = ()
    notices: Sequence[Notice] = ()
    reveals_later: bool = False
    can_save: bool = True
    return_to: str | None = None
    ui: UiText | None = None
    fields_html: Sequence[Markup] = ()
    new_questions: frozenset[str] = frozenset()  # revealed by the last save: marked, focused
    only_question: str | None = None  # a change of one question from the review page
    new_label: str = ""


@dataclass(frozen=True)
class ReviewRow:
    """A question and its answer on the check-your-answers page."""

    question_id: str
    question: str
    answer: str
    answered: bool
    required: bool
    change_url: str  # "" while changes are requested and this answer is not reopened
    answered_by: str | None = None
    comment: str | None = None  # the consultant's comment when changes are requested (0007)
    answered_on: str = ""  # when another respondent gave the answer (with answered_by)
    disagree_url: str = ""  # a colleague's fixed answer: record a different view instead


@dataclass(frozen=True)
class ReviewSection:
    """A section's rows on the check-your-answers page."""

    title: str
    rows: Sequence[ReviewRow]
    change_url: str


@dataclass(frozen=True)
class Finding:
    """A gap on the summary page."""

    title: str
    severity: str
    severity_label: str
    area: str
    recommendation: str


@dataclass(frozen=True)
class SummaryView:
    """The short result shown after submitting."""

    band: str | None
    band_label: str
    score: str | None
    findings: Sequence[Finding] = field(default_factory=tuple)


def field_views(
    form: SectionForm,
    translate: Translate,
    *,
    versions: Mapping[str, int],
    conflicts: Mapping[str, ConflictView] | None = None,
) -> list[FieldView]:
    """A FieldView per question of the form, with its current input, error and version."""
    errors = form.errors()
    return [
        _field_view(question, form, translate, errors.get(question.id),
                    versions.get(question.id, 0), (conflicts or {}).get(question.id))
        for question in form.questions
    ]


def _field_view(question: QuestionBase, form: SectionForm, translate: Translate,
                error: str | None, version: int, conflict: ConflictView | None) -> FieldView:
    frame = FieldView(
        id=question.id,
        name=question.id,
        question=translate(question.text),
        hint=translate(question.help) if question.help else None,
        required=bool(question.required),
        error=error,
        version=version,
        conflict=conflict,
    )
    return adapter_for(question).view(question, form.field(question.id), frame, translate)


def error_links(fields: Iterable[FieldView]) -> list[ErrorLink]:
    """The error summary: one link per field in error, to its first input, in page order."""
    links = []
    for view in fields:
        if view.error:
            links.append(ErrorLink(href=f"#{view.id}", text=view.error))
        if view.conflict and view.conflict.error:
            links.append(ErrorLink(href=f"#{view.id}-resolve", text=view.conflict.error))
    return links


def display_when(moment: datetime | None, language: str) -> str:
    """A timestamp in the page language, e.g. '23 Nov 2026, 14:05'."""
    if moment is None:
        return ""
    return str(format_datetime(moment, format="medium", tzinfo=_zone(), locale=language))


def display_date(moment: datetime | None, language: str) -> str:
    """A date in the page language, e.g. '23 November 2026'."""
    if moment is None:
        return ""
    return str(format_date(moment.astimezone(_zone()), format="long", locale=language))


def _zone() -> Any:
    """The time zone respondents read times in (config DISPLAY_TIMEZONE)."""
    return get_timezone(current_app.config.get("DISPLAY_TIMEZONE", "Europe/Amsterdam"))


@dataclass(frozen=True)
class AreaView:
    """An area the respondent is asked about."""

    title: str
    description: str | None


@dataclass(frozen=True)
class StartPage:
    """The first page of a new respondent."""

    title: str
    greeting: str | None
    description: str | None
    areas: Sequence[AreaView]
    questions: int
    sections: int
    expires: str
    start_url: str


@dataclass(frozen=True)
class ReviewPage:
    """Check your answers."""

    sections: Sequence[ReviewSection]
    progress: ProgressView
    submit_action: str
    back_url: str | None
    errors: Sequence[ErrorLink] = ()
    others_pending: bool = False
    notices: Sequence[Notice] = ()


@dataclass(frozen=True)
class DonePage:
    """After submitting."""

    respondent: str | None
    summary: SummaryView | None
    pending: bool


@dataclass(frozen=True)
class MessagePage:
    """A plain page with a title, paragraphs and an optional link."""

    title: str
    paragraphs: Sequence[str]
    link_url: str | None = None
    link_text: str | None = None
    expires: str = ""


@dataclass(frozen=True)
class LanguageOption:
    """An entry of the language menu."""

    code: str
    name: str
    current: bool


@dataclass(frozen=True)
class Chrome:
    """The header's data: organisation and the language menu."""

    organisation: str | None
    languages: Sequence[LanguageOption]
    language_action: str
    next: str
