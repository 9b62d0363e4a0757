"""The report's catalogues: every message translated in nl, fr and sv, placeholders kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from reports.i18n import LANGUAGES, UnsupportedLanguage, po_path, translations

PROJECT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _source_messages() -> set[str]:
    """Every msgid in the report's templates and code, extracted as pybabel does."""
    found: set[str] = set()
    methods = [("**.py", "python")]
    for folder, method in ((PROJECT / "reports", methods),
                           (PROJECT / "templates" / "report",
                            [("**.html", "jinja2")])):
        options = {"**.html": {"extensions": "jinja2.ext.i18n"}}
        for _, _, message, _, _ in extract_from_dir(str(folder), method_map=method,
                                                     options_map=options):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


SOURCE = _source_messages()


def test_the_sources_have_messages() -> None:
    assert "Executive summary" in SOURCE and "Don’t know" in SOURCE
    assert len(SOURCE) > 80


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_message_is_translated(language: str) -> None:
    with po_path(language).open("rb") as file:
        catalog = read_po(file, locale=language)
    ids = {m.id[0] if isinstance(m.id, tuple) else m.id: m for m in catalog if m.id}
    missing = sorted(SOURCE - set(ids))
    assert not missing, f"{language}: untranslated messages: {missing}"
    for msgid, message in ids.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(s.strip() for s in strings), f"{language}: empty translation of {msgid!r}"
        assert not message.fuzzy, f"{language}: fuzzy translation of {msgid!r}"
        source_ids = message.id if isinstance(message.id, tuple) else (message.id,)
        expected = {name for text in source_ids for name in PLACEHOLDER.findall(text)}
        for string in strings:
            used = set(PLACEHOLDER.findall(string))
            # a singular form may leave the count out ("one action"), nothing else
            assert used <= expected and expected - {"count"} <= used, (
                f"{language}: placeholders differ in {msgid!r}: {sorted(used)}"
            )


@pytest.mark.parametrize(("language", "page"), [("nl", "Pagina"), ("fr", "Page"), ("sv", "Sida")])
def test_translations_are_used(language: str, page: str) -> None:
    assert translations(language).gettext("Page") == page
    assert translations(language).gettext("Executive summary") != "Executive summary"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(UnsupportedLanguage, match="unsupported report language 'de'"):
        translations("de")
