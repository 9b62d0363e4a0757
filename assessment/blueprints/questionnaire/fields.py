"""WTForms fields for answers: parse what was posted, validate it, give back the answer value.

Every field knows three things the section form needs: how a stored answer is shown
(``process_data``), how posted input is checked (``pre_validate``, with specific
translated messages), and which answer value it stands for (``answer``). Messages
name the question, as the GOV.UK pattern asks, so the error summary reads well out
of context.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import (
    NumberFormatError,
    format_decimal,
    get_decimal_symbol,
    get_group_symbol,
    parse_decimal,
)
from wtforms import Field
from wtforms.validators import StopValidation

from assessment.blueprints.questionnaire.i18n import gettext, ngettext
from assessment.engine.question_types import RESERVED_VALUES as SPECIAL_VALUES

# Beyond this a typed number is a slip of the keyboard, and JSON floats lose it.
MAX_MAGNITUDE = Decimal(10) ** 15
# "1.500" or "-12.500.000": digits grouped by three with dots.
_DOT_GROUPS = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+$")


@dataclass(frozen=True)
class Choice:
    """One option of a choice field: the posted value and its label in the page language."""

    value: str
    label: str
    hint: str | None = None
    special: bool = False
    exclusive: bool = False  # a choice such as "None of these": never with other choices


class AnswerField(Field):  # type: ignore[misc]  # WTForms ships no types
    """Base of the answer fields: the question text for messages, requiredness, the answer."""

    def __init__(
        self,
        label: str = "",
        *,
        question: str = "",
        required: bool = True,
        enforce_required: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, **kwargs)
        self.question = question
        self.required = required
        self.enforce_required = enforce_required

    def _require(self, message: str) -> None:
        if self.required and self.enforce_required:
            raise StopValidation(message)

    def answer(self) -> Any:
        """The answer value to store (None when the field was left empty)."""
        return self.data


class ChoiceAnswerField(AnswerField):
    """One value from a fixed list (radios), don't know / N/A among them."""

    def __init__(self, label: str = "", *, choices: Sequence[Choice] = (),
                 **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.choices = list(choices)

    def process_data(self, value: Any) -> None:
        self.data = None if value is None else str(value)

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = valuelist[0] if valuelist else None

    def pre_validate(self, form: Any) -> None:
        if self.data in (None, ""):
            self.data = None
            self._require(gettext("Select an answer to “%(question)s”", question=self.question))
            return
        if self.data not in {choice.value for choice in self.choices}:
            raise StopValidation(gettext(
                "Select one of the options shown for “%(question)s”", question=self.question))

    def selected(self) -> set[str]:
        """The values to show as checked."""
        return {self.data} if self.data else set()


class MultiChoiceAnswerField(AnswerField):
    """Several values from a list; don't know / N/A are exclusive options of the same group."""

    def __init__(self, label: str = "", *, choices: Sequence[Choice] = (),
                 min_selected: int | None = None, max_selected: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.choices = list(choices)
        self.min_selected = min_selected
        self.max_selected = max_selected

    def process_data(self, value: Any) -> None:
        if value is None:
            self.data = []
        elif isinstance(value, str):
            self.data = [value]
        else:
            self.data = [str(v) for v in value]

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = [v for v in valuelist if v != ""]

    def pre_validate(self, form: Any) -> None:
        values: list[str] = self.data or []
        question = self.question
        if not values:
            self._require(gettext(
                "Select at least one option for “%(question)s”", question=question))
            return
        if not set(values) <= {choice.value for choice in self.choices}:
            raise StopValidation(
                gettext("Select only the options shown for “%(question)s”", question=question)
            )
        specials = [v for v in values if v in SPECIAL_VALUES]
        if specials and len(values) > 1:
            raise StopValidation(gettext(
                "For “%(question)s”, select options or “%(special)s”, not both",
                question=question, special=self._label_of(specials[0]),
            ))
        if specials:
            return
        exclusive = [c.label for c in self.choices if c.exclusive and c.value in values]
        if exclusive and len(values) > 1:
            raise StopValidation(gettext(
                "For “%(question)s”, “%(choice)s” cannot be selected together with other "
                "options", question=question, choice=exclusive[0],
            ))
        self._check_bounds(len(values))

    def _check_bounds(self, count: int) -> None:
        if self.min_selected and count < self.min_selected:
            raise StopValidation(ngettext(
                "Select at least %(num)s option for “%(question)s”",
                "Select at least %(num)s options for “%(question)s”",
                self.min_selected, question=self.question,
            ))
        if self.max_selected and count > self.max_selected:
            raise StopValidation(ngettext(
                "Select no more than %(num)s option for “%(question)s”",
                "Select no more than %(num)s options for “%(question)s”",
                self.max_selected, question=self.question,
            ))

    def _label_of(self, value: str) -> str:
        return next((c.label for c in self.choices if c.value == value), value)

    def answer(self) -> Any:
        values: list[str] = self.data or []
        if not values:
            return None
        if len(values) == 1 and values[0] in SPECIAL_VALUES:
            return values[0]
        order = [choice.value for choice in self.choices]
        return sorted(values, key=order.index)

    def selected(self) -> set[str]:
        """The values to show as checked."""
        return set(self.data or [])


class NumberAnswerField(AnswerField):
    """A number typed in the page language's format, or a don't know / N/A checkbox."""

    def __init__(self, label: str = "", *, language: str = "en", integer: bool = False,
                 minimum: float | None = None, maximum: float | None = None,
                 specials: Sequence[Choice] = (), **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.language = language
        self.integer = integer
        self.minimum = minimum
        self.maximum = maximum
        self.specials = list(specials)
        self.raw = ""
        self.special_values: list[str] = []

    @property
    def special_name(self) -> str:
        """The name of the don't know / N/A checkbox group."""
        return f"{self.name}-special"

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        super().process(formdata, data, extra_filters)
        if formdata is not None:
            self.special_values = [v for v in formdata.getlist(self.special_name) if v]

    def process_data(self, value: Any) -> None:
        self.data = value
        if isinstance(value, str) and value in SPECIAL_VALUES:
            self.special_values, self.raw = [value], ""
        elif isinstance(value, int | float) and not isinstance(value, bool):
            self.raw = format_decimal(value, locale=self.language, group_separator=False)
        else:
            self.raw = ""

    def process_formdata(self, valuelist: list[str]) -> None:
        self.raw = valuelist[0].strip() if valuelist else ""
        self.data = None

    def pre_validate(self, form: Any) -> None:
        question = self.question
        if not set(self.special_values) <= {s.value for s in self.specials}:
            raise StopValidation(gettext(
                "Select only the options shown for “%(question)s”", question=question))
        if len(self.special_values) > 1:
            raise StopValidation(gettext(
                "For “%(question)s”, select only one of the options under the box",
                question=question))
        if self.special_values and self.raw:
            raise StopValidation(gettext(
                "For “%(question)s”, enter a number or tick the box under it, not both",
                question=question))
        if self.special_values:
            self.data = self.special_values[0]
            return
        if not self.raw:
            self.data = None
            self._require(gettext("Enter a number for “%(question)s”", question=question))
            return
        self.data = self._parse(self.raw)

    def _parse(self, text: str) -> int | float:
        if dot_for_thousands(text, self.language):
            raise StopValidation(self._dot_message())
        number = parse_number(text, self.language)
        question = self.question
        if number is None and self.integer:
            raise StopValidation(self._whole_number_message())
        if number is None or abs(number) > MAX_MAGNITUDE:
            raise StopValidation(gettext(
                "“%(question)s” must be a number, like %(example)s",
                question=question, example=self._example()))
        if self.integer and number != number.to_integral_value():
            raise StopValidation(self._whole_number_message())
        self._check_range(number)
        return int(number) if number == number.to_integral_value() else float(number)

    def _example(self) -> str:
        """A number written as the page's language writes it: 1,500 for whole numbers in
        English (1.500 in Dutch, 1 500 in French and Swedish), else 12.5 (12,5)."""
        return str(format_decimal(1500 if self.integer else 12.5, locale=self.language))

    def _whole_number_message(self) -> str:
        return gettext("“%(question)s” must be a whole number, like %(example)s",
                       question=self.question, example=self._example())

    def _dot_message(self) -> str:
        thousands = str(format_decimal(1500, locale=self.language))
        if self.integer:
            return gettext("For “%(question)s”, write thousands without a dot, like %(example)s",
                           question=self.question, example=thousands)
        return gettext(
            "For “%(question)s”, write thousands without a dot, like %(example)s, and "
            "decimals with a comma, like %(decimal)s", question=self.question,
            example=thousands, decimal=str(format_decimal(12.5, locale=self.language)))

    def _check_range(self, number: Decimal) -> None:
        low, high, question = self.minimum, self.maximum, self.question
        fmt = self._format
        if low is not None and high is not None and not low <= number <= high:
            raise StopValidation(gettext(
                "“%(question)s” must be between %(min)s and %(max)s",
                question=question, min=fmt(low), max=fmt(high)))
        if low is not None and number < low:
            raise StopValidation(gettext(
                "“%(question)s” must be %(min)s or more", question=question, min=fmt(low)))
        if high is not None and number > high:
            raise StopValidation(gettext(
                "“%(question)s” must be %(max)s or less", question=question, max=fmt(high)))

    def _format(self, value: float) -> str:
        return str(format_decimal(value, locale=self.language))

    def answer(self) -> Any:
        return self.data

    def selected(self) -> set[str]:
        """The don't know / N/A values to show as checked."""
        return set(self.special_values)


class TextAnswerField(AnswerField):
    """Free text with a length limit; surrounding white space is dropped."""

    def __init__(self, label: str = "", *, max_length: int = 5000, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.max_length = max_length

    def process_data(self, value: Any) -> None:
        self.data = value if isinstance(value, str) else ""

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = valuelist[0].replace("\r\n", "\n").strip() if valuelist else ""

    def pre_validate(self, form: Any) -> None:
        if not self.data:
            self._require(gettext("Enter an answer to “%(question)s”", question=self.question))
            return
        if len(self.data) > self.max_length:
            raise StopValidation(ngettext(
                "“%(question)s” must be %(num)s character or fewer",
                "“%(question)s” must be %(num)s characters or fewer",
                self.max_length, question=self.question))

    def answer(self) -> Any:
        return self.data or None


def dot_for_thousands(text: str, language: str) -> bool:
    """Whether ``text`` groups thousands with a dot ("1.500") in a language that uses the
    dot neither for thousands nor for decimals (French, Swedish): 1.5 or 1500 is unclear."""
    if "." in (get_decimal_symbol(language), get_group_symbol(language)):
        return False
    return _DOT_GROUPS.match(_squeeze(text)) is not None


def _squeeze(text: str) -> str:
    """``text`` without spaces of any kind (thousands separators) and a trailing %."""
    cleaned = text.replace("\u00a0", " ").replace("\u202f", " ").strip().rstrip("%").strip()
    return cleaned.replace(" ", "")


def parse_number(text: str, language: str) -> Decimal | None:
    """Read a number written the way the language writes it ("1.500,5" in Dutch); None if not."""
    cleaned = _squeeze(text)
    if not cleaned:
        return None
    try:
        number = parse_decimal(cleaned, locale=language, strict=True)
    except NumberFormatError:
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            return None
    return number if number.is_finite() else None
