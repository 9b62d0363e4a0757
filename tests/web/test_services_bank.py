"""The pinned questionnaire version: a bank change never breaks or silently re-scores an
assessment that started on an earlier version."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from assessment.app import create_app
from assessment.engine import clear_cache
from assessment.engine.bank import DEFAULT_ROOT
from assessment.models import Assessment, Status
from assessment.services import answers, bank
from assessment.services.bank import PinnedVersionError
from tests.conftest import TEST_SECRET_KEY, AssessmentCliRunner
from tests.factories import (
    WEBTEST_BACK_OFFICE,
    WEBTEST_BANK,
    WEBTEST_PROFILE,
    WEBTEST_WAREHOUSE,
    make_assessment,
    make_invitation,
)


@pytest.fixture
def bank_dir(tmp_path: Path) -> Iterator[Path]:
    """A private copy of the webtest bank that a test may change."""
    root = tmp_path / "bank"
    shutil.copytree(WEBTEST_BANK / "webtest", root / "webtest-1.0.0")
    yield root
    clear_cache()


@pytest.fixture
def app_config(bank_dir: Path) -> dict[str, Any]:
    return {"QUESTIONS_DIR": bank_dir, "QUESTIONNAIRE_ID": "webtest"}


def add_version(bank_dir: Path, version: str, *, rules_version: str = "1.0.0",
                replace: str | None = None) -> Path:
    """Copy version 1.0.0 as a new version (or over ``replace``), with another choice score."""
    target = bank_dir / (replace or f"webtest-{version}")
    if replace is None:
        shutil.copytree(bank_dir / "webtest-1.0.0", target)
    definition = target / "questionnaire.yaml"
    text = definition.read_text(encoding="utf-8")
    text = text.replace('version: "1.0.0"\nrules_version: "1.0.0"',
                        f'version: "{version}"\nrules_version: "{rules_version}"')
    definition.write_text(text, encoding="utf-8")
    section = target / "sections" / "back_office.yaml"
    section.write_text(section.read_text(encoding="utf-8").replace(
        "points: {yes: 100, no: 0}", "points: {yes: 10, no: 0}"), encoding="utf-8")
    clear_cache()
    return target


def complete(session: Session, invitation: Any) -> None:
    for section, values in (("profile", WEBTEST_PROFILE), ("back_office", WEBTEST_BACK_OFFICE),
                            ("warehouse", WEBTEST_WAREHOUSE)):
        answers.save_section(session, invitation, section, values, {})
    answers.submit(session, invitation)


def test_new_assessments_start_on_the_newest_version(db_session: Session, bank_dir: Path) -> None:
    add_version(bank_dir, "1.1.0")
    assert make_assessment(db_session).questionnaire_version == "1.1.0"


def test_an_older_assessment_is_scored_on_its_own_version(
    db_session: Session, bank_dir: Path
) -> None:
    invitation, _ = make_invitation(db_session)
    old_score_basis = bank.questionnaire_for(invitation.assessment).fingerprint
    add_version(bank_dir, "1.1.0")
    complete(db_session, invitation)
    stored = invitation.assessment.result
    assert stored is not None
    assert stored["questionnaire"]["version"] == "1.0.0"
    assert stored["questionnaire"]["fingerprint"] == old_score_basis
    # 1.0.0 scores "yes" at 100 points, 1.1.0 at 10: the back office shows which was used
    assert stored["result"]["areas"]["back_office"]["score"] == pytest.approx(100)


def test_a_removed_version_is_a_clear_error_not_a_rescore(
    db_session: Session, bank_dir: Path
) -> None:
    invitation, _ = make_invitation(db_session)
    answers.save_section(db_session, invitation, "profile", WEBTEST_PROFILE, {})
    add_version(bank_dir, "2.0.0", replace="webtest-1.0.0")  # 1.0.0 edited into 2.0.0
    with pytest.raises(PinnedVersionError, match=r"pinned to questionnaire webtest 1\.0\.0"):
        bank.questionnaire_for(invitation.assessment)
    with pytest.raises(PinnedVersionError, match="has no such version"):
        answers.submit(db_session, invitation)
    db_session.refresh(invitation)
    assert invitation.submitted_at is None
    assert invitation.assessment.status == Status.IN_PROGRESS
    assert invitation.assessment.result is None


def test_same_version_with_other_rules_is_refused(db_session: Session, bank_dir: Path) -> None:
    assessment = make_assessment(db_session)
    add_version(bank_dir, "1.0.0", rules_version="1.0.1", replace="webtest-1.0.0")
    with pytest.raises(PinnedVersionError, match=r"now carries rules 1\.0\.1"):
        bank.questionnaire_for(assessment)


def test_pin_records_version_rules_and_fingerprint(db_session: Session) -> None:
    assessment = make_assessment(db_session)
    latest = bank.latest()
    assert (assessment.questionnaire_id, assessment.questionnaire_version,
            assessment.rules_version, assessment.questionnaire_fingerprint) == (
        latest.id, latest.version, latest.rules_version, latest.fingerprint)


def test_an_unknown_questionnaire_id_is_a_clear_error(app: Any) -> None:
    with app.app_context(), pytest.raises(LookupError, match="no questionnaire 'nope'"):
        bank.latest("nope")


def test_missing_pins_are_listed_with_their_assessments(
    db_session: Session, bank_dir: Path
) -> None:
    make_assessment(db_session)
    make_assessment(db_session)
    assert bank.missing_pins(db_session) == []
    add_version(bank_dir, "2.0.0", replace="webtest-1.0.0")
    (missing,) = bank.missing_pins(db_session)
    assert (missing.questionnaire_id, missing.version, missing.assessments) == (
        "webtest", "1.0.0", 2)
    assert str(missing) == "webtest 1.0.0 (rules 1.0.0): 2 assessment(s)"


def test_init_db_warns_about_assessments_the_bank_can_no_longer_serve(
    db_session: Session, bank_dir: Path, runner: AssessmentCliRunner
) -> None:
    make_assessment(db_session)
    add_version(bank_dir, "2.0.0", replace="webtest-1.0.0")
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "no longer holds versions that assessments are pinned to" in result.stderr
    assert "webtest 1.0.0 (rules 1.0.0): 1 assessment(s)" in result.stderr


def test_demo_starts_afresh_when_its_pinned_version_is_gone(
    db_session: Session, bank_dir: Path, runner: AssessmentCliRunner
) -> None:
    assert runner.invoke(args=["demo", "--no-serve"]).exit_code == 0
    add_version(bank_dir, "2.0.0", replace="webtest-1.0.0")
    result = runner.invoke(args=["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    versions = db_session.scalars(
        sa.select(Assessment.questionnaire_version).order_by(Assessment.id)
    ).all()
    assert versions == ["1.0.0", "2.0.0"]
    assert "(assessment 2)" in result.output


def test_the_bank_reads_the_settings_of_the_active_app(app: Flask, bank_dir: Path) -> None:
    assert bank.questions_dir() == DEFAULT_ROOT  # no app context: the project's bank
    with app.app_context():
        assert bank.questions_dir() == bank_dir
        assert bank.default_questionnaire_id() == "webtest"
        app.config["QUESTIONS_DIR"] = bank_dir / "elsewhere"  # read at each call
        assert bank.questions_dir() == bank_dir / "elsewhere"
        other = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET_KEY,
                            "SQLALCHEMY_DATABASE_URI": "sqlite://"})
        with other.app_context():
            assert bank.questions_dir() == DEFAULT_ROOT
        assert bank.questions_dir() == bank_dir / "elsewhere"  # the outer app's again
    assert bank.questions_dir() == DEFAULT_ROOT
    assert bank.default_questionnaire_id() == bank.DEFAULT_QUESTIONNAIRE_ID
