"""The bank's rule fixtures, one test each (the same runner as `assessment test-rules`).

Nothing here may skip: a missing bank or an empty fixture folder is a failure.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.engine import Questionnaire, load_bank
from assessment.engine.bank import DEFAULT_ROOT
from assessment.engine.fixtures import FixtureFile, fixture_paths, run_fixture
from assessment.engine.yamlsource import load_yaml

BANK = DEFAULT_ROOT / "commerce-readiness"
FIXTURES = fixture_paths(BANK)


@pytest.fixture(scope="module")
def bank() -> Questionnaire:
    assert BANK.is_dir(), f"the question bank is missing: {BANK}"
    return load_bank().get("commerce-readiness")


def test_the_bank_has_fixtures() -> None:
    assert BANK.is_dir(), f"the question bank is missing: {BANK}"
    assert FIXTURES, f"no rule fixtures in {BANK / 'fixtures'}"


@pytest.mark.parametrize("path", FIXTURES or [None], ids=lambda p: p.stem if p else "none")
def test_fixture(bank: Questionnaire, path: Path | None) -> None:
    assert path is not None, "no rule fixtures to run"
    outcome = run_fixture(bank, path)
    assert outcome.passed, outcome.report()


def test_every_rule_is_expected_by_some_fixture(bank: Questionnaire) -> None:
    expected: set[str] = set()
    for path in FIXTURES:
        fixture = FixtureFile.model_validate(load_yaml(path).data)
        expected.update(fixture.expect.findings)
    untested = [rule.id for rule in bank.rules if rule.id not in expected]
    assert untested == [], f"rules no fixture expects to fire: {', '.join(untested)}"
