"""Completion and scoring: when every invited part is in, the assessment is submitted and
scored on its pinned questionnaire, and the result is stored with the versions used."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.engine import evaluate
from assessment.models import AuditEvent, Invitation, Status
from assessment.services import answers, bank, invitations, scoring, stored_answers
from tests.factories import (
    WEBTEST_BACK_OFFICE,
    WEBTEST_CONFIG,
    WEBTEST_PROFILE,
    WEBTEST_WAREHOUSE,
    days_ago,
    make_invitation,
)

EVERYTHING = {**WEBTEST_PROFILE, **WEBTEST_BACK_OFFICE, **WEBTEST_WAREHOUSE}


@pytest.fixture
def app_config() -> dict[str, Any]:
    return WEBTEST_CONFIG


def answer_and_submit(session: Session, invitation: Invitation) -> answers.SubmitOutcome:
    """Answer the respondent's sections with the complete webtest answers, then submit."""
    for section, values in (("profile", WEBTEST_PROFILE), ("back_office", WEBTEST_BACK_OFFICE),
                            ("warehouse", WEBTEST_WAREHOUSE)):
        if invitation.covers(section):
            current = stored_answers.load(session, invitation.assessment)
            answers.save_section(session, invitation, section, values, current.versions())
    return answers.submit(session, invitation)


def test_a_single_all_areas_respondent_completes_the_assessment(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session)
    outcome = answer_and_submit(db_session, invitation)
    assessment = invitation.assessment
    assert outcome.complete and outcome.status == Status.SUBMITTED
    assert assessment.status == Status.SUBMITTED and assessment.submitted_at is not None
    assert assessment.result is not None and assessment.scored_at is not None


def test_the_stored_result_carries_the_versions_used(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session)
    answer_and_submit(db_session, invitation)
    assessment = invitation.assessment
    questionnaire = bank.questionnaire_for(assessment)
    stored = assessment.result
    assert stored is not None
    assert stored["questionnaire"] == {
        "id": "webtest", "version": "1.0.0", "rules_version": "1.0.0",
        "fingerprint": questionnaire.fingerprint,
    }
    assert stored["pinned_fingerprint"] == assessment.questionnaire_fingerprint
    assert datetime.fromisoformat(stored["scored_at"]) == assessment.scored_at
    assert stored["answers_digest"] == scoring.answers_digest(EVERYTHING)
    expected = evaluate(questionnaire, EVERYTHING)
    assert stored["result"] == expected.to_dict()
    result = scoring.stored_result(assessment)
    assert result is not None and result.overall == expected.overall


def test_summary_columns_follow_the_result(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session)
    answer_and_submit(db_session, invitation)
    assessment = invitation.assessment
    expected = evaluate(bank.questionnaire_for(assessment), EVERYTHING)
    assert assessment.overall_score == expected.overall.score
    assert assessment.overall_band == expected.overall.band
    assert assessment.progress == 1.0
    summary = assessment.area_summary or {}
    for area_id, area in expected.areas.items():
        assert summary[area_id]["band"] == area.band
        assert summary[area_id]["score"] == area.score
        assert summary[area_id]["progress"] == 1.0


def test_area_scoped_respondents_complete_it_together(db_session: Session) -> None:
    warehouse, _ = make_invitation(db_session, areas=["warehouse"])
    back_office, _ = make_invitation(db_session, warehouse.assessment, areas=["back_office"])
    first = answer_and_submit(db_session, warehouse)
    assert not first.complete and warehouse.assessment.result is None
    second = answer_and_submit(db_session, back_office)
    assert second.complete and warehouse.assessment.status == Status.SUBMITTED
    assert warehouse.assessment.result is not None


def test_submitted_parts_must_cover_every_area(db_session: Session) -> None:
    warehouse, _ = make_invitation(db_session, areas=["warehouse"])
    outcome = answer_and_submit(db_session, warehouse)
    assert not outcome.complete and warehouse.assessment.status == Status.IN_PROGRESS


def test_an_outstanding_invitation_holds_completion_until_it_is_revoked(
    db_session: Session,
) -> None:
    everything, _ = make_invitation(db_session)
    latecomer, _ = make_invitation(db_session, everything.assessment, areas=["warehouse"])
    assert not answer_and_submit(db_session, everything).complete
    invitations.revoke(db_session, latecomer, actor="user:1")
    assert everything.assessment.status == Status.SUBMITTED
    assert everything.assessment.result is not None


def test_an_expired_unopened_invitation_does_not_hold_completion(db_session: Session) -> None:
    everything, _ = make_invitation(db_session)
    make_invitation(db_session, everything.assessment, areas=["warehouse"],
                    expires_at=days_ago(1))
    assert answer_and_submit(db_session, everything).complete


def test_completion_and_scoring_are_audited_with_versions(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session)
    answer_and_submit(db_session, invitation)
    events = {
        e.action: e for e in db_session.scalars(
            sa.select(AuditEvent).where(AuditEvent.assessment_id == invitation.assessment_id)
        )
    }
    assert {"assessment.created", "invitation.created", "answers.saved",
            "respondent.submitted", "assessment.submitted", "assessment.scored"} <= set(events)
    scored = events["assessment.scored"].details
    assert (scored["id"], scored["version"], scored["rules_version"]) == (
        "webtest", "1.0.0", "1.0.0",
    )
    assert scored["overall_band"] == invitation.assessment.overall_band


def test_answers_off_the_route_are_kept_but_not_scored(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session)
    answers.save_section(db_session, invitation, "back_office", WEBTEST_BACK_OFFICE, {})
    # answering "no" hides erp_meetings; its stored answer (3 = Always) must not score
    answers.save_section(db_session, invitation, "back_office", {"erp_involved": "no"},
                         {"erp_involved": 1})
    answers.save_section(db_session, invitation, "profile", WEBTEST_PROFILE, {})
    answers.save_section(db_session, invitation, "warehouse", WEBTEST_WAREHOUSE, {})
    answers.submit(db_session, invitation)
    stored = stored_answers.values(db_session, invitation.assessment)
    assert stored["erp_meetings"] == 3
    questionnaire = bank.questionnaire_for(invitation.assessment)
    without_hidden = {k: v for k, v in stored.items() if k != "erp_meetings"}
    assert invitation.assessment.result is not None
    assert invitation.assessment.result["result"] == evaluate(questionnaire,
                                                              without_hidden).to_dict()
    summary = invitation.assessment.area_summary or {}
    assert summary["back_office"]["band"] == "red"  # BO-1 fired and caps the back office


def test_rescore_uses_the_same_pinned_version(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session)
    answer_and_submit(db_session, invitation)
    assessment = invitation.assessment
    before = assessment.result
    assert before is not None
    scoring.score(db_session, assessment, actor="user:1")
    after = assessment.result
    assert after is not None
    assert after["result"] == before["result"]
    assert after["questionnaire"] == before["questionnaire"]
    assert after["scored_at"] >= before["scored_at"]
