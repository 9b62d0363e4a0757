"""The client flow's UI catalogues: complete, current, and used by the pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "assessment" / "i18n" / "client"
LANGUAGES = ["nl", "fr", "sv"]


def load(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def ids(catalog: Catalog) -> set[str]:
    return {str(message.id) for message in catalog if message.id}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    catalog = load(CLIENT / language / "LC_MESSAGES" / "messages.po", language)
    template = load(CLIENT / "messages.pot")
    assert ids(template) - ids(catalog) == set(), "messages missing: run pybabel update"
    assert ids(catalog) - ids(template) == set(), "obsolete messages: run pybabel update"
    empty = [m.id for m in catalog if m.id and not str(m.string).strip()]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert empty == [], f"{language}: untranslated {empty}"
    assert fuzzy == [], f"{language}: fuzzy {fuzzy}"
    assert not catalog.fuzzy, f"{language}: the catalogue header is marked fuzzy"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_match_the_english_text(language: str) -> None:
    catalog = load(CLIENT / language / "LC_MESSAGES" / "messages.po", language)
    problems = [(message.id, [str(e) for e in errors]) for message, errors in catalog.check()]
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_differ_from_english_where_words_are_expected_to(language: str) -> None:
    catalog = load(CLIENT / language / "LC_MESSAGES" / "messages.po", language)
    same = [m.id for m in catalog if m.id and m.string == m.id and " " in str(m.id)]
    assert same == [], f"{language}: left in English: {same}"


def test_template_is_current(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "-q", "extract", "-F",
         str(CLIENT / "babel.cfg"), "-o", str(fresh), "--no-location", "-k", "gettext", "."],
        cwd=ROOT, check=True,
    )
    assert ids(load(fresh)) == ids(load(CLIENT / "messages.pot")), (
        "assessment/i18n/client/messages.pot is out of date: re-extract (see babel.cfg)"
    )
