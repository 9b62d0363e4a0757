"""Rule fixtures: answers with the exact findings and bands they must produce.

A fixture is ``questions/<id>/fixtures/*.yaml``: ``{name, description, language, answers,
expect: {findings: [rule ids, the exact set], severities: {rule id: high|medium|low},
bands: {overall: band, <area>: band}}}``. ``severities`` is optional: each rule listed must
be among the expected findings and fire with that severity (``severity_if`` resolved);
findings not listed are not checked. Bands not listed are not checked; ``null`` expects no
band (nothing scored). The CLI
(``assessment test-rules``) and the test suite run fixtures through ``run_fixture``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assessment.engine.answers import check_answers
from assessment.engine.definition import BandId, Severity
from assessment.engine.loader import describe_error
from assessment.engine.model import Questionnaire
from assessment.engine.precision import shown_score
from assessment.engine.scoring import evaluate
from assessment.engine.yamlsource import SourceDoc, load_yaml

FIXTURES_DIR = "fixtures"


class Expect(BaseModel):
    """What a fixture expects."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    findings: list[str]
    severities: dict[str, Severity] = Field(
        default_factory=dict,
        description="Optional: the severity some of the expected findings must have",
    )
    bands: dict[str, BandId | None] = Field(default_factory=dict)


class FixtureFile(BaseModel):
    """One fixture file."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1)
    description: str = ""
    language: str | None = None
    answers: dict[str, Any]
    expect: Expect


@dataclass
class FixtureOutcome:
    """The result of running one fixture: PASS, or FAIL with one line per difference."""

    name: str
    file: str
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Whether the fixture produced exactly what it expects."""
        return not self.problems

    def report(self) -> str:
        """``PASS name (file)`` or ``FAIL name (file)`` followed by indented differences."""
        head = f"{'PASS' if self.passed else 'FAIL'} {self.name} ({self.file})"
        return "\n".join([head, *(f"    {problem}" for problem in self.problems)])


def fixture_paths(questionnaire_folder: Path) -> list[Path]:
    """The fixture files of a questionnaire folder, sorted by name."""
    folder = questionnaire_folder / FIXTURES_DIR
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])


def _read(path: Path) -> tuple[SourceDoc, FixtureFile | None, list[str]]:
    """A fixture file parsed and validated, or the file:line problems that stop it."""
    doc = load_yaml(path)
    if doc.issues:
        return doc, None, [str(issue) for issue in doc.issues]
    try:
        return doc, FixtureFile.model_validate(doc.data), []
    except ValidationError as exc:
        return (
            doc,
            None,
            [
                str(doc.issue(tuple(e["loc"]), describe_error(tuple(e["loc"]), e)))
                for e in exc.errors()
            ],
        )


def load_fixture(path: Path) -> FixtureFile:
    """One fixture file, validated (ValueError listing its file:line problems)."""
    _doc, fixture, problems = _read(path)
    if fixture is None:
        raise ValueError("\n".join(problems))
    return fixture


def run_fixture(questionnaire: Questionnaire, path: Path) -> FixtureOutcome:
    """Load one fixture file, evaluate its answers and compare with its expectations."""
    doc, fixture, problems = _read(path)
    outcome = FixtureOutcome(name=path.stem, file=doc.display)
    if fixture is None:
        outcome.problems = problems
        return outcome
    outcome.name = fixture.name
    outcome.problems = _definition_problems(questionnaire, fixture, doc)
    if not outcome.problems:
        outcome.problems = compare(questionnaire, fixture)
    return outcome


def _definition_problems(
    questionnaire: Questionnaire, fixture: FixtureFile, doc: SourceDoc
) -> list[str]:
    problems: list[str] = []
    if fixture.language is not None and fixture.language not in questionnaire.languages:
        problems.append(str(doc.issue(("language",), f"unknown language {fixture.language!r}")))
    rule_ids = {rule.id for rule in questionnaire.rules}
    for i, rule_id in enumerate(fixture.expect.findings):
        if rule_id not in rule_ids:
            problems.append(str(doc.issue(("expect", "findings", i), f"unknown rule {rule_id!r}")))
    for rule_id in fixture.expect.severities:
        if rule_id not in fixture.expect.findings:
            message = f"severity of {rule_id!r}, which is not among the expected findings"
            problems.append(str(doc.issue(("expect", "severities", rule_id), message)))
    for key in fixture.expect.bands:
        if key != "overall" and key not in questionnaire.area_ids:
            problems.append(str(doc.issue(("expect", "bands", key), f"unknown area {key!r}")))
    for error in check_answers(questionnaire, fixture.answers):
        problems.append(str(doc.issue(("answers", error.question_id), f"answer {error}")))
    return problems


def compare(questionnaire: Questionnaire, fixture: FixtureFile) -> list[str]:
    """The differences between what the fixture expects and what evaluation gives."""
    result = evaluate(questionnaire, fixture.answers)
    fired, expected = set(result.finding_ids()), set(fixture.expect.findings)
    problems: list[str] = []
    if expected - fired:
        problems.append(f"findings expected but not fired: {', '.join(sorted(expected - fired))}")
    if fired - expected:
        problems.append(f"findings fired but not expected: {', '.join(sorted(fired - expected))}")
    severities = {finding.rule: finding.severity for finding in result.findings}
    for rule_id, severity in fixture.expect.severities.items():
        actual_severity = severities.get(rule_id)
        if actual_severity is not None and actual_severity != severity:
            problems.append(f"severity of {rule_id}: expected {severity}, got {actual_severity}")
    for key, band in fixture.expect.bands.items():
        actual = result.overall.band if key == "overall" else result.areas[key].band
        if actual != band:
            score = result.overall.score if key == "overall" else result.areas[key].score
            problems.append(f"band {key}: expected {band}, got {actual} (score {_fmt(score)})")
    return problems


def _fmt(score: float | None) -> str:
    return "none" if score is None else f"{shown_score(score)}, unrounded {score}"
