"""The HTML given to WeasyPrint: escaped client text, bundled URLs only, the right language."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from report_support import HOSTILE_NAME, Rendered

from reports import Report, render_html


def test_client_text_is_escaped_everywhere(hostile: Rendered) -> None:
    html = hostile.html
    assert "<script" not in html
    assert "<iframe" not in html
    assert "<img" not in html
    assert "<b>Mallory" not in html and "<i>CTO</i>" not in html
    assert "<link rel=attachment" not in html and html.count("<link") == 1  # the stylesheet
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in html


def test_only_bundled_assets_and_fragments_are_referenced(hostile: Rendered) -> None:
    urls = re.findall(r'(?:href|src)="([^"]*)"', hostile.html)
    assert urls, "expected at least the stylesheet"
    assert all(u.startswith(("report-asset:", "#")) for u in urls), urls
    assert "file:" not in re.sub(r"&lt;.*?&gt;", "", hostile.html)


def test_the_html_declares_language_title_and_version_stamp(build: Callable[..., Report]) -> None:
    report = build("sv")
    html = render_html(report)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="sv">' in html
    assert f'<meta name="report-id" content="{report.id}">' in html
    assert '<meta name="questionnaire-version" content="2.1.0">' in html
    assert '<meta name="rules-version" content="2.0.3">' in html
    assert "<title>Gapanalys av e-handelsberedskap — Demo Retail BV</title>" in html


@pytest.mark.parametrize("language", ["en", "nl", "fr", "sv"])
def test_every_section_has_its_anchor(build: Callable[..., Report], language: str) -> None:
    html = render_html(build(language))
    for anchor in ("summary", "stakeholders", "area-executive_buy_in", "area-content_readiness",
                   "plan", "appendix-answers", "appendix-sources", "source-KS-5",
                   "finding-EB-NO-SPONSOR"):
        assert f'id="{anchor}"' in html
        assert html.count(f'id="{anchor}"') == 1, f"duplicate id {anchor}"


def test_hostile_names_reach_the_html_as_text(hostile: Rendered) -> None:
    assert hostile.report.organisation == HOSTILE_NAME
    assert "مريم 🚀" in hostile.html
