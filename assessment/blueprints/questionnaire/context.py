"""Context builders: turn flow state and forms into plain data for the templates.

Templates never see ORM objects or WTForms fields; they get these frozen dataclasses,
so a template cannot trigger a lazy load and the macros can be reused with any data
of the same shape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from babel.dates import format_date, format_datetime, get_timezone
from flask import current_app
from markupsafe import Markup

from assessment.blueprints.questionnaire.fields import (
    ChoiceAnswerField,
    MultiChoiceAnswerField,
    NumberAnswerField,
    TextAnswerField,
)
from assessment.blueprints.questionnaire.forms import SectionForm
from assessment.blueprints.questionnaire.i18n import gettext

Translate = Callable[[Any], str]


@dataclass(frozen=True)
class OptionView:
    """A radio or checkbox."""

    id: str
    name: str
    value: str
    label: str
    checked: bool = False
    exclusive: bool = False
    divider_before: bool = False


@dataclass(frozen=True)
class UiText:
    """Words every question may use, translated once per page."""

    or_word: str
    optional: str
    error_prefix: str

    @staticmethod
    def max_length(count: int) -> str:
        """The character-count hint."""
        return gettext("You can enter up to %(count)s characters", count=count)


def ui_text() -> UiText:
    """The page's UiText in the current language."""
    return UiText(or_word=gettext("or"), optional=gettext("(optional)"),
                  error_prefix=gettext("Error:"))


@dataclass(frozen=True)
class ConflictView:
    """A saved answer that changed under the respondent, and the choice they are asked to make."""

    their_value: str
    your_value: str
    who: str
    when: str
    choice: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class FieldView:
    """One question on a section page, ready for the ``question`` macro."""

    id: str
    name: str
    kind: str
    question: str
    hint: str | None
    required: bool
    error: str | None = None
    options: tuple[OptionView, ...] = ()
    specials: tuple[OptionView, ...] = ()
    value: str = ""
    unit: str = ""
    input_label: str = ""
    inputmode: str = "decimal"
    max_length: int | None = None
    version: int | None = None
    inline: bool = False
    conflict: ConflictView | None = None

    @property
    def describedby(self) -> Markup:
        """The ``aria-describedby`` attribute (with its leading space), or nothing."""
        ids = [f"{self.id}-hint"] if self.hint else []
        if self.error:
            ids.append(f"{self.id}-error")
        if self.max_length and self.kind in {"text", "textarea"}:
            ids.append(f"{self.id}-count")
        return Markup(' aria-describedby="{}"').format(" ".join(ids)) if ids else Markup("")


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
    """Sections done, where the respondent is, and the questions answered."""

    done: int
    total: int
    position: int
    answered: int
    questions: int
    steps: Sequence[ProgressStep] = ()


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


def _field_view(question: Any, form: SectionForm, translate: Translate, error: str | None,
                version: int, conflict: ConflictView | None) -> FieldView:
    bound = form.field(question.id)
    common: dict[str, Any] = {
        "id": question.id,
        "name": question.id,
        "question": translate(question.text),
        "hint": translate(question.help) if getattr(question, "help", None) else None,
        "required": bool(getattr(question, "required", True)),
        "error": error,
        "version": version,
        "conflict": conflict,
    }
    if isinstance(bound, ChoiceAnswerField | MultiChoiceAnswerField):
        return _choice_view(question, bound, common)
    if isinstance(bound, NumberAnswerField):
        return _number_view(question, bound, translate, common)
    if isinstance(bound, TextAnswerField):
        kind = "textarea" if getattr(question, "multiline", False) else "text"
        return FieldView(kind=kind, value=bound.data or "", max_length=bound.max_length, **common)
    raise TypeError(f"no view for field {type(bound).__name__} of question {question.id!r}")


def _choice_view(question: Any, bound: ChoiceAnswerField | MultiChoiceAnswerField,
                 common: dict[str, Any]) -> FieldView:
    selected = bound.selected()
    multiple = isinstance(bound, MultiChoiceAnswerField)
    options = []
    for index, choice in enumerate(bound.choices):
        previous = bound.choices[index - 1] if index else None
        options.append(OptionView(
            id=question.id if index == 0 else f"{question.id}-{index}",
            name=question.id,
            value=choice.value,
            label=choice.label,
            checked=choice.value in selected,
            exclusive=multiple and choice.special,
            divider_before=choice.special and previous is not None and not previous.special,
        ))
    inline = question.type == "yes_no" and not any(c.special for c in bound.choices)
    return FieldView(kind="checkboxes" if multiple else "radios", options=tuple(options),
                     inline=inline, **common)


def _number_view(question: Any, bound: NumberAnswerField, translate: Translate,
                 common: dict[str, Any]) -> FieldView:
    unit = "%" if bound.percentage else translate(getattr(question, "unit", None) or {})
    specials = [
        OptionView(id=f"{question.id}-{choice.value}", name=bound.special_name, value=choice.value,
                   label=choice.label, checked=choice.value in bound.selected(),
                   divider_before=index == 0)
        for index, choice in enumerate(bound.specials)
    ]
    if bound.percentage:
        input_label = gettext("Percentage")
    elif unit:
        input_label = gettext("Number of %(unit)s", unit=unit)
    else:
        input_label = gettext("Number")
    return FieldView(kind="number", value=bound.raw, unit=unit, input_label=input_label,
                     inputmode="numeric" if bound.integer else "decimal", specials=tuple(specials),
                     **common)


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
