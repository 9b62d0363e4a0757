"""Answers in words, the one formatter of the app: the check-your-answers page, the
dashboard and the report all read answers through ``format_answer``.

Plain Python (no Flask): the caller passes the language and the ``gettext`` of the
catalogue it renders with (the client's, the dashboard's or the report's; each holds
these few words). Numbers and percentages follow the language's own format (babel).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from babel.numbers import format_decimal, format_percent

from assessment.engine import Questionnaire
from assessment.engine.question_types import (
    DONT_KNOW,
    NOT_APPLICABLE,
    FreeText,
    MultipleChoice,
    Number,
    Percentage,
    QuestionBase,
    Scale,
    SingleChoice,
    YesNo,
)

Gettext = Callable[[str], str]


def _(message: str) -> str:
    """Mark a message for extraction; translated where it is used, with the caller's gettext."""
    return message


NOT_ANSWERED = _("Not answered")
DONT_KNOW_TEXT = _("Don’t know")
NOT_APPLICABLE_TEXT = _("Not applicable")
NONE_SELECTED = _("None selected")
YES, NO = _("Yes"), _("No")
STATUS_TEXT = {"dont_know": DONT_KNOW_TEXT, "not_applicable": NOT_APPLICABLE_TEXT,
               "unanswered": NOT_ANSWERED}
SEPARATOR = "; "  # choice labels may hold commas


def answer_status(question: QuestionBase, value: Any) -> str:
    """'answered', 'dont_know', 'not_applicable' or 'unanswered'."""
    if value == DONT_KNOW:
        return "dont_know"
    if value == NOT_APPLICABLE:
        return "not_applicable"
    if value is None or question.is_blank(value):
        return "unanswered"
    return "answered"


def format_answer(
    questionnaire: Questionnaire, question: QuestionBase, value: Any, lang: str, gettext: Gettext
) -> str:
    """The answer in words, in ``lang``: labels for choices, units and local number formats."""
    status = answer_status(question, value)
    if status != "answered":
        return gettext(STATUS_TEXT[status])
    text = questionnaire.text
    if isinstance(question, SingleChoice | MultipleChoice):
        labels = {c.value: text(c.label, lang) for c in question.choices}
        chosen = value if isinstance(value, list) else [value]
        return SEPARATOR.join(labels.get(v, str(v)) for v in chosen) or gettext(NONE_SELECTED)
    if isinstance(question, YesNo):
        word = YES if value == "yes" else NO
        return gettext(word)
    if isinstance(question, Scale):
        label = question.labels.get(value)
        return f"{value} – {text(label, lang)}" if label else str(value)
    if isinstance(question, Percentage):
        return str(format_percent(round(value, 1) / 100, locale=lang,
                                  decimal_quantization=False))
    if isinstance(question, Number):
        number = str(format_decimal(value, locale=lang))
        return f"{number} {text(question.unit, lang)}" if question.unit else number
    if isinstance(question, FreeText):
        return str(value)
    raise TypeError(f"no words for question type {question.type!r}")
