"""One term per concept: the glossary beside the bank, and no avoided term in any text.

``questions/commerce-readiness/glossary.yaml`` lists, per concept, the term to use in each
language and the words that must not stand for it. These tests check that the glossary is
well formed, then look for every avoided term (case-insensitive, as a whole word or phrase,
outside the preferred term itself) in the bank's texts and in the msgstr of the client,
dashboard and report catalogues (English: in their msgids), and report file, line and term.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
BANK = ROOT / "questions" / "commerce-readiness"
GLOSSARY = BANK / "glossary.yaml"
LANGUAGES = ("en", "nl", "fr", "sv")
TRANSLATED = ("nl", "fr", "sv")
CATALOGUE_DIRS = (
    ROOT / "assessment" / "i18n" / "client",
    ROOT / "assessment" / "i18n" / "dashboard",
    ROOT / "reports" / "i18n",
)


@dataclass(frozen=True)
class Text:
    """One text in one language, and where it is written."""

    path: Path
    line: int
    language: str
    text: str
    raw_lines: tuple[str, ...] = ()  # the file's lines the text spans (to pin the line)


@dataclass(frozen=True)
class Entry:
    """A glossary concept: the preferred term and the avoided ones in one language."""

    concept: str
    preferred: str
    avoid: tuple[str, ...]


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")  # "%(band)s" names a value, it is no word


def _normalise(text: str) -> str:
    return text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")


def phrase_pattern(term: str) -> re.Pattern[str]:
    """A case-insensitive pattern for ``term`` as a whole word or phrase (any spacing)."""
    words = [re.escape(word) for word in _normalise(term).split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])", re.IGNORECASE)


@cache
def glossary() -> list[dict[str, Any]]:
    """The glossary file as loaded."""
    with GLOSSARY.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, list), f"{GLOSSARY}: expected a list of concepts"
    return data


def entries(language: str) -> list[Entry]:
    """Every concept's preferred and avoided terms in ``language``."""
    return [
        Entry(item["concept"], item[language], tuple(item["avoid"][language]))
        for item in glossary()
    ]


# --- the texts ------------------------------------------------------------------------


def bank_files() -> list[Path]:
    """The bank's definition files whose texts respondents and consultants read."""
    names = ["questionnaire.yaml", "rules.yaml", "roles.yaml", "sources.yaml"]
    return [BANK / name for name in names] + sorted((BANK / "sections").glob("*.yaml"))


def _walk(node: yaml.Node) -> Iterator[tuple[str, yaml.ScalarNode]]:
    """Every ``<language>: <text>`` pair in a composed YAML document."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            is_text = isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)
            if is_text and key.value in LANGUAGES:
                yield key.value, value
            else:
                yield from _walk(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item)


@cache
def bank_texts() -> tuple[Text, ...]:
    """Every language text of the bank, with the line it starts on."""
    texts: list[Text] = []
    for path in bank_files():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for language, node in _walk(yaml.compose(source)):
            start, end = node.start_mark.line, node.end_mark.line
            span = tuple(lines[start : end + 1])
            texts.append(Text(path, start + 1, language, str(node.value), span))
    return tuple(texts)


def catalogue_files(language: str) -> list[Path]:
    """The .po files of ``language`` (English: every .po, for its msgids)."""
    languages = TRANSLATED if language == "en" else (language,)
    return [
        folder / lang / "LC_MESSAGES" / "messages.po"
        for folder in CATALOGUE_DIRS
        for lang in languages
    ]


@cache
def catalogue_texts(language: str) -> tuple[Text, ...]:
    """The translations of ``language`` in every catalogue (English: the msgids)."""
    texts: list[Text] = []
    seen: set[tuple[Path, str]] = set()
    for path in catalogue_files(language):
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:
                continue
            if language == "en":
                strings = message.id if isinstance(message.id, tuple) else (message.id,)
            else:
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for string in strings:
                key = (path.parent.parent.parent, string)
                if not string or (language == "en" and key in seen):
                    continue
                seen.add(key)
                texts.append(Text(path, message.lineno, language, string))
    return tuple(texts)


# --- the check ------------------------------------------------------------------------


def _line_of(text: Text, term: re.Pattern[str]) -> int:
    """The file line where the term stands, when it does not straddle two lines."""
    for offset, line in enumerate(text.raw_lines):
        if term.search(_normalise(line)):
            return text.line + offset
    return text.line


def avoided_terms(
    texts: tuple[Text, ...], language: str, terms: list[Entry] | None = None
) -> list[str]:
    """One line per avoided term found: ``file:line: [lang] 'term' (concept): …context…``."""
    found: list[str] = []
    for entry in entries(language) if terms is None else terms:
        preferred = phrase_pattern(entry.preferred)
        for term in entry.avoid:
            pattern = phrase_pattern(term)
            for text in texts:
                masked = preferred.sub("\x00", PLACEHOLDER.sub("%()", _normalise(text.text)))
                match = pattern.search(masked)
                if match is None:
                    continue
                context = masked[max(0, match.start() - 30) : match.end() + 30]
                where = f"{text.path.relative_to(ROOT)}:{_line_of(text, pattern)}"
                found.append(
                    f"{where}: [{language}] {term!r} (use {entry.preferred!r}, "
                    f"{entry.concept}): …{context.replace(chr(0), entry.preferred)}…"
                )
    return found


# --- tests ----------------------------------------------------------------------------


def test_glossary_is_well_formed() -> None:
    concepts: list[str] = []
    for number, item in enumerate(glossary(), start=1):
        where = f"{GLOSSARY.name} entry {number}"
        assert isinstance(item, dict), f"{where}: expected a mapping"
        assert set(item) <= {"concept", "note", "avoid", *LANGUAGES}, f"{where}: unknown keys"
        concept = item.get("concept")
        assert isinstance(concept, str) and concept.strip(), f"{where}: no concept"
        concepts.append(concept)
        for language in LANGUAGES:
            term = item.get(language)
            assert isinstance(term, str) and term.strip(), f"{where} ({concept}): no {language}"
        avoid = item.get("avoid")
        assert isinstance(avoid, dict), f"{where} ({concept}): avoid must be a mapping"
        assert set(avoid) == set(LANGUAGES), f"{where} ({concept}): avoid needs en, nl, fr, sv"
        for language, terms in avoid.items():
            assert isinstance(terms, list), f"{where} ({concept}): avoid.{language} not a list"
            for term in terms:
                assert isinstance(term, str) and term.strip(), f"{where}: empty avoided term"
                preferred = _normalise(item[language])
                assert not phrase_pattern(term).fullmatch(preferred), (
                    f"{where} ({concept}): {language} avoids its own term {term!r}"
                )
    assert len(concepts) == len(set(concepts)), "a concept is listed twice"


def test_glossary_covers_the_key_concepts() -> None:
    """The terms the issue names are in the glossary, with the agreed wording."""
    by_language = {lang: {e.preferred for e in entries(lang)} for lang in LANGUAGES}
    assert {
        "directie",
        "formeel aangewezen",
        "vaste e-commerce-businessanalist",
        "inhoudsdeskundige",
        "parttime",
        "bestellingen",
        "e-commercetransformatie",
    } <= by_language["nl"]
    assert {
        "transformation e-commerce",
        "sponsor au sein de la direction",
        "désigné",
        "Sans objet",
    } <= by_language["fr"]
    assert {
        "högsta ledningen",
        "mobile first (byggd för mobilen först)",
        "annulleringar",
        "(valfritt)",
    } <= by_language["sv"]
    assert "Commerce readiness assessment" in by_language["en"]
    avoided = {lang: {t.lower() for e in entries(lang) for t in e.avoid} for lang in LANGUAGES}
    assert {
        "c-level",
        "c-suite",
        "met naam",
        "toegewijde",
        "sme",
        "deeltijds",
        "orders",
    } <= avoided["nl"]
    assert {"transformation commerciale", "nommément", "sme"} <= avoided["fr"]
    assert {"c-nivå", "avbokningar", "frivillig"} <= avoided["sv"]


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("SME", "Ja, één SME die beide kanten afdekt", True),
        ("SME", "Een SME-achtige rol", False),
        ("orders", "de orderstatus van de orders", True),
        ("orders", "de orderstatus", False),
        ("commercetransformatie", "een e-commercetransformatie", False),
        ("met naam", "een met naam\n aangewezen sponsor", True),
        ("C-nivå", "ledningen (c-nivå)", True),
    ],
)
def test_avoided_terms_are_found_as_whole_words(term: str, text: str, found: bool) -> None:
    assert bool(phrase_pattern(term).search(_normalise(text))) is found


def test_an_avoided_term_inside_the_preferred_one_is_not_reported() -> None:
    terms = [Entry("product name", "Bedömning av e-handelsberedskap", ("e-handelsberedskap",))]
    right = Text(GLOSSARY, 1, "sv", "Välkommen till Bedömning av e-handelsberedskap")
    assert avoided_terms((right,), "sv", terms) == []
    wrong = Text(GLOSSARY, 7, "sv", "E-handelsberedskap")
    assert avoided_terms((wrong,), "sv", terms) == [
        "questions/commerce-readiness/glossary.yaml:7: [sv] 'e-handelsberedskap' (use "
        "'Bedömning av e-handelsberedskap', product name): …E-handelsberedskap…"
    ]


def test_the_glossary_catches_a_known_wrong_term() -> None:
    wrong = Text(GLOSSARY, 3, "sv", "Ingen namngiven sponsor i ledningen")
    assert any("'sponsor i ledningen'" in line for line in avoided_terms((wrong,), "sv"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_bank_uses_the_glossary_terms(language: str) -> None:
    found = avoided_terms(tuple(t for t in bank_texts() if t.language == language), language)
    assert not found, f"{len(found)} avoided term(s) in the bank:\n" + "\n".join(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogues_use_the_glossary_terms(language: str) -> None:
    found = avoided_terms(catalogue_texts(language), language)
    assert not found, f"{len(found)} avoided term(s) in the catalogues:\n" + "\n".join(found)


# The pages quote a question in the language's outer quotation marks ("Select an answer to
# “…”", nl ‘…’, fr « … », sv ”…”); quotes inside a question's text must be the inner ones.
OUTER_QUOTES = {"en": '“”"', "nl": "‘", "fr": "«»", "sv": '”"'}
INNER_QUOTES = {"en": "‘…’", "nl": "“…”", "fr": "“…”", "sv": "’…’"}


def question_texts() -> list[Text]:
    """The text of every question in the bank, per language."""
    texts: list[Text] = []
    for path in sorted((BANK / "sections").glob("*.yaml")):
        document = yaml.compose(path.read_text(encoding="utf-8"))
        questions = _mapping_value(document, "questions")
        for question in questions.value if isinstance(questions, yaml.SequenceNode) else []:
            text = _mapping_value(question, "text")
            for language, node in _walk(text) if text is not None else []:
                texts.append(Text(path, node.start_mark.line + 1, language, str(node.value)))
    return texts


def _mapping_value(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            if isinstance(name, yaml.ScalarNode) and name.value == key:
                return value
    return None


@pytest.mark.parametrize("language", LANGUAGES)
def test_quotes_inside_a_question_nest_inside_the_pages_quotes(language: str) -> None:
    texts = [t for t in question_texts() if t.language == language]
    assert len(texts) > 40
    wrong = [
        f"{t.path.relative_to(ROOT)}:{t.line}: use {INNER_QUOTES[language]}: {t.text}"
        for t in texts
        if any(mark in t.text for mark in OUTER_QUOTES[language])
    ]
    assert not wrong, "\n".join(wrong)


# Quotation marks each language's catalogues use (inner quotes are for nesting only).
FOREIGN_QUOTES = {"nl": '“”„"«»', "fr": '“”„"‘', "sv": '“„‘«»"'}


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogues_quote_in_the_language_style(language: str) -> None:
    """nl ‘…’, fr « … », sv ”…”: no English or foreign quotation marks in a translation."""
    wrong = [
        f"{text.path.relative_to(ROOT)}:{text.line}: {text.text}"
        for text in catalogue_texts(language)
        if any(mark in text.text for mark in FOREIGN_QUOTES[language])
    ]
    assert not wrong, f"{len(wrong)} translation(s) with foreign quotes:\n" + "\n".join(wrong)


def test_french_punctuation_keeps_its_non_breaking_space() -> None:
    """« … », : ; ? ! take a non-breaking space in French, so they never start a line."""
    wrong = [
        f"{text.path.relative_to(ROOT)}:{text.line}: {text.text}"
        for text in catalogue_texts("fr")
        if re.search(r" [:;?!»]|« ", text.text)
    ]
    assert not wrong, "plain space where French needs a non-breaking one:\n" + "\n".join(wrong)
