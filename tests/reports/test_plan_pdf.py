"""The roadmap in the PDF, on the real bank: phases relative to the planned go-live (within
3 months, 6 to 12 months, already live), prerequisites, the Large split, the timeline SVG
(text at least 8 pt, escaped), and recommendations printed once (not in the plan).

The roadmap pages are written as PNG under artefacts/report/ for a person to look at.
"""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from markupsafe import escape
from pypdf import PdfReader

from assessment.engine import Questionnaire, load_bank
from assessment.engine.bank import DEFAULT_ROOT
from reports import Report, build_report, render_html, render_pdf
from reports.inputs import report_input
from reports.plan import Roadmap, roadmap
from reports.timeline import timeline_svg

FIXTURES = DEFAULT_ROOT / "commerce-readiness" / "fixtures"
ARTEFACTS = Path(__file__).resolve().parents[2] / "artefacts" / "report"


@dataclass(frozen=True)
class Printed:
    report: Report
    html: str
    plan_text: str  # the text of the roadmap's pages in the PDF


@pytest.fixture(scope="module")
def bank() -> Questionnaire:
    return load_bank().get("commerce-readiness")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "’")).replace("\u00a0", " ")


def printed(bank: Questionnaire, fixture: str, language: str, png: bool = False) -> Printed:
    answers = yaml.safe_load((FIXTURES / f"{fixture}.yaml").read_text(encoding="utf-8"))["answers"]
    document = {"questionnaire": bank.id, "language": language, "organisation": "Plan BV",
                "date": "2026-11-23", "answers": answers}
    report = build_report(report_input(bank, document))
    html = render_html(report)
    pdf = render_pdf(html, identifier=report.id)
    pages = [_flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
    intro = _flat(report.plan.intro)
    first = next(i for i, text in enumerate(pages) if intro in text)
    if png:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"plan-{fixture}-{language}.pdf"
        path.write_bytes(pdf)
        for old in ARTEFACTS.glob(f"plan-{fixture}-{language}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(first + 1), "-l",
                        str(first + 2), str(path), str(path.with_suffix(""))], check=True)
    return Printed(report, html, " ".join(pages[first:first + 2]))


def placed(plan: Roadmap[Any]) -> dict[str, list[tuple[int, str]]]:
    found: dict[str, list[tuple[int, str]]] = {}
    for phase in plan.phases:
        for step in phase.items:
            found.setdefault(step.finding.id, []).append((phase.index, step.part))
    return found


def test_a_launch_within_3_months_is_planned_in_weeks_up_to_go_live(bank: Questionnaire) -> None:
    result = printed(bank, "launch_in_3_months", "en", png=True)
    text = result.plan_text
    for label in ("Weeks 1–4", "Weeks 5–8", "Weeks 9–12", "Go-live",
                  "Go-live is planned within 3 months"):
        assert label in text, label
    assert "Days 1–30" not in text and "First 30 days" not in text
    where = placed(result.report.plan)
    # BO-04 (Large) starts with its first concrete step and does the rest in the next phase
    assert where["BO-04"] == [(0, "start"), (1, "rest")]
    assert "List every system the shop must exchange data with" in text
    # testing (BO-07) waits for the detailed back-office plan (BO-03)
    assert where["BO-03"][-1][0] < where["BO-07"][0][0]
    assert "Nothing to do" not in text and "0 actions" not in text


def test_a_launch_in_6_to_12_months_is_planned_in_months_in_dutch(bank: Questionnaire) -> None:
    result = printed(bank, "launch_in_12_months", "nl", png=True)
    text = result.plan_text
    for label in ("Roadmap", "Maand 1–3", "Maand 4–6", "Tot de lancering", "Livegang",
                  "De livegang is over 6 tot 12 maanden gepland"):
        assert label in text, label
    assert "Week 1–4" not in text and "Dag 1–30" not in text
    assert "Start:" not in text and "Plannen en bemensen" not in text  # BO-04 has a first step
    assert "Breng alle systemen in kaart" in text


def test_a_shop_already_live_gets_a_90_day_plan_from_today(bank: Questionnaire) -> None:
    result = printed(bank, "small_d2c_one_team", "sv")
    text = result.plan_text
    for label in ("Färdplan", "Dag 1–30", "Dag 31–60", "Dag 61–90",
                  "Butiken är redan lanserad"):
        assert label in text, label
    assert "Lansering " not in text.replace("Lanseringen", "")  # no go-live marker
    first = result.report.plan.phases[0]
    assert first.items, "a live shop's first 30 days hold its first action"


def test_the_plan_refers_to_findings_and_never_reprints_their_recommendations(
    bank: Questionnaire,
) -> None:
    report = build_report(report_input(bank, {
        "questionnaire": bank.id, "language": "en", "organisation": "Plan BV",
        "answers": yaml.safe_load((FIXTURES / "launch_rush_partner_led.yaml").read_text(
            encoding="utf-8"))["answers"]}))
    html = render_html(report)
    section = html[html.index('id="plan"'):]
    section = section[: section.index("</section>")]
    assert report.plan.steps
    for step in report.plan.steps:
        finding = step.finding
        assert str(escape(finding.recommendation)) not in section
        assert str(escape(finding.recommendation)) in html  # on its area page, once
        assert f'href="#finding-{finding.id}"' in section
    headings = re.findall(r"<h2>(.*?)</h2>", section, flags=re.S)
    assert len(headings) == len(report.plan.shown)  # no empty phase printed
    for heading, phase in zip(headings, report.plan.shown, strict=True):
        assert phase.label in heading
        assert ("quick win" in heading) == (phase.quick_wins > 0), heading


def test_the_timeline_has_readable_escaped_text_and_a_row_per_owner(bank: Questionnaire) -> None:
    @dataclass(frozen=True)
    class Gap:
        id: str
        severity: str
        effort: str
        owner: str
        owner_name: str
        title: str = "t"

    hostile = '<script>alert("x")</script> & Co'
    gaps = [Gap("A-1", "high", "L", "one", hostile), Gap("A-2", "medium", "S", "two", "Two"),
            Gap("A-3", "low", "S", "one", hostile)]
    plan = roadmap(gaps, timeframe="within_3_months", after={"A-2": ["A-1"]}, first_steps={},
                   gettext=lambda text: text)
    svg = str(timeline_svg(plan, lambda text: text))
    assert "<script" not in svg and "&lt;script&gt;" in svg
    sizes = [float(size) for size in re.findall(r'font-size="([\d.]+)"', svg)]
    assert sizes and min(sizes) >= 8
    assert 'width="486pt"' in svg  # one unit is one point at the 172 mm text width
    assert svg.count("&lt;script&gt;") == 1  # one row per owner, however many actions
    for label in ("Weeks 1–4", "Weeks 5–8", "Weeks 9–12", "After launch", "Go-live",
                  "First step of a large action"):
        assert label in svg
    small = roadmap(gaps[1:], timeframe="live", after={}, first_steps={}, gettext=lambda t: t)
    svg = str(timeline_svg(small, lambda text: text))
    assert "First step of a large action" not in svg and "Go-live" not in svg
    assert "Days 1–30" in svg
    assert str(timeline_svg(roadmap([], timeframe=None, after={}, first_steps={},
                                    gettext=lambda text: text), lambda text: text)) == ""
