"""The PDF: sections, findings, citations, language, version stamp, bookmarks, tagging.

Texts are read back with pypdf; every PDF's pages are also written as PNG under
artefacts/reports/ (see report_support.save_pngs) for a person to look at.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from pypdf import PdfReader
from report_support import Rendered

EXPECTED = {
    "en": {"sections": ["Contents", "Executive summary", "Stakeholder map",
                        "Roadmap", "Appendix A: the answers",
                        "Appendix B: sources cited"],
           "finding": "No named executive sponsor", "page": "Page 3 of",
           "passage": "Lack of leadership support is the number one reason to stall.",
           "area": "Warehouse capacity", "question": "Is there a named executive sponsor?",
           "date": "November 23, 2026"},
    "nl": {"sections": ["Inhoud", "Samenvatting voor de directie",
                        "Overzicht van belanghebbenden", "Roadmap",
                        "Bijlage A: de antwoorden", "Bijlage B: geciteerde bronnen"],
           "finding": "Geen benoemde sponsor", "page": "Pagina 3 van",
           "passage": "Gebrek aan steun van de leiding is de belangrijkste reden om vast te lopen.",
           "area": "Magazijncapaciteit", "question": "Is er een benoemde sponsor uit de directie?",
           "date": "23 november 2026"},
    "fr": {"sections": ["Sommaire", "Synthèse", "Cartographie des parties prenantes",
                        "Feuille de route",
                        "Annexe A : les réponses", "Annexe B : sources citées"],
           "finding": "Pas de sponsor désigné", "page": "Page 3 sur",
           "passage": "Le manque de soutien de la direction est la première cause de blocage.",
           "area": "Capacité de l’entrepôt",
           "question": "Y a-t-il un sponsor désigné à la direction ?", "date": "23 novembre 2026"},
    "sv": {"sections": ["Innehåll", "Sammanfattning för ledningen", "Intressentkarta",
                        "Färdplan", "Bilaga A: svaren",
                        "Bilaga B: citerade källor"],
           "finding": "Ingen utsedd sponsor", "page": "Sida 3 av",
           "passage": "Brist på stöd från ledningen är den vanligaste orsaken till stopp.",
           "area": "Lagerkapacitet", "question": "Finns det en utsedd sponsor i ledningen?",
           "date": "23 november 2026"},
}


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"[ \t\u00a0\u202f]+", " ", text.replace("\u2019", "’"))


def _image_count(page: object) -> int:
    """Raster images among a page's XObjects (vector charts are Form XObjects)."""
    xobjects = page["/Resources"].get("/XObject") or {}  # type: ignore[index]
    return sum(1 for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("language", ["en", "nl", "fr", "sv"])
def test_sections_findings_citations_and_language(
    rendered: Callable[[str], Rendered], language: str
) -> None:
    result = rendered(language)
    text = _flat(_text(result.pdf))
    expected = EXPECTED[language]
    for heading in expected["sections"]:
        assert heading in text, f"{language}: section {heading!r} missing"
    for value in (expected["finding"], expected["page"], expected["passage"], expected["area"],
                  expected["question"], expected["date"]):
        assert value in text, f"{language}: {value!r} missing"
    for source in ("KS-4", "KS-5", "TM-7", "TM-8"):
        assert source in text
    reader = PdfReader(io.BytesIO(result.pdf))
    assert reader.trailer["/Root"]["/Lang"] == language


def test_version_stamp_on_the_cover_and_in_the_metadata(
    rendered: Callable[[str], Rendered]
) -> None:
    result = rendered("en")
    reader = PdfReader(io.BytesIO(result.pdf))
    cover = _flat(reader.pages[0].extract_text())
    for value in ("Demo Retail BV", "report-mini 2.1.0", "2.0.3", result.report.id, "English",
                  "November 23, 2026", "Ready with gaps"):
        assert value in cover, f"cover lacks {value!r}"
    info = reader.metadata
    assert info is not None
    assert info.title == "Commerce readiness gap report — Demo Retail BV"
    assert f"report-id:{result.report.id}" in info["/Keywords"]
    assert "questionnaire-version:2.1.0" in info["/Keywords"]
    assert "rules-version:2.0.3" in info["/Keywords"]
    assert info["/reportid"] == result.report.id
    assert info["/CreationDate"].startswith("D:20261123")
    # the running footer carries the id on every page but the cover
    assert all(result.report.id in page.extract_text() for page in reader.pages[1:])


def test_the_complete_fixtures_findings_are_in_the_pdf(rendered: Callable[[str], Rendered]) -> None:
    text = _flat(_text(rendered("en").pdf))
    for title in ("No named executive sponsor", "IT not involved from day one",
                  "Packing capacity below the peak", "Nobody owns stock accuracy"):
        assert text.count(title) >= 2, f"{title!r} should be in its area and in the plan"
    for absent in ("No customer service manager", "Nobody owns the content"):
        assert absent not in text
    assert "Name a sponsor on the board." in text  # recommendation
    assert "Executive sponsor" in text and "Logistics manager" in text  # owners


def test_bookmarks_table_of_contents_and_page_numbers(rendered: Callable[[str], Rendered]) -> None:
    result = rendered("en")
    reader = PdfReader(io.BytesIO(result.pdf))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[:4] == ["Executive summary", "Areas at a glance", "Stakeholder map",
                          "Executive buy-in"]
    assert "Appendix B: sources cited" in titles
    assert titles[-1] == "Next steps"  # the closing page, after the appendices
    pages = len(reader.pages)
    assert f"Page {pages} of {pages}" in reader.pages[-1].extract_text()
    contents = _flat(reader.pages[1].extract_text())
    assert re.search(r"Executive summary\s*\.*\s*3", contents)


def test_tagged_pdf_ua_with_fonts_embedded_and_nothing_else(
    rendered: Callable[[str], Rendered]
) -> None:
    reader = PdfReader(io.BytesIO(rendered("en").pdf))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    assert reader.attachments == {}
    fonts: set[str] = set()
    for page in reader.pages:
        resources = page["/Resources"]
        assert _image_count(page) == 0, "no raster images"
        for font in resources["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]).split("+", 1)[-1])
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"]
            assert any(k in descriptor for k in ("/FontFile2", "/FontFile3")), "font embedded"
    # only the bundled @font-face families (named "Report ..."), never a system font
    assert fonts and all(name.startswith("Report-") for name in fonts), fonts


def test_hostile_answers_render_as_text_with_nothing_embedded(hostile: Rendered) -> None:
    text = _text(hostile.pdf)
    squashed = re.sub(r"\s+", "", text)  # long client text wraps anywhere, even in a word
    for literal in ('<img src="file:///etc/passwd">', "<script>alert('x')</script>",
                    "<b>Mallory</b>", "<iframe src=https://example.com/>",
                    '<link rel=attachment href="file:///etc/hostname">'):
        assert re.sub(r"\s+", "", literal) in squashed, literal
    assert "root:x:0:0" not in text  # /etc/passwd was never read
    assert "🚀" in text and "✅" in text
    assert "מחסן" in text or "ןסחמ" in text  # Hebrew, in logical or visual order
    reader = PdfReader(io.BytesIO(hostile.pdf))
    assert reader.attachments == {}
    for page in reader.pages:
        assert _image_count(page) == 0
        for annotation in page.get("/Annots", []) or []:
            action = annotation.get_object().get("/A", {})
            assert "/URI" not in action, "no link leaves the document"


def test_the_same_input_gives_a_byte_identical_pdf(rendered: Callable[[str], Rendered]) -> None:
    first = rendered("nl")
    again = Rendered(first.report)
    assert again.html == first.html
    assert again.pdf == first.pdf


def test_weasyprint_reports_no_problem_with_the_templates_or_css(
    rendered: Callable[[str], Rendered], caplog: pytest.LogCaptureFixture
) -> None:
    """No unsupported CSS, missing glyph font, unresolved link or missing alt text."""
    report = rendered("sv").report
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        Rendered(report)
    problems = [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")]
    assert problems == []


def _structure(node: Any, roles: Counter[str], alts: dict[str, str]) -> None:
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict):
        if "/S" in node:
            roles[str(node["/S"])] += 1
            if "/Alt" in node:
                alts.setdefault(str(node["/S"]), str(node["/Alt"]))  # the first (radar)
        if "/K" in node:
            _structure(node["/K"], roles, alts)
    elif isinstance(node, list):
        for child in node:
            _structure(child, roles, alts)


def test_the_structure_tree_has_headings_tables_lists_and_a_described_figure(
    rendered: Callable[[str], Rendered]
) -> None:
    """What a screen reader needs: real headings, tables with header cells, the chart's text."""
    reader = PdfReader(io.BytesIO(rendered("fr").pdf))
    root = reader.trailer["/Root"]
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    roles: Counter[str] = Counter()
    alts: dict[str, str] = {}
    _structure(root["/StructTreeRoot"]["/K"], roles, alts)
    for role in ("/H1", "/H2", "/Table", "/THead", "/TH", "/TD", "/L", "/LI", "/Figure",
                 "/Caption", "/Link", "/BlockQuote"):
        assert roles[role] > 0, f"no {role} in the structure tree"
    assert alts["/Figure"].startswith("Graphique radar des scores par domaine\u00a0: ")
    for area in rendered("fr").report.areas:
        assert re.search(rf"{re.escape(area.title)} \d+", alts["/Figure"]), area.title
