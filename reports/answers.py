"""An answer as a reader sees it: the app's one formatter, ``assessment.answer_text``."""

from __future__ import annotations

from assessment.answer_text import (
    DONT_KNOW_TEXT,
    NO,
    NONE_SELECTED,
    NOT_ANSWERED,
    NOT_APPLICABLE_TEXT,
    STATUS_TEXT,
    YES,
    answer_status,
    format_answer,
)


def _(message: str) -> str:
    return message


# The formatter's words, marked once more here: the report's catalogue is extracted from
# reports/ and templates/report only (see reports/i18n/babel.cfg).
EXTRACTED = (_("Not answered"), _("Don’t know"), _("Not applicable"), _("None selected"),
             _("Yes"), _("No"))
assert set(EXTRACTED) == {NOT_ANSWERED, DONT_KNOW_TEXT, NOT_APPLICABLE_TEXT, NONE_SELECTED,
                          YES, NO}

__all__ = [
    "DONT_KNOW_TEXT",
    "NO",
    "NONE_SELECTED",
    "NOT_ANSWERED",
    "NOT_APPLICABLE_TEXT",
    "STATUS_TEXT",
    "YES",
    "answer_status",
    "format_answer",
]
