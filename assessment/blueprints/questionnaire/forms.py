"""Section forms built from the definition: a registry of field builders by question type.

A question type of the engine gets its form field here with one builder function
registered under the type's name; an unknown type fails loudly (``UnknownQuestionType``)
rather than rendering nothing. The section form is a WTForms ``BaseForm`` so question
ids are field names as they are, with no clash with form attributes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms.fields.core import UnboundField
from wtforms.form import BaseForm

from assessment.blueprints.questionnaire.fields import (
    DONT_KNOW,
    NOT_APPLICABLE,
    AnswerField,
    Choice,
    ChoiceAnswerField,
    MultiChoiceAnswerField,
    NumberAnswerField,
    TextAnswerField,
)
from assessment.blueprints.questionnaire.i18n import gettext

Text = Mapping[str, str] | None
VERSION_PREFIX = "v-"
RESOLVE_PREFIX = "resolve-"


class UnknownQuestionType(LookupError):
    """A question's type has no field builder: add one to FIELD_BUILDERS."""


@dataclass(frozen=True)
class BuildContext:
    """What builders need besides the question: the page language and the save mode."""

    language: str
    translate: Callable[[Text], str]
    enforce_required: bool = True


FieldBuilder = Callable[[Any, BuildContext], UnboundField]
FIELD_BUILDERS: dict[str, FieldBuilder] = {}


def builds(*type_names: str) -> Callable[[FieldBuilder], FieldBuilder]:
    """Register a field builder for one or more question types."""

    def register(builder: FieldBuilder) -> FieldBuilder:
        for name in type_names:
            FIELD_BUILDERS[name] = builder
        return builder

    return register


def build_field(question: Any, ctx: BuildContext) -> UnboundField:
    """The unbound field for a question, from the builder registered for its type.

    Definitions never change while loaded, so a field recipe is built once per question,
    language and save mode and reused (an unbound field is only a recipe: binding it
    to a form makes a fresh field).
    """
    key = (id(question), ctx.language, ctx.enforce_required)
    cached = _BUILT.get(key)
    if cached is not None and cached[0] is question:
        return cached[1]
    try:
        builder = FIELD_BUILDERS[question.type]
    except KeyError:
        raise UnknownQuestionType(
            f"question {question.id!r} has type {question.type!r}, which has no form field; "
            f"known types: {', '.join(sorted(FIELD_BUILDERS))}"
        ) from None
    unbound = builder(question, ctx)
    _BUILT[key] = (question, unbound)
    return unbound


# (id(question), language, enforce_required) -> (question, unbound field); the question is
# kept so an id reused after a bank reload never returns another question's field.
_BUILT: dict[tuple[int, str, bool], tuple[Any, UnboundField]] = {}


def _common(question: Any, ctx: BuildContext) -> dict[str, Any]:
    return {
        "question": ctx.translate(question.text),
        "required": bool(getattr(question, "required", True)),
        "enforce_required": ctx.enforce_required,
    }


def special_choices(question: Any) -> list[Choice]:
    """The reserved answers a scored question offers: don't know, and N/A where allowed."""
    specials: list[Choice] = []
    if getattr(question, "allow_dont_know", False):
        specials.append(Choice(DONT_KNOW, gettext("I don't know"), special=True))
    if getattr(question, "allow_not_applicable", False):
        specials.append(Choice(NOT_APPLICABLE, gettext("Not applicable to us"), special=True))
    return specials


@builds("single_choice")
def single_choice(question: Any, ctx: BuildContext) -> UnboundField:
    """Radios: one per choice, then don't know / N/A after an "or" divider."""
    choices = [Choice(str(c.value), ctx.translate(c.label)) for c in question.choices]
    return UnboundField(ChoiceAnswerField, choices=choices + special_choices(question),
                        **_common(question, ctx))


@builds("yes_no")
def yes_no(question: Any, ctx: BuildContext) -> UnboundField:
    """Yes and No radios (UI words, not definition text), then don't know / N/A."""
    choices = [Choice("yes", gettext("Yes")), Choice("no", gettext("No"))]
    return UnboundField(ChoiceAnswerField, choices=choices + special_choices(question),
                        **_common(question, ctx))


@builds("scale")
def scale(question: Any, ctx: BuildContext) -> UnboundField:
    """A labelled point per step from min to max; the answer is the point as an int."""
    labels = getattr(question, "labels", None) or {}
    choices = [
        Choice(str(point), f"{point} – {ctx.translate(_label_for(labels, point))}")
        for point in range(int(question.min), int(question.max) + 1)
    ]
    return UnboundField(ChoiceAnswerField, choices=choices + special_choices(question),
                        as_int=True, **_common(question, ctx))


def _label_for(labels: Mapping[Any, Text], point: int) -> Text:
    return labels.get(point) or labels.get(str(point))


@builds("multiple_choice")
def multiple_choice(question: Any, ctx: BuildContext) -> UnboundField:
    """Checkboxes, with don't know / N/A as exclusive options after a divider."""
    choices = [Choice(str(c.value), ctx.translate(c.label)) for c in question.choices]
    return UnboundField(
        MultiChoiceAnswerField,
        choices=choices + special_choices(question),
        min_selected=getattr(question, "min_selected", None),
        max_selected=getattr(question, "max_selected", None),
        **_common(question, ctx),
    )


@builds("number", "percentage")
def number(question: Any, ctx: BuildContext) -> UnboundField:
    """A text box read as a number in the page's language, with don't know / N/A boxes."""
    percentage = question.type == "percentage"
    minimum = getattr(question, "min", None)
    maximum = getattr(question, "max", None)
    return UnboundField(
        NumberAnswerField,
        language=ctx.language,
        integer=bool(getattr(question, "integer", False)),
        minimum=0 if percentage and minimum is None else minimum,
        maximum=100 if percentage and maximum is None else maximum,
        specials=special_choices(question),
        percentage=percentage,
        **_common(question, ctx),
    )


@builds("free_text")
def free_text(question: Any, ctx: BuildContext) -> UnboundField:
    """A text box or, for multiline questions, a text area, limited to max_length."""
    return UnboundField(TextAnswerField, max_length=int(getattr(question, "max_length", 5000)),
                        **_common(question, ctx))


class SectionForm:
    """The questions of one section page as a form; knows answers, errors and versions."""

    def __init__(self, questions: Iterable[Any], ctx: BuildContext,
                 formdata: MultiDict[str, str] | None = None,
                 stored: Mapping[str, Any] | None = None) -> None:
        self.questions = list(questions)
        self.ctx = ctx
        self.form = BaseForm([(q.id, build_field(q, ctx)) for q in self.questions])
        self.form.process(formdata, data=dict(stored or {}))

    def field(self, question_id: str) -> AnswerField:
        """The bound field of a question."""
        field: AnswerField = self.form[question_id]
        return field

    def validate(self) -> bool:
        """Check every field; True when all hold."""
        return bool(self.form.validate())

    def answers(self) -> dict[str, Any]:
        """Answer values by question id (None for a question left empty: clears it)."""
        return {q.id: self.field(q.id).answer() for q in self.questions}

    def errors(self) -> dict[str, str]:
        """The first error message of each question that has one, in page order."""
        return {
            q.id: str(self.field(q.id).errors[0])
            for q in self.questions
            if self.field(q.id).errors
        }

    def add_error(self, question_id: str, message: str) -> None:
        """Attach an error found after form validation (e.g. by the service)."""
        errors = self.field(question_id).errors
        if isinstance(errors, tuple):
            errors = list(errors)
            self.field(question_id).errors = errors
        errors.append(message)


def posted_versions(formdata: Mapping[str, str], question_ids: Iterable[str]) -> dict[str, int]:
    """The answer versions each field was rendered with; a missing or forged one counts as 0."""
    versions: dict[str, int] = {}
    for question_id in question_ids:
        raw = formdata.get(VERSION_PREFIX + question_id, "")
        versions[question_id] = int(raw) if raw.isdigit() and len(raw) < 10 else 0
    return versions


def posted_resolutions(formdata: Mapping[str, str], question_ids: Iterable[str]) -> dict[str, str]:
    """For questions that were in conflict: "theirs" or "mine", as the respondent chose."""
    choices = {}
    for question_id in question_ids:
        value = formdata.get(RESOLVE_PREFIX + question_id)
        if value in {"theirs", "mine"}:
            choices[question_id] = value
    return choices
