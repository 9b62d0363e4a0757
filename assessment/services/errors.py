"""Typed failures of the services, and texts the web layer translates later.

Services know no request and no language. A refusal is a ``DomainError`` carrying its
message as a ``Text``: an English msgid with its parameters. The web layer translates it
with the request's catalogue (``assessment.web.messages``); the CLI and the logs read its
English form (``str(error)``). ``N_`` marks a msgid for extraction
(``pybabel extract -k N_``) without translating it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

Gettext = Callable[[str], str]


@dataclass(frozen=True)
class Text:
    """A message to translate later: an English msgid and its ``%(name)s`` parameters.

    A parameter may itself be a Text (a field's name inside a sentence).
    """

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def translate(self, gettext: Gettext) -> str:
        """The message in the language ``gettext`` translates into."""
        text = gettext(self.msgid)
        if not self.params:
            return text
        values = {k: v.translate(gettext) if isinstance(v, Text) else v
                  for k, v in self.params.items()}
        return text % values

    def __str__(self) -> str:
        return self.translate(lambda msgid: msgid)


def N_(msgid: str, **params: Any) -> Text:
    """Mark ``msgid`` for translation; the web layer translates it in the page language."""
    return Text(msgid, params)


class DomainError(Exception):
    """A use case refused: ``text`` says why, ``field`` names the input it concerns.

    ``kind`` tells an entry point how to answer: ``invalid`` (400/422 with the form),
    ``not_found`` (404), ``forbidden`` (403) or ``conflict`` (409).
    """

    kind: ClassVar[str] = "invalid"

    def __init__(self, text: Text | str, field: str | None = None) -> None:
        self.text = text if isinstance(text, Text) else Text(text)
        self.field = field
        super().__init__(str(self.text))

    def translate(self, gettext: Gettext) -> str:
        """The message in the language ``gettext`` translates into."""
        return self.text.translate(gettext)


class NotFoundError(DomainError):
    """The object does not exist, or the user may not know that it does."""

    kind = "not_found"


class ForbiddenError(DomainError):
    """The user may see the object but not do this with it."""

    kind = "forbidden"


class ConflictError(DomainError):
    """The object is not in a state that allows this (someone else moved it)."""

    kind = "conflict"
