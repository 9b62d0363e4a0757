"""Presentable pages (issue 11, item 7): no page less than a quarter full except a section's
last, no heading at a page foot, no table row left alone on either side of a page break; in
both editions, in every language, for a full answer set and for a client with almost no gaps.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from layout_support import PageLayout, layout, problems

from assessment.engine import Questionnaire, load_bank
from assessment.engine.fixtures import FIXTURES_DIR, load_fixture
from reports import build_report, render_html
from reports.inputs import report_input

STANDARD = Path(__file__).parent / "data" / "standard-answers.yaml"
LANGUAGES = ["en", "nl", "fr", "sv"]


@pytest.fixture(scope="module")
def bank() -> Questionnaire:
    return load_bank().get("commerce-readiness")


def _pages(bank: Questionnaire, document: dict[str, Any], language: str,
           edition: str) -> list[PageLayout]:
    data = replace(report_input(bank, document, language=language), edition=edition)
    return layout(render_html(build_report(data)))


def _mature_enterprise(bank: Questionnaire) -> dict[str, Any]:
    fixture = load_fixture(bank.path / FIXTURES_DIR / "mature_enterprise.yaml")
    return {"questionnaire": bank.id, "language": "en", "organisation": "Harbour & Pine Ltd",
            "answers": dict(fixture.answers)}


@pytest.mark.parametrize("edition", ["executive", "full"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_standard_report_has_no_stranded_rows_headings_or_near_empty_pages(
        bank: Questionnaire, language: str, edition: str) -> None:
    document = yaml.safe_load(STANDARD.read_text(encoding="utf-8"))
    pages = _pages(bank, document, language, edition)
    assert problems(pages) == [], f"{language} {edition}: {[p.fill for p in pages]}"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_client_with_one_low_gap_gets_no_near_empty_pages_either(
        bank: Questionnaire, language: str) -> None:
    pages = _pages(bank, _mature_enterprise(bank), language, "full")
    assert problems(pages) == []


PAGE = "<style>@page { size: A5; margin: 0 } body { margin: 0 } * { margin: 0; padding: 0 }</style>"


def test_the_inspector_finds_a_heading_at_a_page_foot() -> None:
    html = (f"{PAGE}<div style='height: 195mm'></div><h2 style='break-after: auto'>Heading</h2>"
            "<div style='height: 60mm; break-inside: avoid'>text</div>")
    found = problems(layout(html))
    assert len(found) == 1 and found[0].startswith("page 1 ends with a heading"), found


def test_the_inspector_finds_a_row_alone_at_a_page_foot() -> None:
    rows = "".join(f"<tr style='break-inside: avoid'><td style='height: 8mm'>row {n}</td></tr>"
                   for n in range(6))
    html = f"{PAGE}<div style='height: 195mm'></div><table><tbody>{rows}</tbody></table>"
    assert problems(layout(html)) == ["table splits 1|5 rows on pages 1/2"]


def test_the_inspector_finds_a_near_empty_page_that_does_not_end_a_section() -> None:
    block = "<div style='height: 195mm; break-inside: avoid'>block</div>"
    html = f"{PAGE}<div style='height: 20mm'>line</div>{block}"
    found = problems(layout(html))  # the fill counts lines, not the empty block's height
    assert len(found) == 1 and re.fullmatch(r"page 1 is \d% full", found[0]), found
    # The same page before a forced break is a section's last page: allowed.
    html = (f"{PAGE}<div style='height: 20mm'>line</div>"
            f"<div style='break-before: page'>{block}</div>")
    assert problems(layout(html)) == []
