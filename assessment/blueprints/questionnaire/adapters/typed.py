"""Adapters of the questions answered by typing: number, percentage and free text."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from wtforms.fields.core import UnboundField

from assessment.blueprints.questionnaire.adapters.base import (
    BuildContext,
    QuestionAdapter,
    Translate,
    field_options,
    special_choices,
)
from assessment.blueprints.questionnaire.field_view import (
    NUMBER,
    TEXT,
    TEXTAREA,
    FieldView,
    OptionView,
)
from assessment.blueprints.questionnaire.fields import NumberAnswerField, TextAnswerField
from assessment.blueprints.questionnaire.i18n import gettext
from assessment.engine.question_types import FreeText, Number, Percentage


class NumberAdapter(QuestionAdapter[Number, NumberAnswerField]):
    """A text box read as a number in the page's language, with don't know / N/A boxes."""

    question_class: type[Number] = Number

    def field(self, question: Number, ctx: BuildContext) -> UnboundField:
        low, high = self.bounds(question)
        return UnboundField(
            NumberAnswerField,
            language=ctx.language,
            integer=question.integer,
            minimum=low,
            maximum=high,
            specials=special_choices(question),
            **field_options(question, ctx),
        )

    def bounds(self, question: Number) -> tuple[float | None, float | None]:
        """The lowest and highest number accepted (None: no bound)."""
        return question.min, question.max

    def view(self, question: Number, field: NumberAnswerField, frame: FieldView,
             translate: Translate) -> FieldView:
        unit = self.unit(question, translate)
        specials = tuple(
            OptionView(id=f"{question.id}-{choice.value}", name=field.special_name,
                       value=choice.value, label=choice.label,
                       checked=choice.value in field.selected(), divider_before=index == 0)
            for index, choice in enumerate(field.specials)
        )
        return replace(frame, widget=NUMBER, value=field.raw, unit=unit,
                       input_label=self.input_label(unit),
                       inputmode="numeric" if field.integer else "decimal", specials=specials)

    def unit(self, question: Number, translate: Translate) -> str:
        """The unit shown after the box, in the page language ("" for none)."""
        return translate(question.unit or {})

    def input_label(self, unit: str) -> str:
        """The label of the box itself (the question is the legend)."""
        if unit:
            return gettext("Number of %(unit)s", unit=unit)
        return gettext("Number")


class PercentageAdapter(NumberAdapter):
    """A number box with a % sign, from 0 to 100 unless the question narrows it."""

    question_class = Percentage

    def bounds(self, question: Number) -> tuple[float | None, float | None]:
        return (0 if question.min is None else question.min,
                100 if question.max is None else question.max)

    def unit(self, question: Number, translate: Translate) -> str:
        return "%"

    def input_label(self, unit: str) -> str:
        return gettext("Percentage")


class FreeTextAdapter(QuestionAdapter[FreeText, TextAnswerField]):
    """A text box or, for multiline questions, a text area, limited to max_length."""

    question_class = FreeText

    def field(self, question: FreeText, ctx: BuildContext) -> UnboundField:
        return UnboundField(TextAnswerField, max_length=question.max_length,
                            **field_options(question, ctx))

    def prefill(self, question: FreeText, value: Any) -> Any:
        return value if isinstance(value, str) else ""

    def view(self, question: FreeText, field: TextAnswerField, frame: FieldView,
             translate: Translate) -> FieldView:
        return replace(frame, widget=TEXTAREA if question.multiline else TEXT,
                       value=field.data or "", max_length=field.max_length)
