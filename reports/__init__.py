"""The PDF gap report: engine result → report model → HTML (Jinja) → PDF (WeasyPrint).

Plain Python: no Flask app is needed to build or render a report.
"""

from assessment.reviewed import AddedFinding, Review, ReviewError
from reports.build import ReportInput, build_report
from reports.model import OpenDisagreement, Report, Respondent
from reports.render import RenderTimeout, ReportRenderError, render_html, render_pdf, render_report

__all__ = [
    "AddedFinding",
    "OpenDisagreement",
    "RenderTimeout",
    "Report",
    "ReportInput",
    "ReportRenderError",
    "Respondent",
    "Review",
    "ReviewError",
    "build_report",
    "render_html",
    "render_pdf",
    "render_report",
]
