"""The report's own message catalogue (en source strings; nl, fr, sv translations).

Catalogues are read straight from the ``.po`` files and compiled in memory, once per
process and language: the report needs no Flask app and no build step, and a stale
``.mo`` can never be used by mistake.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

I18N_DIR = Path(__file__).resolve().parent
LANGUAGES = ("en", "nl", "fr", "sv")
SOURCE_LANGUAGE = "en"


class UnsupportedLanguage(ValueError):
    """The report cannot be written in this language."""


def po_path(language: str) -> Path:
    """The catalogue file of a language."""
    return I18N_DIR / language / "LC_MESSAGES" / "messages.po"


@lru_cache(maxsize=len(LANGUAGES))
def translations(language: str) -> NullTranslations:
    """gettext translations for the report in ``language`` (English needs none)."""
    if language not in LANGUAGES:
        raise UnsupportedLanguage(
            f"unsupported report language {language!r}; choose one of {', '.join(LANGUAGES)}"
        )
    if language == SOURCE_LANGUAGE:
        return NullTranslations()
    with po_path(language).open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain="messages")
