"""`assessment report ANSWERS --out report.pdf [--lang nl] [--html report.html]`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner
from pypdf import PdfReader
from report_support import DATA, PROJECT, save_pngs

from assessment.cli import main

ROOT = str(DATA.parent)


def _answers_file(tmp_path: Path, **extra: object) -> Path:
    fixture = yaml.safe_load((DATA / "fixtures" / "complete.yaml").read_text(encoding="utf-8"))
    document = {"questionnaire": "report-mini", "language": "en",
                "answers": fixture["answers"], **extra}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_writes_the_pdf_and_the_exact_html(tmp_path: Path) -> None:
    answers = _answers_file(tmp_path, organisation="Demo Retail BV", date="2026-11-23")
    out, html = tmp_path / "out" / "report.pdf", tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", str(answers), "--out", str(out), "--lang", "nl",
                                       "--html", str(html), "--root", ROOT])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {out}: report ")
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert "Samenvatting voor de directie" in reader.pages[2].extract_text()
    written = html.read_text(encoding="utf-8")
    assert written.startswith("<!DOCTYPE html>") and '<html lang="nl">' in written
    report_id = result.output.split("report ")[1].split(",")[0]
    assert f'content="{report_id}"' in written
    save_pngs("cli-nl", out.read_bytes(), last=3)


def test_the_score_file_alone_is_enough(tmp_path: Path) -> None:
    """The same ANSWERS file as `assessment score`: no organisation or date in it."""
    answers = _answers_file(tmp_path)
    score = CliRunner().invoke(main, ["score", str(answers), "--json", "--root", ROOT])
    assert score.exit_code == 0, score.output
    out = tmp_path / "report.pdf"
    result = CliRunner().invoke(main, ["report", str(answers), "--out", str(out),
                                       "--root", ROOT, "--date", "2026-11-23"])
    assert result.exit_code == 0, result.output
    cover = PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()
    assert "Unnamed organisation" in cover and "November 23, 2026" in cover


def test_invalid_answers_name_every_problem_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({"questionnaire": "report-mini", "answers": {
        "eb_sponsor": "maybe", "cs_manager": 3, "nope": 1}}), encoding="utf-8")
    out = tmp_path / "r.pdf"
    result = CliRunner().invoke(main, ["report", str(path), "--out", str(out), "--root", ROOT])
    assert result.exit_code == 2
    assert "3 invalid answer(s)" in result.output
    for question in ("eb_sponsor", "cs_manager", "nope"):
        assert f"  {question}:" in result.output
    assert not out.exists()


def test_bad_files_fail_clearly(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["report", str(tmp_path / "x.yaml"), "--out", "r.pdf"])
    assert missing.exit_code == 2 and "no such file" in missing.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("questionnaire: [unclosed\n", encoding="utf-8")
    result = runner.invoke(main, ["report", str(broken), "--out", "r.pdf", "--root", ROOT])
    assert result.exit_code == 2 and "broken.yaml:" in result.output
    unknown = _answers_file(tmp_path)
    unknown.write_text(unknown.read_text().replace("report-mini", "nope"), encoding="utf-8")
    result = runner.invoke(main, ["report", str(unknown), "--out", "r.pdf", "--root", ROOT])
    assert result.exit_code == 2 and "unknown questionnaire 'nope'" in result.output
    bad_date = _answers_file(tmp_path, date="23/11/2026")
    result = runner.invoke(main, ["report", str(bad_date), "--out", "r.pdf", "--root", ROOT])
    assert result.exit_code == 2 and "'date' must be a date like 2026-11-23" in result.output


def test_two_separate_runs_write_byte_identical_pdfs(tmp_path: Path) -> None:
    """Reproducible across processes: fonts, subsets, ids and dates do not vary per run."""
    answers = _answers_file(tmp_path, organisation="Demo Retail BV", date="2026-11-23")
    script = Path(sys.executable).parent / "assessment"  # the installed console script
    command = [str(script), "report", str(answers), "--root", ROOT]
    for name in ("one.pdf", "two.pdf"):
        subprocess.run([*command, "--out", str(tmp_path / name)], check=True,
                       capture_output=True, cwd=PROJECT)
    assert (tmp_path / "one.pdf").read_bytes() == (tmp_path / "two.pdf").read_bytes()
