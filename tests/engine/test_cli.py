"""The engine's commands through click's CliRunner: exit codes, lines and JSON shapes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from assessment.cli import main

from .builders import DATA, build, choice, copy_mini, edit, section

ROOT = ["--root", str(DATA)]
ISSUE_LINE = re.compile(r"^\S+\.yaml:\d+: .+$")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- validate ---------------------------------------------------------------------------


def test_validate_ok() -> None:
    result = run("validate", str(DATA))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"OK mini 1.2.0 ({DATA / 'mini'}): 12 questions, 4 rules".replace(str(Path.cwd()) + "/", "")
    ]


def test_validate_reports_every_problem_as_file_line_message(tmp_path: Path) -> None:
    folder = copy_mini(tmp_path / "mini")
    edit(
        folder / "sections/leadership.yaml",
        "type: yes_no\n    weight: 2",
        "type: slider\n    weight: 2",
    )
    edit(folder / "rules.yaml", "when: sponsor == 'no'", "when: sponsor == 'no' and (")
    result = run("validate", str(folder))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 2 and all(ISSUE_LINE.match(line) for line in lines), lines
    assert "leadership.yaml:7: unknown question type 'slider'" in lines[1]
    assert "rules.yaml:6: when of rule LD-1: the expression ends too early" in lines[0]


def test_validate_reports_a_rule_that_can_never_fire(tmp_path: Path) -> None:
    folder = copy_mini(tmp_path / "mini")
    text = edit(
        folder / "rules.yaml",
        "when: checkpoints == 'never' or dont_know(checkpoints)",
        "when: checkpoints == 'never' and checkpoints == 'weekly'",
    )
    result = run("validate", str(folder))
    assert result.exit_code == 1
    line = text[: text.index("when: checkpoints == 'never' and")].count("\n") + 1
    assert result.output.splitlines() == [
        f"{folder / 'rules.yaml'}:{line}: rule LD-2 can never fire: its condition can never be true"
    ]


def test_validate_accepts_a_questionnaire_file(tmp_path: Path) -> None:
    assert run("validate", str(DATA / "mini" / "questionnaire.yaml")).exit_code == 0


def test_validate_a_folder_without_questionnaires(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1 and "no questionnaire.yaml found" in result.output
    assert run("validate", str(tmp_path / "nope")).exit_code == 1


def test_validate_defaults_to_the_project_bank() -> None:
    result = run("validate")
    assert "commerce-readiness" in result.output


# --- bank ---------------------------------------------------------------------------------


def test_bank_json_shape() -> None:
    result = run("bank", "--json", *ROOT)
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert {"id", "version", "languages", "areas", "questions", "rules"} <= set(data)
    assert data["id"] == "mini" and data["languages"] == ["en", "nl"]
    assert (
        data["areas"][0]["id"] == "leadership" and data["areas"][0]["title"]["nl"] == "Leiderschap"
    )
    leadership = next(s for s in data["sections"] if s["id"] == "leadership")
    assert leadership["pages"] == [
        {"id": "leadership", "title": None, "questions": leadership["questions"]}
    ]
    questions = {q["id"]: q for q in data["questions"]}
    assert {"id", "area", "type", "text", "choices", "sources"} <= set(questions["checkpoints"])
    assert questions["org_size"]["area"] == "profile"
    assert questions["checkpoints"]["choices"][0] == {
        "value": "weekly",
        "label": {"en": "Weekly", "nl": "Wekelijks"},
        "points": 100.0,
        "exclusive": False,
    }
    assert [c["value"] for c in questions["sponsor"]["choices"]] == ["yes", "no"]
    assert [c["value"] for c in questions["sponsor_involvement"]["choices"]] == [1, 2, 3, 4, 5]
    assert questions["notes"]["choices"] == []
    rule = data["rules"][0]
    assert {"id", "area", "severity", "sources"} <= set(rule) and rule["id"] == "LD-1"


def test_bank_summary_and_questionnaire_option() -> None:
    result = run("bank", "--questionnaire", "mini", *ROOT)
    assert result.exit_code == 0
    assert "mini 1.2.0" in result.output and "LD-1" in result.output
    unknown = run("bank", "--questionnaire", "maxi", *ROOT)
    assert unknown.exit_code == 2 and "unknown questionnaire 'maxi' (known: mini)" in unknown.output


# --- score ----------------------------------------------------------------------------------

ANSWERS_YAML = """\
questionnaire: mini
language: nl
answers:
  org_size: small
  business_model: [b2b]
  peak_orders_per_day: 500
  sponsor: no
  checkpoints: dont_know
  kpis: [revenue, roi]
  packing_per_hour: 20
  shift_hours: 8
  stock_accuracy: 95
  b2b_portal: yes
"""


def test_score_yaml_json_output(tmp_path: Path) -> None:
    result = run("score", str(write(tmp_path / "a.yaml", ANSWERS_YAML)), "--json", *ROOT)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["overall"] == {"score": 38, "band": "red", "level": 2}
    assert set(data["areas"]) == {"leadership", "operations"}
    assert {"score", "level", "band", "confidence", "answered", "applicable"} <= set(
        data["areas"]["operations"]
    )
    assert [f["rule"] for f in data["findings"]] == ["LD-1", "LD-2", "OP-1"]
    assert data["findings"][0]["title"] == "Geen sponsor"  # the file's language
    assert {"rule", "area", "severity", "title", "recommendation", "owner", "sources"} <= set(
        data["findings"][0]
    )


def test_score_json_input_and_text_output(tmp_path: Path) -> None:
    payload = {
        "questionnaire": "mini",
        "language": "en",
        "answers": {"sponsor": "yes", "kpis": ["roi"]},
    }
    result = run("score", str(write(tmp_path / "a.json", json.dumps(payload))), *ROOT)
    assert result.exit_code == 0
    assert "overall:" in result.output and "leadership" in result.output


def test_score_names_each_invalid_answer(tmp_path: Path) -> None:
    text = ANSWERS_YAML.replace("sponsor: no", "sponsor: maybe").replace(
        "shift_hours: 8", "shift_hours: 30"
    )
    text += "  colour: blue\n  kpis_typo: [roi]\n"
    result = run("score", str(write(tmp_path / "a.yaml", text)), "--json", *ROOT)
    assert result.exit_code == 2
    assert "4 invalid answer(s)" in result.output
    assert "sponsor: expected 'yes' or 'no'" in result.output
    assert "shift_hours: 30 is above the maximum 24" in result.output
    assert "colour: unknown question 'colour'" in result.output
    assert "kpis_typo: unknown question 'kpis_typo'; did you mean 'kpis'?" in result.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("questionnaire: [unclosed\n", "invalid YAML"),
        ("- a list\n", "expected a mapping"),
        ("answers: {}\n", "'questionnaire' (the questionnaire id) is missing"),
        ("questionnaire: mini\nanswers: [1]\n", "'answers' must be a mapping"),
        ("questionnaire: maxi\nanswers: {}\n", "unknown questionnaire 'maxi'"),
        ("questionnaire: mini\nlanguage: de\nanswers: {}\n", "unknown language 'de'"),
    ],
)
def test_score_bad_files_exit_2(tmp_path: Path, text: str, message: str) -> None:
    result = run("score", str(write(tmp_path / "a.yaml", text)), *ROOT)
    assert result.exit_code == 2 and message in result.output, result.output


def test_score_missing_file_exits_2(tmp_path: Path) -> None:
    result = run("score", str(tmp_path / "none.yaml"), *ROOT)
    assert result.exit_code == 2 and "none.yaml: no such file" in result.output


@pytest.mark.parametrize(("points", "shown", "band"), [(74.5, 75, "green"), (74.49, 74, "amber")])
def test_score_shows_the_score_its_band_was_decided_on(
    tmp_path: Path, points: float, shown: float, band: str
) -> None:
    build(
        tmp_path / "root" / "built",
        [section("s", "a", [choice("q", {"x": points, "other": 0})])],
    )
    answers = write(tmp_path / "a.yaml", "questionnaire: built\nanswers: {q: x}\n")
    data = json.loads(run("score", str(answers), "--json", "--root", str(tmp_path / "root")).output)
    assert data["overall"] == {"score": shown, "band": band, "level": 4}
    assert (data["areas"]["a"]["score"], data["areas"]["a"]["band"]) == (shown, band)
    text = run("score", str(answers), "--root", str(tmp_path / "root")).output
    assert text.splitlines()[0] == f"overall: {shown} ({band})"


# --- test-rules ---------------------------------------------------------------------------------


def test_test_rules_passes_the_mini_fixtures() -> None:
    result = run("test-rules", str(DATA))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("PASS micro business, strong leadership (")
    assert lines[1].startswith("PASS no sponsor, packing below peak (")
    assert lines[-1] == "2 fixtures: 2 passed, 0 failed"


def test_test_rules_fails_with_a_diff(tmp_path: Path) -> None:
    folder = copy_mini(tmp_path / "mini")
    edit(
        folder / "fixtures/no_sponsor.yaml",
        "findings: [LD-1, LD-2, OP-1]",
        "findings: [LD-1, OP-2]",
    )
    edit(folder / "fixtures/no_sponsor.yaml", "operations: amber", "operations: green")
    result = run("test-rules", str(folder))
    assert result.exit_code == 1
    assert "FAIL no sponsor, packing below peak" in result.output
    assert "    findings expected but not fired: OP-2" in result.output
    assert "    findings fired but not expected: LD-2, OP-1" in result.output
    assert (
        "    band operations: expected green, got amber (score 73, unrounded 73.3333)"
        in result.output
    )
    assert result.output.splitlines()[-1] == "2 fixtures: 1 passed, 1 failed"


def test_test_rules_reports_broken_fixtures(tmp_path: Path) -> None:
    folder = copy_mini(tmp_path / "mini")
    edit(folder / "fixtures/no_sponsor.yaml", '  sponsor: "no"', "  sponsor: perhaps")
    edit(folder / "fixtures/no_sponsor.yaml", "findings: [LD-1, LD-2, OP-1]", "findings: [LD-9]")
    write(folder / "fixtures/shape.yaml", "name: x\nanswers: {}\nexpect: {bands: {}}\n")
    result = run("test-rules", str(folder))
    assert result.exit_code == 1
    assert "unknown rule 'LD-9'" in result.output
    assert "answer sponsor: expected 'yes' or 'no'" in result.output
    assert "shape.yaml:3: expect: missing required key 'findings'" in result.output


def test_test_rules_without_fixtures_fails(tmp_path: Path) -> None:
    folder = copy_mini(tmp_path / "mini")
    for path in (folder / "fixtures").iterdir():
        path.unlink()
    result = run("test-rules", str(folder))
    assert result.exit_code == 1 and "no fixtures found" in result.output
