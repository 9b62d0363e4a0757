"""Adapters of the questions answered by choosing: single and multiple choice, yes/no, scale."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from wtforms.fields.core import UnboundField

from assessment.blueprints.questionnaire.adapters.base import (
    BuildContext,
    QuestionAdapter,
    Text,
    Translate,
    choice_options,
    field_options,
    special_choices,
)
from assessment.blueprints.questionnaire.field_view import (
    CHECKBOXES,
    RADIOS,
    FieldView,
    OptionView,
)
from assessment.blueprints.questionnaire.fields import (
    Choice,
    ChoiceAnswerField,
    MultiChoiceAnswerField,
)
from assessment.blueprints.questionnaire.i18n import gettext
from assessment.engine.question_types import (
    RESERVED_VALUES,
    MultipleChoice,
    Scale,
    SingleChoice,
    YesNo,
)


class SingleChoiceAdapter(QuestionAdapter[SingleChoice, ChoiceAnswerField]):
    """Radios: one per choice, then don't know / N/A after an "or" divider."""

    question_class = SingleChoice

    def field(self, question: SingleChoice, ctx: BuildContext) -> UnboundField:
        choices = [Choice(str(c.value), ctx.translate(c.label)) for c in question.choices]
        return UnboundField(ChoiceAnswerField, choices=choices + special_choices(question),
                            **field_options(question, ctx))

    def view(self, question: SingleChoice, field: ChoiceAnswerField, frame: FieldView,
             translate: Translate) -> FieldView:
        options = choice_options(question.id, field, exclusive_specials=False)
        return replace(frame, widget=RADIOS, options=options)


class YesNoAdapter(QuestionAdapter[YesNo, ChoiceAnswerField]):
    """Yes and No radios (UI words, not definition text), then don't know / N/A.

    Without don't know / N/A the two radios sit side by side.
    """

    question_class = YesNo

    def field(self, question: YesNo, ctx: BuildContext) -> UnboundField:
        choices = [Choice("yes", gettext("Yes")), Choice("no", gettext("No"))]
        return UnboundField(ChoiceAnswerField, choices=choices + special_choices(question),
                            **field_options(question, ctx))

    def view(self, question: YesNo, field: ChoiceAnswerField, frame: FieldView,
             translate: Translate) -> FieldView:
        options = choice_options(question.id, field, exclusive_specials=False)
        inline = not any(c.special for c in field.choices)
        return replace(frame, widget=RADIOS, options=options, inline=inline)


class ScaleAdapter(QuestionAdapter[Scale, ChoiceAnswerField]):
    """A labelled radio per point from min to max; the answer is the point as a whole number."""

    question_class = Scale

    def field(self, question: Scale, ctx: BuildContext) -> UnboundField:
        labels = question.labels or {}
        choices = [
            Choice(str(point), f"{point} – {ctx.translate(_label_for(labels, point))}")
            for point in range(int(question.min), int(question.max) + 1)
        ]
        return UnboundField(ChoiceAnswerField, choices=choices + special_choices(question),
                            **field_options(question, ctx))

    def prefill(self, question: Scale, value: Any) -> Any:
        return None if value is None else str(value)

    def parse(self, question: Scale, field: ChoiceAnswerField) -> Any:
        answer = field.answer()
        return answer if answer is None or answer in RESERVED_VALUES else int(answer)

    def view(self, question: Scale, field: ChoiceAnswerField, frame: FieldView,
             translate: Translate) -> FieldView:
        options = choice_options(question.id, field, exclusive_specials=False)
        return replace(frame, widget=RADIOS, options=options)


def _label_for(labels: Mapping[Any, Text], point: int) -> Text:
    return labels.get(point) or labels.get(str(point))


class MultipleChoiceAdapter(QuestionAdapter[MultipleChoice, MultiChoiceAnswerField]):
    """Checkboxes, with don't know / N/A as exclusive options after a divider."""

    question_class = MultipleChoice

    def field(self, question: MultipleChoice, ctx: BuildContext) -> UnboundField:
        choices = [
            Choice(str(c.value), ctx.translate(c.label), exclusive=c.exclusive)
            for c in question.choices
        ]
        return UnboundField(
            MultiChoiceAnswerField,
            choices=choices + special_choices(question),
            min_selected=question.min_selected,
            max_selected=question.max_selected,
            **field_options(question, ctx),
        )

    def prefill(self, question: MultipleChoice, value: Any) -> Any:
        # Don't know / N/A are stored as the plain value, ticked as one checkbox of the group.
        return [value] if isinstance(value, str) else value

    def view(self, question: MultipleChoice, field: MultiChoiceAnswerField, frame: FieldView,
             translate: Translate) -> FieldView:
        options = tuple(
            _exclusive(option, index, field.choices)
            for index, option in enumerate(
                choice_options(question.id, field, exclusive_specials=True))
        )
        hint = frame.hint if question.max_selected is not None else _select_all(frame.hint)
        return replace(frame, widget=CHECKBOXES, options=options, hint=hint)


def _exclusive(option: OptionView, index: int, choices: list[Choice]) -> OptionView:
    """An exclusive choice ("None of these") unticks the others, after an "or" divider."""
    choice = choices[index]
    if not choice.exclusive:
        return option
    after_other = index > 0 and not choices[index - 1].exclusive
    return replace(option, exclusive=True, divider_before=after_other)


def _select_all(hint: str | None) -> str:
    """The question's hint followed by the instruction to tick every option that applies."""
    instruction = gettext("Select all that apply.")
    return f"{hint} {instruction}" if hint else instruction
