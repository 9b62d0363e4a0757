"""The sources appendix: each passage in the report's own language only, cited by document
and section, never by a seed file name, never with an excerpt of a machine translation."""

from __future__ import annotations

import html
import io
import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from report_support import PROJECT, make_input

from assessment.engine import Questionnaire, load_questionnaire
from reports import build_report, render_html, render_pdf

BANK = PROJECT / "questions" / "commerce-readiness"
STANDARD = Path(__file__).parent / "data" / "standard-answers.yaml"
SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{6,}\.txt|_example\.txt|seed", re.IGNORECASE)
APPENDIX_TITLE = {"en": "Appendix B: sources cited", "nl": "Bijlage B: geciteerde bronnen"}


@cache
def bank() -> Questionnaire:
    return load_questionnaire(BANK)


@cache
def rendered(language: str) -> tuple[str, str, frozenset[str]]:
    """The standard answers' full report: the appendix HTML, the PDF text, the cited ids."""
    answers = yaml.safe_load(STANDARD.read_text(encoding="utf-8"))["answers"]
    report = build_report(make_input(bank(), answers, language))
    page = render_html(report)
    pdf = render_pdf(page, identifier=report.id)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return _appendix_html(page), _flat(text), frozenset(s.id for s in report.sources)


def _appendix_html(page: str) -> str:
    match = re.search(r'<section[^>]*id="appendix-sources".*?</section>', page, re.DOTALL)
    assert match, "the sources appendix is missing"
    return _flat(html.unescape(re.sub(r"<[^>]+>", " ", match.group(0))))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def _words(text: str, count: int = 7) -> str:
    """The opening words of a passage: enough to recognise it, short enough to survive
    PDF text extraction (no hyphenation this early in a paragraph)."""
    return " ".join(_flat(text).split()[:count])


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_appendix_quotes_every_cited_passage_in_the_report_language(language: str) -> None:
    appendix, pdf_text, cited = rendered(language)
    q = bank()
    assert len(cited) >= 10
    assert APPENDIX_TITLE[language] in pdf_text
    for source_id in cited:
        source = q.sources[source_id]
        assert _flat(source.text[language]) in appendix, f"{source_id} missing in {language}"
        assert _words(source.text[language]) in pdf_text, f"{source_id} not in the PDF"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_no_passage_in_another_language(language: str) -> None:
    appendix, pdf_text, _ = rendered(language)
    for source in bank().sources.values():
        for other, text in source.text.items():
            if other == language:
                continue
            opening = _words(text)
            assert opening not in appendix, f"{source.id} [{other}] in the {language} HTML"
            assert opening not in pdf_text, f"{source.id} [{other}] in the {language} PDF"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_passages_are_cited_by_document_and_section_never_by_file(language: str) -> None:
    appendix, pdf_text, _ = rendered(language)
    assert not SEED_FILE.search(appendix)
    assert not SEED_FILE.search(pdf_text)
    citation = {
        "en": "Adobe Commerce best practices — Key stakeholders, ‘Who owns the technology?’",
        "nl": "Adobe Commerce best practices — Belangrijkste betrokkenen, "
              "‘Wie is eigenaar van de technologie?’",
    }[language]
    assert citation in appendix
    assert citation.split(",")[0] in pdf_text


def test_legacy_excerpts_and_seed_files_in_a_catalogue_never_reach_the_report() -> None:
    """A catalogue that still carries verbatim excerpts and seed file names (the report
    fixture does) gets neither printed."""
    mini = load_questionnaire(Path(__file__).parent / "data" / "report-mini")
    answers = yaml.safe_load(
        (Path(__file__).parent / "data" / "report-mini" / "fixtures" / "complete.yaml")
        .read_text(encoding="utf-8"))["answers"]
    page = render_html(build_report(make_input(mini, dict(answers), "en")))
    appendix = _appendix_html(page)
    assert "Involve IT from day one." in appendix
    for source in mini.sources.values():
        assert source.seed_file and source.seed_file not in page
        for excerpt in source.passage_original.values():
            assert _flat(excerpt) not in appendix


def test_the_bank_has_no_sme_for_subject_matter_expert() -> None:
    for source in bank().sources.values():
        for language, text in (*source.text.items(), *source.section.items()):
            assert not re.search(r"\b(SME|MKB)\b", text), f"{source.id} [{language}]"
