"""The report's verdict sentences follow its own numbers, read from the rendered report.

The standard answers and the bank's fixtures are built in every language; the summary's
verdict, each area page's opening and its empty gap list are read from the HTML (and, for
the standard answers, the PDF text) and checked against the scores the same report prints:
nothing reassuring beside a red or level-1 area, the weakest area named, each opening about
its own area, and "no gaps" beside a score that is not green only with the reason.
"""

from __future__ import annotations

import html as html_lib
import io
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader
from report_support import save_pngs

from assessment.engine import Questionnaire, load_bank
from assessment.engine.bank import DEFAULT_ROOT
from assessment.verdicts import PLAIN_NO_GAPS, Verdict, say
from reports import Report, build_report, render_html, render_pdf
from reports.i18n import translations
from reports.inputs import report_input

STANDARD = Path(__file__).parent / "data" / "standard-answers.yaml"
FIXTURES = DEFAULT_ROOT / "commerce-readiness" / "fixtures"
# The demo clients' fixtures (assessment/services/demo_examples.py) among them: Brightline,
# Noordhaven and Fjällsport read "the foundations are there" beside red areas before.
CASES = ["standard", "standard_all_dismissed", "all_dont_know", "mature_enterprise",
         "it_led_no_sponsor", "content_neglect", "half_answered", "warehouse_peak_shortfall",
         "b2b_customer_service_left_out", "launch_rush_partner_led", "small_d2c_one_team"]
LANGUAGES = ("en", "nl", "fr", "sv")
REASSURING = {
    "en": ("foundations are there", "foundations in place", "is ready for a commerce launch"),
    "nl": ("de basis staat", "is klaar voor de lancering van e-commerce"),
    "fr": ("les bases sont là", "est prête pour un lancement"),
    "sv": ("grunden finns", "är redo för en e-handelslansering"),
}
SEVERITY_KEYS = {"high": "gaps.high", "medium": "gaps.medium", "low": "gaps.low"}


@cache
def bank() -> Questionnaire:
    return load_bank().get("commerce-readiness")


def document(case: str) -> dict[str, Any]:
    """The answers of a case; "standard_all_dismissed": a consultant dismissed every gap."""
    standard = case.startswith("standard")
    path = STANDARD if standard else FIXTURES / f"{case}.yaml"
    found: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    found.setdefault("organisation", "Brightline Outdoor")
    if case == "standard_all_dismissed":
        found["review"] = {"reviewed": True, "dismissed": [r.id for r in bank().rules]}
    return found


@cache
def built(case: str, language: str) -> tuple[Report, str]:
    report = build_report(report_input(bank(), document(case), language=language))
    return report, render_html(report)


def words(fragment: str) -> str:
    """The text of an HTML fragment, entities decoded and spaces collapsed."""
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def summary_verdict(page: str) -> str:
    section = re.search(r'<section[^>]*id="summary".*?</section>', page, re.S)
    assert section, "no summary section"
    verdict = re.search(r'<p class="verdict[^"]*">(.*?)</p>', section.group(0), re.S)
    assert verdict, "no verdict paragraph in the summary"
    return words(verdict.group(1))


def area_section(page: str, area_id: str) -> str:
    section = re.search(rf'<section[^>]*id="area-{area_id}".*?</section>', page, re.S)
    assert section, f"no page for area {area_id}"
    return section.group(0)


def opening(section: str) -> str:
    found = re.search(r'<p class="verdict[^"]*">(.*?)</p>', section, re.S)
    assert found, "no opening verdict on the area page"
    return words(found.group(1))


def norm(text: str) -> str:
    """Spaces of every kind (the French no-break ones too) as one plain space."""
    return re.sub(r"\s+", " ", text).strip()


def text_of(key: str, language: str, **params: Any) -> str:
    return norm(say(Verdict(key, params), translations(language), language))


def weak(report: Report) -> list[Any]:
    return [a for a in report.areas if a.band.id == "red" or a.level == 1]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", CASES)
def test_the_summary_verdict_follows_the_scores(case: str, language: str) -> None:
    report, page = built(case, language)
    verdict = summary_verdict(page)
    assert verdict
    red = weak(report)
    if red:
        for phrase in REASSURING[language]:
            assert phrase not in verdict, f"{case}/{language}: {verdict!r}"
        weakest = min(red, key=lambda a: a.score if a.score is not None else -1)
        assert weakest.title in verdict, f"{case}/{language}: weakest area not named: {verdict!r}"
    elif report.overall.band.id == "green":
        assert any(phrase in verdict for phrase in REASSURING[language]), verdict
    if not report.overall.total_gaps and any(a.band.id != "green" for a in report.areas):
        summary = norm(words(re.search(r'id="summary".*?</section>', page, re.S).group(0)))
        said = [text_of(key, language) for key in PLAIN_NO_GAPS]
        assert not [s for s in said if s in summary], f"{case}/{language}: no gaps, no reason"
        assert norm(report.overall.no_gaps) in summary


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", CASES)
def test_each_area_opens_with_its_own_state(case: str, language: str) -> None:
    report, page = built(case, language)
    plain = {text_of(key, language) for key in PLAIN_NO_GAPS}
    openings = []
    for area in report.areas:
        section = area_section(page, area.id)
        said = opening(section)
        openings.append(said)
        if area.band.id == "red" or area.level == 1:
            key = "area.red_initial" if area.level == 1 else "area.red"
            assert text_of(key, language) in said, f"{area.id}: {said!r}"
            for phrase in REASSURING[language]:
                assert phrase not in said
        elif area.band.id == "green" and not any(f.severity == "high" for f in area.findings):
            assert text_of("area.green", language) in said
        for severity, key in SEVERITY_KEYS.items():
            count = sum(1 for f in area.findings if f.severity == severity)
            if count:
                assert text_of(key, language, count=count) in said, f"{area.id}: {said!r}"
        empties = re.findall(r'<p class="empty">(.*?)</p>', section, re.S)
        gap_list = {norm(words(m)) for m in empties}
        if not area.findings and area.band.id != "green":
            assert norm(area.no_gaps) in gap_list, f"{area.id}: no sentence in place of the gaps"
            assert not plain & gap_list, f"{area.id} ({area.band.id}): {gap_list}"
    if len({a.band.id for a in report.areas}) > 1:
        assert len(set(openings)) > 1, f"{case}/{language}: every area opens alike: {openings}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_standard_pdf_keeps_the_invariants(language: str) -> None:
    report, page = built("standard", language)
    pdf = render_pdf(page, identifier=report.id)
    if language in ("en", "nl"):
        save_pngs(f"verdicts-standard-{language}", pdf, first=1, last=8)
    text = norm("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert weak(report), "the standard answers have a red area (executive buy-in)"
    for phrase in REASSURING[language]:
        assert phrase not in text, f"{language}: {phrase!r} in the PDF beside a red area"
    assert norm(report.overall.verdict[0]) in text
    for area in report.areas:
        assert norm(area.opening[0]) in text, f"{language}: {area.id} opening not in the PDF"
