"""What a question type must tell the web: the adapter interface, and the parts adapters share.

An adapter is the web side of one engine question class (``assessment.engine``'s
``QUESTION_TYPES``): the WTForms field that asks it, the value a stored answer puts in
that field, the engine's answer read back from the field, the widget the ``question``
macro draws with what it needs, and the answer in words (the app's one formatter,
``assessment.answer_text``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from wtforms.fields.core import UnboundField

from assessment.answer_text import Gettext, format_answer
from assessment.blueprints.questionnaire.field_view import FieldView, OptionView
from assessment.blueprints.questionnaire.fields import (
    AnswerField,
    Choice,
    ChoiceAnswerField,
    MultiChoiceAnswerField,
)
from assessment.blueprints.questionnaire.i18n import gettext
from assessment.engine import QuestionBase, Questionnaire
from assessment.engine.question_types import DONT_KNOW, NOT_APPLICABLE

Text = Mapping[str, str] | None
Translate = Callable[[Text], str]
Q = TypeVar("Q", bound=QuestionBase)
F = TypeVar("F", bound=AnswerField)


@dataclass(frozen=True)
class BuildContext:
    """What adapters need besides the question: the page language and the save mode."""

    language: str
    translate: Translate
    enforce_required: bool = True


class QuestionAdapter(ABC, Generic[Q, F]):
    """The web side of the engine question class ``question_class``, asked with fields of F."""

    question_class: type[Q]

    @abstractmethod
    def field(self, question: Q, ctx: BuildContext) -> UnboundField:
        """The (unbound) form field that asks ``question``."""

    def prefill(self, question: Q, value: Any) -> Any:
        """The field's data for a stored answer (the engine's value, or don't know / N/A)."""
        return value

    def parse(self, question: Q, field: F) -> Any:
        """The engine's answer from the validated field; None when it was left empty."""
        return field.answer()

    @abstractmethod
    def view(self, question: Q, field: F, frame: FieldView, translate: Translate) -> FieldView:
        """``frame`` (what every question shows) with the widget and what its macro needs."""

    def words(self, questionnaire: Questionnaire, question: Q, value: Any, language: str,
              gettext: Gettext) -> str:
        """The answer in words, in ``language``: the app's one formatter."""
        return format_answer(questionnaire, question, value, language, gettext)


def field_options(question: QuestionBase, ctx: BuildContext) -> dict[str, Any]:
    """The keyword arguments every answer field takes: the question text and requiredness."""
    return {
        "question": ctx.translate(question.text),
        "required": bool(question.required),
        "enforce_required": ctx.enforce_required,
    }


def special_choices(question: QuestionBase) -> list[Choice]:
    """The reserved answers a question offers: don't know, and N/A where allowed."""
    specials: list[Choice] = []
    if question.allow_dont_know:
        specials.append(Choice(DONT_KNOW, gettext("I don't know"), special=True))
    if question.allow_not_applicable:
        specials.append(Choice(NOT_APPLICABLE, gettext("Not applicable to us"), special=True))
    return specials


def choice_options(question_id: str, field: ChoiceAnswerField | MultiChoiceAnswerField,
                   *, exclusive_specials: bool) -> tuple[OptionView, ...]:
    """A radio or checkbox per choice; an "or" divider before the first reserved answer."""
    selected = field.selected()
    options = []
    for index, choice in enumerate(field.choices):
        previous = field.choices[index - 1] if index else None
        options.append(OptionView(
            id=question_id if index == 0 else f"{question_id}-{index}",
            name=question_id,
            value=choice.value,
            label=choice.label,
            checked=choice.value in selected,
            exclusive=exclusive_specials and choice.special,
            divider_before=choice.special and previous is not None and not previous.special,
        ))
    return tuple(options)
