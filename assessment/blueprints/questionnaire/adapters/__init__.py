"""The web adapters of the engine's question classes, beside its registry ``QUESTION_TYPES``.

Adding a question type to the engine is one class there, and one adapter here (a class
in ``choices`` or ``typed`` and an entry in ``ADAPTERS``); a test fails until both exist.
Lookup is by the question's exact class and fails loudly for a class without an adapter.
"""

from __future__ import annotations

from typing import Any, TypeVar

from assessment.blueprints.questionnaire.adapters.base import (
    BuildContext,
    QuestionAdapter,
    Translate,
)
from assessment.blueprints.questionnaire.adapters.choices import (
    MultipleChoiceAdapter,
    ScaleAdapter,
    SingleChoiceAdapter,
    YesNoAdapter,
)
from assessment.blueprints.questionnaire.adapters.typed import (
    FreeTextAdapter,
    NumberAdapter,
    PercentageAdapter,
)
from assessment.engine import QuestionBase

__all__ = ["ADAPTERS", "BuildContext", "NoAdapter", "QuestionAdapter", "Translate",
           "adapter_for", "adapter_for_class"]

Q = TypeVar("Q", bound=QuestionBase)

ADAPTERS: dict[type[QuestionBase], QuestionAdapter[Any, Any]] = {
    adapter.question_class: adapter
    for adapter in (
        SingleChoiceAdapter(), MultipleChoiceAdapter(), ScaleAdapter(), YesNoAdapter(),
        NumberAdapter(), PercentageAdapter(), FreeTextAdapter(),
    )
}


class NoAdapter(LookupError):
    """An engine question class has no web adapter: add one to ADAPTERS."""


def adapter_for_class(cls: type[Q]) -> QuestionAdapter[Q, Any]:
    """The adapter of the engine question class ``cls``; raises NoAdapter naming the class."""
    found = ADAPTERS.get(cls)
    if found is None:
        known = ", ".join(sorted(c.__name__ for c in ADAPTERS))
        raise NoAdapter(f"question class {cls.__module__}.{cls.__qualname__} has no web "
                        f"adapter (adapters exist for: {known})")
    return found


def adapter_for(question: Q) -> QuestionAdapter[Q, Any]:
    """The adapter of ``question``'s class; raises NoAdapter naming the question and class."""
    try:
        return adapter_for_class(type(question))
    except NoAdapter as error:
        raise NoAdapter(f"question {question.id!r} (type {question.type!r}): {error}") from None
