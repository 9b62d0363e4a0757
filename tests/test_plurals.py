"""Counts read right in every language: plural messages, their forms and the Plural-Forms rule.

Every catalogue (client, dashboard, report) in nl, fr and sv declares the right plural rule
(French counts 0 and 1 as singular), every message the code or templates pluralise is a
plural entry with both forms translated, and representative messages read as a native
speaker expects for 1 and for 2.
"""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = {
    "client": ROOT / "assessment" / "i18n" / "client",
    "dashboard": ROOT / "assessment" / "i18n" / "dashboard",
    "report": ROOT / "reports" / "i18n",
}
LANGUAGES = ("nl", "fr", "sv")
PLURAL_FORMS = {
    "nl": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "sv": "nplurals=2; plural=(n != 1);",
}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "N_": None}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
COUNT_NAMES = {"num", "count"}
# Singular forms that may leave the count out because the caller never passes 0 (French
# uses the singular for 0): the report summary shows them only when there is a gap.
SINGULAR_WITHOUT_COUNT = {
    "%(organisation)s is not ready for a commerce launch yet. One high-severity gap must be "
    "closed first: start with the 30-day plan.",
    "%(organisation)s can launch once the gap in this report is closed: the foundations are "
    "there, but it needs an owner and a date.",
    "Showing %(total)s assessment",
    # shown only when a save revealed at least one question
    "A new question on this page",
}
# Nouns whose plural is the singular ("1 tecken, 2 tecken"): their forms may be identical.
INVARIANT_NOUNS = {"nl": set(), "fr": set(), "sv": {"tecken", "alternativ", "svar", "fel"}}


def po_path(part: str, language: str) -> Path:
    return CATALOGUES[part] / language / "LC_MESSAGES" / "messages.po"


@cache
def catalogue(part: str, language: str) -> Catalog:
    with po_path(part, language).open("rb") as handle:
        return read_po(handle, locale=language)


@cache
def translations(part: str, language: str) -> Translations:
    """The catalogue compiled in memory, as gettext uses it at run time."""
    buffer = io.BytesIO()
    write_mo(buffer, catalogue(part, language))
    buffer.seek(0)
    return Translations(buffer)


def plural_entries(part: str, language: str) -> list[Message]:
    return [m for m in catalogue(part, language) if isinstance(m.id, tuple)]


def _method_map(part: str) -> list[tuple[str, str]]:
    """The [method: pattern] sections of a part's babel.cfg."""
    pairs = []
    for line in (CATALOGUES[part] / "babel.cfg").read_text().splitlines():
        if line.startswith("[") and ":" in line and "]" in line:
            method, pattern = line.strip().strip("[]").split(":", 1)
            pairs.append((pattern.strip(), method.strip()))
    return pairs


@cache
def pluralised_in_source(part: str) -> frozenset[tuple[str, str]]:
    """(singular, plural) of every ngettext / {% pluralize %} in the part's code and templates."""
    if part == "report":
        options = {"**.html": {"extensions": "jinja2.ext.i18n"}}
        sources = [
            (ROOT / "reports", [("**.py", "python")]),
            (ROOT / "templates" / "report", [("**.html", "jinja2")]),
        ]
    else:
        options = {}
        sources = [(ROOT, _method_map(part))]
    found: set[tuple[str, str]] = set()
    for folder, methods in sources:
        for _f, _l, message, _c, _x in extract_from_dir(
            str(folder), methods, keywords=KEYWORDS, options_map=options
        ):
            if isinstance(message, tuple) and len(message) >= 2 and message[1]:
                found.add((message[0], message[1]))
    return frozenset(found)


PARTS_AND_LANGUAGES = [(part, lang) for part in CATALOGUES for lang in LANGUAGES]


@pytest.mark.parametrize(("part", "language"), PARTS_AND_LANGUAGES)
def test_the_plural_rule_is_declared(part: str, language: str) -> None:
    header = re.search(r'"Plural-Forms: ([^"]*?)\\n"', po_path(part, language).read_text())
    assert header, f"{part}/{language}: no Plural-Forms header"
    assert header.group(1).strip() == PLURAL_FORMS[language]
    rule = translations(part, language).plural
    assert [rule(n) for n in (0, 1, 2, 5)] == ([0, 0, 1, 1] if language == "fr" else [1, 0, 1, 1])


@pytest.mark.parametrize(("part", "language"), PARTS_AND_LANGUAGES)
def test_every_plural_message_has_both_forms(part: str, language: str) -> None:
    problems = []
    for message in plural_entries(part, language):
        singular, plural = message.id[0], message.id[1]
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if len(forms) != 2 or not all(form.strip() for form in forms):
            problems.append(f"{singular!r}: needs msgstr[0] and msgstr[1]")
            continue
        invariant = INVARIANT_NOUNS[language] & set(re.findall(r"\w+", forms[0].lower()))
        if forms[0] == forms[1] and singular != plural and not invariant:
            problems.append(f"{singular!r}: singular and plural are the same: {forms[0]!r}")
        if set(PLACEHOLDER.findall(forms[1])) != set(PLACEHOLDER.findall(plural)):
            problems.append(f"{plural!r}: the plural form changes the placeholders")
        counted = set(PLACEHOLDER.findall(plural)) & COUNT_NAMES
        if counted - set(PLACEHOLDER.findall(forms[0])) and singular not in SINGULAR_WITHOUT_COUNT:
            problems.append(f"{singular!r}: the singular leaves out the count (fr uses it for 0)")
    assert not problems, f"{part}/{language}:\n" + "\n".join(problems)


@pytest.mark.parametrize(("part", "language"), PARTS_AND_LANGUAGES)
def test_every_pluralised_source_message_is_a_plural_entry(part: str, language: str) -> None:
    entries = {m.id[0]: m.id[1] for m in plural_entries(part, language)}
    singular_only = {m.id for m in catalogue(part, language) if isinstance(m.id, str)}
    missing = sorted(
        f"{singular!r}" + (" (a singular entry)" if singular in singular_only else "")
        for singular, plural in pluralised_in_source(part)
        if entries.get(singular) != plural
    )
    assert not missing, f"{part}/{language}: pluralised in the source, no plural entry: {missing}"


def test_the_sources_use_plurals() -> None:
    assert ("%(num)d client", "%(num)d clients") in pluralised_in_source("dashboard")
    assert ("%(count)s action", "%(count)s actions") in pluralised_in_source("report")


REPRESENTATIVE = [
    # (part, singular, plural, variables, language, one, two)
    (
        "client",
        "%(num)d of %(total)d sections complete",
        "%(num)d of %(total)d sections complete",
        {"total": 6},
        "fr",
        "1 partie sur 6 terminée",
        "2 parties sur 6 terminées",
    ),
    (
        "client",
        "%(num)d of %(total)d questions answered",
        "%(num)d of %(total)d questions answered",
        {"total": 70},
        "fr",
        "1 question sur 70 a reçu une réponse",
        "2 questions sur 70 ont reçu une réponse",
    ),
    (
        "client",
        "%(num)s of %(total)s parts is done.",
        "%(num)s of %(total)s parts are done.",
        {"total": 6},
        "nl",
        "1 van de 6 delen is klaar.",
        "2 van de 6 delen zijn klaar.",
    ),
    (
        "client",
        "%(num)s of %(total)s parts is done.",
        "%(num)s of %(total)s parts are done.",
        {"total": 6},
        "sv",
        "1 av 6 delar är klar.",
        "2 av 6 delar är klara.",
    ),
    ("dashboard", "%(num)d client", "%(num)d clients", {}, "fr", "1 client", "2 clients"),
    ("dashboard", "%(num)d client", "%(num)d clients", {}, "nl", "1 klant", "2 klanten"),
    ("dashboard", "%(num)d client", "%(num)d clients", {}, "sv", "1 kund", "2 kunder"),
    ("dashboard", "%(num)d event", "%(num)d events", {}, "sv", "1 händelse", "2 händelser"),
    (
        "dashboard",
        "%(num)d assessment",
        "%(num)d assessments",
        {},
        "fr",
        "1 évaluation",
        "2 évaluations",
    ),
    (
        "dashboard",
        "Showing %(total)s assessment",
        "Showing %(first)s–%(last)s of %(total)s assessments",
        {"first": "1", "last": "2"},
        "sv",
        "Visar 1 bedömning",
        "Visar 1–2 av 2 bedömningar",
    ),
    ("report", "%(count)s action", "%(count)s actions", {}, "sv", "1 åtgärd", "2 åtgärder"),
    ("report", "%(count)s action", "%(count)s actions", {}, "nl", "1 actie", "2 acties"),
    (
        "report",
        "%(answered)s of %(count)s applicable question answered; “don’t know”: %(dont_know)s.",
        "%(answered)s of %(count)s applicable questions answered; “don’t know”: %(dont_know)s.",
        {"answered": "1", "dont_know": "0"},
        "fr",
        "Réponses\u00a0: 1 sur 1 question pertinente\u00a0; «\u00a0je ne sais pas\u00a0»\u00a0: 0.",
        "Réponses\u00a0: 1 sur 2 questions pertinentes\u00a0; «\u00a0je ne sais pas\u00a0»"
        "\u00a0: 0.",
    ),
]


@pytest.mark.parametrize(
    ("part", "singular", "plural", "variables", "language", "one", "two"), REPRESENTATIVE
)
def test_representative_messages_read_right_for_one_and_two(
    part: str,
    singular: str,
    plural: str,
    variables: dict[str, object],
    language: str,
    one: str,
    two: str,
) -> None:
    gettext = translations(part, language)
    for n, expected in ((1, one), (2, two)):
        text = gettext.ngettext(singular, plural, n) % {
            "num": n,
            "count": n,
            "total": n,
            **variables,
        }
        assert text == expected


def test_french_counts_zero_as_singular() -> None:
    gettext = translations("dashboard", "fr")
    assert gettext.ngettext("%(num)d client", "%(num)d clients", 0) % {"num": 0} == "0 client"
    nl = translations("dashboard", "nl")
    assert nl.ngettext("%(num)d client", "%(num)d clients", 0) % {"num": 0} == "0 klanten"
