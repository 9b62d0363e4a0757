"""Re-scoring when the bank moves to a new version: never silent, previewed first, applied
exactly as previewed, with the difference in the audit log and the approval withdrawn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from assessment.engine import clear_cache
from assessment.models import AuditEvent, Status
from assessment.services import answers, bank, overrides, rescore, review, stored_answers
from assessment.services.rescore import RescoreError
from tests.dashboard.review_support import (
    copied_bank_config,
    newer_bank,
    submitted_assessment,
)
from tests.factories import make_assessment, make_user


@pytest.fixture
def app_config(tmp_path: Path) -> dict[str, Any]:
    return copied_bank_config(tmp_path)


def release_newer_version(app: Flask, tmp_path: Path, **kwargs: Any) -> None:
    """Put a newer reviewtest into the bank the app reads (as a release would)."""
    root = newer_bank(tmp_path / "next", **kwargs)
    app.config["QUESTIONS_DIR"] = root
    clear_cache()


def test_an_up_to_date_assessment_has_nothing_to_rescore(db_session: Session) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    assert rescore.preview(db_session, assessment) is None
    with pytest.raises(RescoreError, match="already uses the newest"):
        rescore.apply(db_session, assessment, me, "whatever")


def test_the_preview_shows_what_would_change_and_stores_nothing(
    app: Flask, db_session: Session, tmp_path: Path
) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    overrides.dismiss(db_session, assessment, "SERV-1", "Holiday week.", me)
    db_session.commit()
    release_newer_version(app, tmp_path)

    seen = rescore.preview(db_session, assessment)

    assert seen is not None and seen.pinned_available and seen.scored
    assert (seen.source.version, seen.target.version, seen.target.rules_version) == (
        "1.0.0", "1.1.0", "1.1.0")
    # The preview compares the findings as reviewed: SERV-1 was dismissed, so its going
    # away changes nothing the client sees; the dismissal is reported as orphaned instead.
    assert {(f.id, f.change, f.before_severity, f.after_severity) for f in seen.findings} == {
        ("OPS-1", "kept", "medium", "high")}
    assert seen.orphaned_overrides == ("SERV-1",)
    assert seen.answer_problems == ()
    assert seen.changes_anything
    # nothing stored yet: the assessment stays pinned and scored as before
    assert (assessment.questionnaire_version, assessment.rules_version) == ("1.0.0", "1.0.0")
    assert "SERV-1" in [f["rule"] for f in assessment.result["result"]["findings"]]


def test_applying_repins_rescores_withdraws_the_approval_and_audits(
    app: Flask, db_session: Session, tmp_path: Path
) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    review.start_review(db_session, assessment, me)
    review.approve(db_session, assessment, me)
    db_session.commit()
    release_newer_version(app, tmp_path)
    seen = rescore.preview(db_session, assessment)
    assert seen is not None and seen.withdraws_approval

    rescore.apply(db_session, assessment, me, seen.token)
    db_session.commit()

    assert (assessment.questionnaire_version, assessment.rules_version) == ("1.1.0", "1.1.0")
    assert assessment.questionnaire_fingerprint == seen.target.fingerprint
    assert bank.questionnaire_for(assessment).version == "1.1.0"
    assert [f["rule"] for f in assessment.result["result"]["findings"]] == ["LEAD-1", "OPS-1"]
    assert assessment.status == Status.IN_REVIEW
    event = db_session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "assessment.rescored"))
    assert event is not None
    assert event.details["from"]["version"] == "1.0.0" and event.details["to"]["version"] == "1.1.0"
    assert {f["id"] for f in event.details["findings"]} == {"OPS-1", "SERV-1"}
    assert event.details["withdrew_approval"] is True
    assert rescore.preview(db_session, assessment) is None


def test_apply_refuses_when_the_answers_changed_since_the_preview(
    app: Flask, db_session: Session, tmp_path: Path
) -> None:
    me = make_user(db_session)
    invitation_assessment = make_assessment(db_session)
    from tests.factories import make_invitation

    invitation, _ = make_invitation(db_session, invitation_assessment)
    answers.save_section(db_session, invitation, "leadership", {"sponsor": "yes"}, {})
    release_newer_version(app, tmp_path)
    seen = rescore.preview(db_session, invitation_assessment)
    assert seen is not None and not seen.scored and not seen.findings
    answers.save_section(db_session, invitation, "leadership", {"sponsor": "no"},
                         {"sponsor": 1})
    with pytest.raises(RescoreError, match="changed since"):
        rescore.apply(db_session, invitation_assessment, me, seen.token)
    db_session.rollback()
    assert invitation_assessment.questionnaire_version == "1.0.0"

    fresh = rescore.preview(db_session, invitation_assessment)
    assert fresh is not None
    rescore.apply(db_session, invitation_assessment, me, fresh.token)
    db_session.commit()
    # an open assessment is re-pinned (respondents carry on with the new version), not scored
    assert invitation_assessment.questionnaire_version == "1.1.0"
    assert invitation_assessment.result is None


def test_answers_the_new_version_refuses_are_listed_and_kept(
    app: Flask, db_session: Session, tmp_path: Path
) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    root = newer_bank(tmp_path / "next")
    section = root / "reviewtest-1.1.0" / "sections" / "leadership.yaml"
    text = section.read_text()
    draft = "      - {value: draft, points: 50, label: {en: In draft, nl: In concept}}\n"
    assert draft in text
    section.write_text(text.replace(draft, ""))
    app.config["QUESTIONS_DIR"] = root
    clear_cache()

    seen = rescore.preview(db_session, assessment)
    assert seen is not None
    assert [p.question_id for p in seen.answer_problems] == ["budget"]
    rescore.apply(db_session, assessment, me, seen.token)
    db_session.commit()
    assert stored_answers.values(db_session, assessment)["budget"] == "draft"


def test_a_removed_pinned_version_can_still_be_rescored(
    app: Flask, db_session: Session, tmp_path: Path
) -> None:
    me = make_user(db_session)
    assessment = submitted_assessment(db_session, owner=me).assessment
    release_newer_version(app, tmp_path, keep_old=False)
    with pytest.raises(bank.PinnedVersionError):
        bank.questionnaire_for(assessment)
    seen = rescore.preview(db_session, assessment)
    assert seen is not None and not seen.pinned_available
    rescore.apply(db_session, assessment, me, seen.token)
    assert bank.questionnaire_for(assessment).version == "1.1.0"


def test_the_overview_lists_outdated_assessments_the_user_may_change(
    app: Flask, db_session: Session, tmp_path: Path
) -> None:
    me, other = make_user(db_session), make_user(db_session)
    sales = make_user(db_session, role="sales")
    mine = submitted_assessment(db_session, owner=me).assessment
    submitted_assessment(db_session, owner=other)
    assert rescore.outdated(db_session, me) == ([], 0)
    release_newer_version(app, tmp_path)
    items, total = rescore.outdated(db_session, me)
    assert total == 1 and [i.assessment_id for i in items] == [mine.id]
    assert items[0].newest.version == "1.1.0"
    assert rescore.outdated(db_session, sales) == ([], 0)
