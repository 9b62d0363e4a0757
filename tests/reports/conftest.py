"""Fixtures of the report tests: a small four-language questionnaire, its complete
fixture, hostile answers, and PDFs rendered once per session (rendering is the slow part).

PNG pages of every PDF rendered here go to ``artefacts/reports/<name>/`` (gitignored) so a
person can look at them.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from assessment.engine import Questionnaire, load_questionnaire
from reports import Report, ReportInput, Respondent, Review, build_report, render_html, render_pdf
from reports.inputs import report_input

DATA = Path(__file__).parent / "data" / "report-mini"
PROJECT = Path(__file__).resolve().parents[2]
ARTEFACTS = PROJECT / "artefacts" / "reports"
REPORT_DATE = date(2026, 11, 23)

HOSTILE_TEXT = (
    '<img src="file:///etc/passwd"> <link rel=attachment href="file:///etc/hostname"> '
    "<script>alert('x')</script> & \"quotes\" "
    "Llanfairpwllgwyngyllgogerychwyndrobwllllantysiliogogogoch" * 3
    + " مستودع الرياض — מחסן תל אביב 🚀🔥😀👍✅ "
    + "long text " * 400
)
HOSTILE_NAME = '<b>Mallory</b> <img src=x onerror=alert(1)> "O\'Neil" مريم 🚀'


@pytest.fixture(scope="session")
def mini() -> Questionnaire:
    """The report tests' questionnaire (tests/reports/data/report-mini)."""
    return load_questionnaire(DATA)


@pytest.fixture(scope="session")
def complete_answers() -> dict[str, Any]:
    """The answers of the mini questionnaire's complete fixture."""
    fixture = yaml.safe_load((DATA / "fixtures" / "complete.yaml").read_text(encoding="utf-8"))
    return dict(fixture["answers"])


def make_input(q: Questionnaire, answers: dict[str, Any], language: str = "en",
               **extra: Any) -> ReportInput:
    """A ReportInput through the same path the CLI takes (check, score, attribute)."""
    document = {
        "questionnaire": q.id,
        "language": language,
        "organisation": extra.pop("organisation", "Demo Retail BV"),
        "respondents": extra.pop("respondents", [
            {"name": "Anna de Vries", "role": "CEO",
             "areas": ["executive_buy_in", "back_office_integration"]},
            {"name": "Bram Jansen", "role": "Operations",
             "areas": ["warehouse_capacity", "customer_service", "content_readiness"]},
        ]),
        "answers": answers,
        **extra,
    }
    return report_input(q, document, report_date=REPORT_DATE)


@pytest.fixture(scope="session")
def build(mini: Questionnaire, complete_answers: dict[str, Any]) -> Callable[..., Report]:
    """Build a report of the mini questionnaire; keyword arguments change the input."""
    def _build(language: str = "en", answers: dict[str, Any] | None = None,
               **extra: Any) -> Report:
        return build_report(make_input(mini, answers or complete_answers, language, **extra))
    return _build


def save_pngs(name: str, pdf: bytes, first: int | None = None, last: int | None = None) -> Path:
    """Write the PDF and its pages as PNG under artefacts/reports/<name>/ for a person."""
    folder = ARTEFACTS / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / f"{name}.pdf").write_bytes(pdf)
    command = ["pdftoppm", "-png", "-r", "60"]
    if first:
        command += ["-f", str(first)]
    if last:
        command += ["-l", str(last)]
    subprocess.run([*command, str(folder / f"{name}.pdf"), str(folder / "page")], check=True)
    return folder


class Rendered:
    """A report with its HTML and PDF."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.html = render_html(report)
        self.pdf = render_pdf(self.html, identifier=report.id)


@pytest.fixture(scope="session")
def rendered(build: Callable[..., Report]) -> Callable[[str], Rendered]:
    """The complete fixture rendered to PDF, once per language per session."""
    cache: dict[str, Rendered] = {}

    def _rendered(language: str) -> Rendered:
        if language not in cache:
            cache[language] = Rendered(build(language))
            save_pngs(f"complete-{language}", cache[language].pdf)
        return cache[language]
    return _rendered


@pytest.fixture(scope="session")
def hostile(mini: Questionnaire, complete_answers: dict[str, Any]) -> Rendered:
    """A report whose free texts and names are hostile: markup, RTL, emoji, huge words."""
    answers = {**complete_answers, "eb_notes": HOSTILE_TEXT[:5000],
               "wh_notes": "<script>document.write('x')</script>" + "🚀" * 50}
    review = Review(reviewed=True, reviewer=HOSTILE_NAME,
                    notes={"EB-NO-SPONSOR": "<iframe src=https://example.com/>"})
    data = make_input(mini, answers, organisation=HOSTILE_NAME,
                      respondents=[{"name": HOSTILE_NAME, "role": "<i>CTO</i>"}],
                      review=review.to_dict())
    rendered = Rendered(build_report(data))
    save_pngs("hostile", rendered.pdf)
    return rendered


__all__ = ["HOSTILE_NAME", "HOSTILE_TEXT", "REPORT_DATE", "Rendered", "Respondent", "make_input",
           "save_pngs"]
