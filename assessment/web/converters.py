"""URL converters: ids bounded to the database's integer range, so a huge id is a 404."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

# Primary keys are INTEGER columns: PostgreSQL refuses a bound value above 2**31 - 1
# (psycopg.DataError) and SQLite's driver one above 2**63 - 1 (OverflowError).
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<id:name>``: a positive integer that fits a database id (1 .. 2**31-1), else 404."""

    # Ten digits at most: int() of a very long digit string raises (Python's 4300-digit
    # limit) before the range check, so such a path must not match at all.
    regex = r"\d{1,10}"

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        super().__init__(map, min=1, max=MAX_ID)


def init_app(app: Flask) -> None:
    """Register ``id`` before any blueprint adds a rule that uses it."""
    app.url_map.converters["id"] = IdConverter
