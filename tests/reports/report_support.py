"""Helpers of the report tests (a uniquely named module: ``conftest`` is not importable
by name reliably when several test folders have one)."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import Any

from assessment.engine import Questionnaire
from reports import Report, ReportInput, render_html, render_pdf
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


def save_pngs(name: str, pdf: bytes, first: int | None = None, last: int | None = None) -> Path:
    """Write the PDF and its pages as PNG under artefacts/reports/<name>/ for a person."""
    folder = ARTEFACTS / name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("page-*.png"):  # a shorter PDF than last time leaves none behind
        old.unlink(missing_ok=True)
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
