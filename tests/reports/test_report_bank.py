"""The report against the real commerce-readiness bank: the stakeholder map's question ids and
choice values exist, and the standard report (every question answered) builds and renders."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from report_support import save_pngs

from assessment.engine import Questionnaire, load_bank
from reports import build_report, render_html, render_pdf
from reports import stakeholders as spec
from reports.inputs import report_input

STANDARD = Path(__file__).parent / "data" / "standard-answers.yaml"


@pytest.fixture(scope="module")
def bank() -> Questionnaire:
    return load_bank().get("commerce-readiness")


def _signals() -> list[tuple[str, spec.Signal]]:
    named = [(f"pillar {p.id}", p.signal) for p in spec.PILLARS]
    named += [(f"role {role}", signal) for role, signal in spec.ROLE_SIGNALS.items()]
    named += [(f"small team {s.question}", s) for s in spec.SMALL_TEAM_SIGNALS]
    return named


@pytest.mark.parametrize(("name", "signal"), _signals(), ids=[n for n, _ in _signals()])
def test_every_signal_names_a_real_question_and_real_values(
    bank: Questionnaire, name: str, signal: spec.Signal
) -> None:
    question = bank.questions.get(signal.question)
    assert question is not None, f"{name}: no question {signal.question!r} in the bank"
    if question.type == "yes_no":
        values = {"yes", "no"}
    else:
        values = {choice.value for choice in question.choices}  # type: ignore[attr-defined]
    unknown = (signal.present | signal.missing) - values
    assert not unknown, f"{name}: {sorted(unknown)} are not choices of {signal.question}"


def test_pillars_roles_and_evidence_exist_in_the_bank(bank: Questionnaire) -> None:
    for pillar in spec.PILLARS:
        assert pillar.source in bank.sources
        assert set(pillar.roles) <= set(bank.roles), pillar.id
        assert set(pillar.evidence) <= set(bank.questions), pillar.id
    assert set(spec.ROLE_SIGNALS) <= set(bank.roles)


def test_the_standard_report_answers_every_question_and_renders(bank: Questionnaire) -> None:
    document = yaml.safe_load(STANDARD.read_text(encoding="utf-8"))
    data = report_input(bank, document)
    report = build_report(data)
    unanswered = [row.id for s in report.appendix for row in s.rows if row.status == "unanswered"]
    assert unanswered == [], (
        f"the standard report must answer every question: add {unanswered} to {STANDARD.name}")
    assert len(report.areas) == 5 and report.overall.score is not None
    assert report.overall.total_gaps == len(data.result.findings)
    pdf = render_pdf(render_html(report), identifier=report.id)
    save_pngs("standard-en", pdf)
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for finding in data.result.findings:
        assert finding.rule in text, f"finding {finding.rule} is not in the PDF"
    assert report.id in reader.pages[0].extract_text()


def _bank_fixtures() -> list[Path]:
    from assessment.engine.bank import DEFAULT_ROOT
    from assessment.engine.fixtures import fixture_paths

    return fixture_paths(DEFAULT_ROOT / "commerce-readiness")


def test_the_bank_has_fixtures() -> None:
    assert _bank_fixtures(), "questions/commerce-readiness/fixtures/ holds no fixture"


@pytest.mark.parametrize("path", _bank_fixtures(), ids=lambda p: p.stem)
def test_every_bank_fixture_reports_exactly_its_expected_findings(
    bank: Questionnaire, path: Path
) -> None:
    """Each fixture, in its own language, as HTML: its findings and nothing else, cited."""
    fixture = yaml.safe_load(path.read_text(encoding="utf-8"))
    document = {"questionnaire": bank.id, "language": fixture.get("language", "en"),
                "organisation": "Fixture BV", "date": "2026-11-23",
                "answers": fixture["answers"]}
    report = build_report(report_input(bank, document))
    html = render_html(report)
    expected = set(fixture["expect"]["findings"])
    reported = {f.id for area in report.areas for f in area.findings}
    assert reported == expected
    for rule_id in expected:
        assert f'id="finding-{rule_id}"' in html
        for source in bank.rule(rule_id).sources:
            assert f'href="#source-{source}"' in html and f'id="source-{source}"' in html
    assert report.overall.band.id == fixture["expect"]["bands"]["overall"]


def test_a_small_team_fixture_prints_shared_roles_in_french(bank: Questionnaire) -> None:
    """KS-2 on the real bank: one team doing everything is not reported as missing roles."""
    path = next(p for p in _bank_fixtures() if p.stem == "small_d2c_one_team")
    fixture = yaml.safe_load(path.read_text(encoding="utf-8"))
    document = {"questionnaire": bank.id, "language": "fr", "organisation": "Petite Marque SAS",
                "date": "2026-11-23", "answers": fixture["answers"]}
    report = build_report(report_input(bank, document))
    assert report.stakeholders.small_team
    pdf = render_pdf(render_html(report), identifier=report.id)
    save_pngs("bank-small-team-fr", pdf)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Cartographie des parties prenantes" in text
    assert "L’organisation est petite" in text.replace("'", "’")
