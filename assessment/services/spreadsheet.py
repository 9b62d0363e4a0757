"""CSV for spreadsheets: cells that never run as formulas, a BOM, the delimiter Excel expects.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) are
prefixed with an apostrophe: organisation names and answers come from clients. Every field
is quoted, and a formula start after a ``;`` ``,`` or line break inside a cell is neutralised
too: Excel in nl/fr/sv locales splits on ``;``, and a cell opened with the wrong delimiter
must not turn its parts into formulas.

Downloads start with a UTF-8 byte-order mark: without it Excel reads the file as the
local code page and shows "FjÃ¤llsport" for "Fjällsport".
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from assessment.services.errors import N_, DomainError

BOM = "\ufeff"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A formula trigger at the start of the cell or of any part a spreadsheet could split off
# (after ; , or a line break), behind spaces or quotes: an apostrophe goes right before it.
_FORMULA_START = re.compile(r'(?:^|(?<=[;,\r\n]))([ "]*)(?=[=+\-@\t\r])')
DELIMITERS = {"comma": ",", "semicolon": ";"}  # ?delimiter=semicolon for European Excel


class UnknownDelimiter(DomainError):
    """The ``delimiter`` asked for is neither comma nor semicolon (a 400)."""


def delimiter(name: str | None) -> str:
    """The delimiter character for ``comma`` (the default) or ``semicolon``."""
    if not name:
        return ","
    if name not in DELIMITERS:
        raise UnknownDelimiter(N_("There is no CSV delimiter %(name)s: choose comma or "
                                  "semicolon.", name=name[:40]), "delimiter")
    return DELIMITERS[name]


def safe_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet will evaluate as a formula."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):
        return _FORMULA_START.sub(r"\1'", value)
    return "" if value is None else value


def csv_line(cells: Iterable[Any], delimiter: str = ",") -> str:
    """One quoted CSV line of safe cells, ending in CRLF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n",
                        quoting=csv.QUOTE_ALL)
    writer.writerow([safe_cell(c) for c in cells])
    return buffer.getvalue()
