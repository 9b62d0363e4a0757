"""The two editions: the executive edition fits 8 pages in every language, the full one adds
the area pages, answers and sources; the id covers the edition; the cover is presentable."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader
from report_support import Rendered, make_input, save_pngs

from assessment.cli.report import report_command
from assessment.engine import Questionnaire, load_bank
from reports import Review, build_report, render_html
from reports.build import ReportInput
from reports.charts import LABEL_SIZE, REPORT_WIDTH_MM, RING_LABEL_SIZE, WIDTH
from reports.identity import identity, report_id
from reports.inputs import report_input

STANDARD = Path(__file__).parent / "data" / "standard-answers.yaml"
CSS = Path(__file__).resolve().parents[2] / "reports" / "assets" / "css" / "report.css"
MAX_EXECUTIVE_PAGES = 8
POINT_MM = 25.4 / 72


@pytest.fixture(scope="module")
def bank() -> Questionnaire:
    return load_bank().get("commerce-readiness")


@pytest.fixture(scope="module")
def standard() -> dict[str, Any]:
    return dict(yaml.safe_load(STANDARD.read_text(encoding="utf-8")))


def _standard(bank: Questionnaire, standard: dict[str, Any], language: str,
              edition: str, **changes: Any) -> ReportInput:
    return replace(report_input(bank, standard, language=language), edition=edition, **changes)


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("language", ["en", "nl", "fr", "sv"])
def test_the_executive_edition_of_the_standard_answers_fits_eight_pages(
    bank: Questionnaire, standard: dict[str, Any], language: str
) -> None:
    rendered = Rendered(build_report(_standard(bank, standard, language, "executive")))
    save_pngs(f"executive-standard-{language}", rendered.pdf)
    pages = _pages(rendered.pdf)
    assert len(pages) <= MAX_EXECUTIVE_PAGES, f"{language}: {len(pages)} pages"
    report = rendered.report
    # The parts it promises: headlines and radar, areas at a glance, top gaps, plan, next steps.
    for anchor in ('id="summary"', 'id="glance"', 'id="plan"', 'id="next-steps"'):
        assert anchor in rendered.html, anchor
    for anchor in ('id="appendix-answers"', 'id="appendix-sources"', 'class="part area"',
                   'id="toc-title"'):
        assert anchor not in rendered.html, anchor
    assert report.top_gaps[0].title.split()[0] in " ".join(pages)
    # The executive summary fits its page: the next part starts on the very next page.
    summary = next(i for i, text in enumerate(pages) if report.overall.band.label in text
                   and i > 0)
    glance_title = {"en": "Areas at a glance", "nl": "De domeinen in één oogopslag",
                    "fr": "Les domaines en un coup d’œil", "sv": "Områdena i korthet"}[language]
    glance = next(i for i, text in enumerate(pages) if text.startswith(glance_title)
                  or f" {glance_title} " in text)
    assert glance == summary + 1, f"{language}: the summary runs over {glance - summary} pages"


def test_the_full_edition_adds_the_areas_answers_and_sources(
    bank: Questionnaire, standard: dict[str, Any]
) -> None:
    report = build_report(_standard(bank, standard, "en", "full"))
    html = render_html(report)
    for area in report.areas:
        assert f'id="area-{area.id}"' in html
    for anchor in ('id="appendix-answers"', 'id="appendix-sources"', 'id="next-steps"',
                   'id="glance"', 'id="plan"'):
        assert anchor in html
    assert html.index('id="appendix-sources"') < html.index('id="next-steps"')


def test_the_report_id_and_the_cache_key_cover_the_edition(
    bank: Questionnaire, standard: dict[str, Any]
) -> None:
    executive = _standard(bank, standard, "en", "executive")
    full = _standard(bank, standard, "en", "full")
    assert identity(executive)["edition"] == "executive"
    assert identity(full)["edition"] == "full"
    assert report_id(executive) != report_id(full)
    assert report_id(executive) == report_id(_standard(bank, standard, "en", "executive"))
    assert build_report(executive).id == report_id(executive)


def test_an_unknown_edition_is_refused(bank: Questionnaire, standard: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="edition"):
        build_report(_standard(bank, standard, "en", "summary"))


def test_the_cover_never_shows_an_e_mail_address_and_no_fingerprint_lecture(
    mini: Questionnaire, complete_answers: dict[str, Any]
) -> None:
    review = Review(reviewed=True, reviewer="consultant@example.com")
    data = make_input(mini, complete_answers, "nl", review=review.to_dict())
    rendered = Rendered(build_report(replace(data, edition="executive")))
    cover = _pages(rendered.pdf)[0]
    assert "@" not in cover
    assert not re.search(r"[\w.]+@[\w.]+", cover)
    assert "Beoordeeld door Commerce Readiness Advisory." in cover  # the brand, not the e-mail
    assert "vingerafdruk" not in cover.lower()
    assert f"Rapport {rendered.report.id}" in cover  # a small item at the foot, not a lecture
    named = make_input(mini, complete_answers, "en",
                       review=Review(reviewed=True, reviewer="Eva Lindqvist").to_dict())
    cover = _pages(Rendered(build_report(replace(named, edition="executive"))).pdf)[0]
    assert "Reviewed by Eva Lindqvist." in cover
    assert "Prepared by Eva Lindqvist, Commerce Readiness Advisory" in cover


def test_a_severity_change_reads_reviewed_by_the_consultant_without_the_rules_severity(
    mini: Questionnaire, complete_answers: dict[str, Any]
) -> None:
    first = build_report(make_input(mini, complete_answers, "nl")).top_gaps[0]
    lowered = "low" if first.severity != "low" else "high"
    review = Review(severities={first.id: lowered})
    html = render_html(build_report(make_input(mini, complete_answers, "nl",
                                               review=review.to_dict())))
    assert "Beoordeeld door de consultant." in html
    assert "volgens de regel" not in html
    assert "Ernst aangepast" not in html


def test_radar_and_ring_labels_print_at_8_points_or_more() -> None:
    assert f"figure.chart svg {{ width: {REPORT_WIDTH_MM}mm;" in CSS.read_text(encoding="utf-8")
    millimetres_per_unit = REPORT_WIDTH_MM / WIDTH
    for size in (LABEL_SIZE, RING_LABEL_SIZE):
        assert size * millimetres_per_unit / POINT_MM >= 8.0, size


def test_the_cli_writes_either_edition(tmp_path: Path) -> None:
    runner = CliRunner()
    out = {edition: tmp_path / f"{edition}.pdf" for edition in ("executive", "full")}
    for edition, path in out.items():
        result = runner.invoke(report_command, [str(STANDARD), "--out", str(path),
                                                "--edition", edition, "--lang", "sv"])
        assert result.exit_code == 0, result.output
        assert edition in result.output
    executive, full = _pages(out["executive"].read_bytes()), _pages(out["full"].read_bytes())
    assert len(executive) <= MAX_EXECUTIVE_PAGES < len(full)
    assert "ledningsversion" in executive[0].lower()  # the cover's kicker is in capitals
    assert "fullständig rapport" in full[0].lower()
    assert "fullständig rapport" not in executive[0].lower()
    default = tmp_path / "default.pdf"
    assert runner.invoke(report_command, [str(STANDARD), "--out", str(default)]).exit_code == 0
    assert "full report" in _pages(default.read_bytes())[0].lower()  # the default: full
    refused = runner.invoke(report_command, [str(STANDARD), "--out", str(tmp_path / "x.pdf"),
                                             "--edition", "summary"])
    assert refused.exit_code == 2
    assert "executive" in refused.output and not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_executive_roadmap_does_not_send_the_reader_to_findings_it_leaves_out(
    bank: Questionnaire, standard: dict[str, Any], language: str
) -> None:
    executive = render_html(build_report(_standard(bank, standard, language, "executive")))
    full = render_html(build_report(_standard(bank, standard, language, "full")))
    in_findings = {"en": "The recommendations are in the findings the actions refer to.",
                   "nl": "De aanbevelingen staan bij de knelpunten waarnaar de acties verwijzen."}
    full_report = {"en": "the full report gives the finding and recommendation behind every",
                   "nl": "het volledige rapport geeft bij elke actie het knelpunt"}
    assert in_findings[language] in " ".join(full.split())
    assert in_findings[language] not in " ".join(executive.split())
    assert full_report[language] in " ".join(executive.split())
