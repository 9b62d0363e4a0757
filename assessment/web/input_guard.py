"""Refuse, at the edge, input the database cannot store: a 400 naming the field, never a 500.

PostgreSQL text cannot hold a NUL character (psycopg raises DataError), and a streamed
export would already have sent its 200 when the query failed. So every path parameter,
query-string and form value is checked before any view runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask import Flask, request

from assessment.services.errors import N_, DomainError

UNSTORABLE = ("\x00",)


def _named_values() -> Iterator[tuple[str, Iterable[str]]]:
    for name, value in (request.view_args or {}).items():
        yield name, [value] if isinstance(value, str) else []
    for source in (request.args, request.form):
        for name in source:
            yield name, [name, *source.getlist(name)]


def unstorable_field() -> str | None:
    """The name of the first input holding a character the database cannot store, if any."""
    for name, values in _named_values():
        if any(bad in value for value in values for bad in UNSTORABLE):
            return name.replace("\x00", "\N{REPLACEMENT CHARACTER}")
    return None


def refuse_unstorable_input() -> None:
    """``before_request``: a DomainError (400 in the page language) for a NUL in any input."""
    name = unstorable_field()
    if name is not None:
        raise DomainError(
            N_("The field “%(field)s” contains a character that cannot be accepted "
               "(a NUL character). Remove it and try again.", field=name),
            field=name,
        )


def init_app(app: Flask) -> None:
    """Check every request's input before its view runs."""
    app.before_request(refuse_unstorable_input)
