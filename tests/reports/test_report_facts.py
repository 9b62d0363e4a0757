"""Findings about this client in the PDF: the warehouse shortfall computed from the answers in
each language's number format, and the respondents' own words on their area's page (unless a
consultant hid them)."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader
from report_support import ARTEFACTS

from assessment.engine import Questionnaire, load_bank
from reports import build_report
from reports.inputs import report_input
from reports.render import render_report

STANDARD = Path(__file__).parent / "data" / "standard-answers.yaml"
SPACES = re.compile(r"[\s\u00a0\u202f]+")
# 60 orders an hour x 16 hours = 960 a day against a peak of 1,800: 840 short (46.7%).
SHORTFALL = {
    "en": ["960 orders on a peak day", "1,800 expected", "840 orders short", "46.7%"],
    "nl": ["960 bestellingen inpakken", "1.800 verwachte", "tekort van 840", "46,7%"],
    "fr": ["960 commandes un jour", "1 800 commandes attendues", "il en manque 840", "46,7 %"],
    "sv": ["packa 960 ordrar", "mot 1 800 väntade", "underskott på 840", "46,7 %"],
}
WH_NOTE = "one label printer per packing line"


@pytest.fixture(scope="module")
def bank() -> Questionnaire:
    return load_bank().get("commerce-readiness")


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return dict(yaml.safe_load(STANDARD.read_text(encoding="utf-8")))


def pages(pdf: bytes) -> list[str]:
    """Each page's text, every kind of space made one plain space."""
    return [SPACES.sub(" ", page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


def render(bank: Questionnaire, document: dict[str, Any], lang: str, **extra: Any) -> bytes:
    data = report_input(bank, document, language=lang)
    return render_report(build_report(replace(data, **extra)))[1]


@pytest.mark.parametrize("lang", ["en", "nl", "fr", "sv"])
def test_the_warehouse_shortfall_is_stated_in_the_report_language(
    bank: Questionnaire, document: dict[str, Any], lang: str
) -> None:
    pdf = render(bank, document, lang)
    text = " ".join(pages(pdf))
    for expected in SHORTFALL[lang]:
        assert expected in text, f"{lang}: {expected!r} missing"
    assert "{" not in text  # no placeholder left unfilled
    if lang in ("en", "nl"):
        folder = ARTEFACTS.parent / "report"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"facts-{lang}.pdf").write_bytes(pdf)


def test_comments_appear_on_their_area_page_with_author_and_role(
    bank: Questionnaire, document: dict[str, Any]
) -> None:
    report = build_report(report_input(bank, document, language="en"))
    areas = {area.id: area for area in report.areas}
    [comment] = areas["warehouse_capacity"].comments
    assert WH_NOTE in comment.text
    assert comment.author == "Chris Peeters" and comment.role == "Operations manager"
    assert "CFO chairs the steering group" in areas["executive_buy_in"].comments[0].text
    texts = pages(render_report(report)[1])
    # The comment is printed on the same page as the warehouse findings' capacity figures.
    page = next(i for i, t in enumerate(texts) if "840 orders short" in t)
    near = " ".join(texts[page - 1 : page + 2])
    assert WH_NOTE in near and "Chris Peeters, Operations manager" in near
    assert "In your team’s words" in near or "In your team's words" in near


def test_a_hidden_comment_is_left_out_of_the_whole_report(
    bank: Questionnaire, document: dict[str, Any]
) -> None:
    data = report_input(bank, document, language="nl")
    hidden = replace(data, hidden_comments=frozenset({"wh_notes"}))
    report = build_report(hidden)
    assert {a.id: a.comments for a in report.areas}["warehouse_capacity"] == ()
    text = " ".join(pages(render_report(report)[1]))
    assert WH_NOTE not in text
    assert "CFO chairs the steering group" in text  # the others stay
    assert report.id != build_report(data).id  # a different report, not a cached one
