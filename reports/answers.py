"""An answer as a reader sees it: choice labels, units, localised numbers, reserved values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from babel.numbers import format_decimal, format_percent

from assessment.engine import Questionnaire
from assessment.engine.question_types import DONT_KNOW, NOT_APPLICABLE, QuestionBase

Gettext = Callable[[str], str]


def _(message: str) -> str:
    """Mark a message for extraction; translated where it is used, with the report's gettext."""
    return message


NOT_ANSWERED = _("Not answered")
DONT_KNOW_TEXT = _("Don’t know")
NOT_APPLICABLE_TEXT = _("Not applicable")
NONE_SELECTED = _("None selected")
YES, NO = _("Yes"), _("No")
STATUS_TEXT = {"dont_know": DONT_KNOW_TEXT, "not_applicable": NOT_APPLICABLE_TEXT,
               "unanswered": NOT_ANSWERED}


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
    """The answer in words, in ``lang``: labels for choices, units for numbers."""
    status = answer_status(question, value)
    if status != "answered":
        return gettext(STATUS_TEXT[status])
    kind = question.type
    if kind in ("single_choice", "multiple_choice"):
        labels = {c.value: questionnaire.text(c.label, lang) for c in question.choices}  # type: ignore[attr-defined]
        chosen = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(v, str(v)) for v in chosen) or gettext(NONE_SELECTED)
    if kind == "yes_no":
        word = YES if value == "yes" else NO
        return gettext(word)
    if kind == "scale":
        label = question.labels.get(value)  # type: ignore[attr-defined]
        return f"{value} – {questionnaire.text(label, lang)}" if label else str(value)
    if kind == "percentage":
        return format_percent(round(value, 1) / 100, locale=lang, decimal_quantization=False)
    if kind == "number":
        unit = question.unit  # type: ignore[attr-defined]
        number = format_decimal(value, locale=lang)
        return f"{number} {questionnaire.text(unit, lang)}" if unit else number
    return str(value)
