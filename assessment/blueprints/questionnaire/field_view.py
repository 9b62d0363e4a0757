"""One question on a section page as plain data: what the ``question`` macro renders.

The adapters (``adapters/``) fill these in; the macro picks its widget by
``FieldView.widget`` and never asks what type the question is.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

# The widgets of templates/macros/forms.html (its ``_WIDGETS``), one macro each.
RADIOS, CHECKBOXES, NUMBER, TEXT, TEXTAREA = "radios", "checkboxes", "number", "text", "textarea"


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
class ConflictView:
    """A saved answer that changed under the respondent, and the choice they are asked to make."""

    their_value: str
    your_value: str
    who: str
    when: str
    choice: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class GivenByView:
    """Who gave the stored answer and when, shown when it was another respondent."""

    name: str
    role: str | None
    when: str


@dataclass(frozen=True)
class ReadOnlyView:
    """An answer this respondent may not change: the value in words, why, and where to
    record a different view (``yours``: the view they already recorded, in words)."""

    value: str
    reason: str
    disagree_url: str
    yours: str | None = None


@dataclass(frozen=True)
class FieldView:
    """One question on a section page, ready for the ``question`` macro.

    The first fields are what every question has; ``widget`` (the macro that draws the
    input) and the fields after it are set by the question type's adapter.
    """

    id: str
    name: str
    question: str
    hint: str | None
    required: bool
    error: str | None = None
    version: int | None = None
    conflict: ConflictView | None = None
    widget: str = ""
    options: tuple[OptionView, ...] = ()
    specials: tuple[OptionView, ...] = ()
    inline: bool = False
    value: str = ""
    unit: str = ""
    input_label: str = ""
    inputmode: str = "decimal"
    max_length: int | None = None  # text widgets only: the limit and its character count
    given_by: GivenByView | None = None  # the stored answer was given by another respondent
    read_only: ReadOnlyView | None = None  # shown as text, not posted (see shared_answers)

    @property
    def describedby(self) -> Markup:
        """The ``aria-describedby`` attribute (with its leading space), or nothing."""
        ids = [f"{self.id}-hint"] if self.hint else []
        if self.error:
            ids.append(f"{self.id}-error")
        if self.max_length:
            ids.append(f"{self.id}-count")
        return Markup(' aria-describedby="{}"').format(" ".join(ids)) if ids else Markup("")
