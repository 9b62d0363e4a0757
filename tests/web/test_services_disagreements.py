"""Shared answers between respondents: what is read-only for whom, recording a different view
(the standing answer is kept), one lead per assessment, and resolving both ways."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models import Answer, AuditEvent, Invitation
from assessment.models.disagreement import Disagreement
from assessment.services import answers, bank, disagreements, invitations, stored_answers
from assessment.services.answer_errors import AnswerValidationError, ReadOnlyAnswerError
from assessment.services.disagreements import ADOPT, KEEP, DisagreementError
from assessment.services.errors import ConflictError, NotFoundError
from assessment.services.invitations import LeadTakenError
from tests.factories import (
    WEBTEST_CONFIG,
    WEBTEST_PROFILE,
    WEBTEST_WAREHOUSE,
    make_invitation,
    make_user,
)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return WEBTEST_CONFIG


def _answer(session: Session, question_id: str) -> tuple[Any, int, int | None]:
    row = session.scalar(sa.select(Answer).where(Answer.question_id == question_id)
                         .execution_options(populate_existing=True))
    assert row is not None
    return row.value, row.version, row.invitation_id


def _submitted_pair(session: Session) -> tuple[Invitation, Invitation]:
    """Joost answered the warehouse and submitted; Sanne still answers everything."""
    joost, _ = make_invitation(session, areas=["warehouse"], respondent_name="Joost")
    sanne, _ = make_invitation(session, joost.assessment, respondent_name="Sanne")
    answers.save_section(session, joost, "profile", WEBTEST_PROFILE, {})
    answers.save_section(session, joost, "warehouse", WEBTEST_WAREHOUSE, {})
    answers.submit(session, joost)
    return joost, sanne


def test_a_submitted_colleagues_answers_are_read_only_for_the_others(db_session: Session) -> None:
    joost, sanne = _submitted_pair(db_session)
    questionnaire = bank.questionnaire_for(joost.assessment)
    stored = stored_answers.load(db_session, joost.assessment)
    read_only = stored_answers.read_only(questionnaire, sanne, stored)
    assert read_only == {"org_size": "submitted", "packing_per_hour": "submitted",
                         "stock_accuracy": "submitted"}
    assert stored_answers.read_only(questionnaire, joost, stored) == {}


def test_recording_keeps_the_standing_answer(db_session: Session) -> None:
    joost, sanne = _submitted_pair(db_session)
    found = disagreements.record(db_session, sanne, "packing_per_hour", 40,
                                 "  We pack 40 an hour on average.  ")
    assert (found.standing_value, found.standing_invitation_id) == (60, joost.id)
    assert (found.other_value, found.other_invitation_id) == (40, sanne.id)
    assert found.reason == "We pack 40 an hour on average." and found.is_open
    assert _answer(db_session, "packing_per_hour") == (60, 1, joost.id)
    (view,) = disagreements.open_for(db_session, joost.assessment)
    assert (view.standing_by, view.other_by, view.other_value) == ("Joost", "Sanne", 40)
    assert joost.assessment.open_disagreements == 1
    # a second view of the same respondent replaces the first while it is open
    disagreements.record(db_session, sanne, "packing_per_hour", 45, "Measured again.")
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Disagreement)) == 1
    actions = db_session.scalars(sa.select(AuditEvent.action)).all()
    assert actions.count("disagreement.recorded") == 2


@pytest.mark.parametrize(("question_id", "value", "reason", "error", "field"), [
    ("packing_per_hour", 40, "   ", DisagreementError, "reason"),
    ("packing_per_hour", 40, "x" * 2001, DisagreementError, "reason"),
    ("packing_per_hour", 60, "same", DisagreementError, "value"),
    ("packing_per_hour", None, "why", DisagreementError, "value"),
    ("packing_per_hour", -5, "why", AnswerValidationError, None),
    ("erp_involved", "yes", "nobody answered it", DisagreementError, None),
    ("no_such_question", "x", "why", NotFoundError, None),
])
def test_recording_refuses_what_it_cannot_keep(
    db_session: Session, question_id: str, value: Any, reason: str, error: type[Exception],
    field: str | None,
) -> None:
    _joost, sanne = _submitted_pair(db_session)
    with pytest.raises(error) as refused:
        disagreements.record(db_session, sanne, question_id, value, reason)
    assert getattr(refused.value, "field", None) == field
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Disagreement)) == 0


def test_a_forged_post_of_a_read_only_answer_is_refused(db_session: Session) -> None:
    joost, sanne = _submitted_pair(db_session)
    with pytest.raises(ReadOnlyAnswerError) as refused:
        answers.save_section(db_session, sanne, "profile", {"org_size": "micro"},
                             {"org_size": 1})
    assert refused.value.errors[0].code == "read_only" and "Joost" in str(refused.value)
    assert _answer(db_session, "org_size") == ("large", 1, joost.id)


def test_only_one_lead_per_assessment(db_session: Session) -> None:
    lead, _ = make_invitation(db_session, respondent_name="Lena")
    invitations.create(db_session, lead.assessment, respondent_name="Not yet", lead=False)
    lead.lead = True
    db_session.flush()
    with pytest.raises(LeadTakenError) as refused:
        invitations.create(db_session, lead.assessment, respondent_name="Mark", lead=True)
    assert refused.value.field == "lead" and "Lena" in str(refused.value)
    assert invitations.lead_of(db_session, lead.assessment) is lead
    assert invitations.respondent_count(db_session, lead.assessment) == 2
    # a revoked lead frees the place
    invitations.revoke(db_session, lead)
    other, _ = invitations.create(db_session, lead.assessment, respondent_name="Mark", lead=True)
    assert other.lead and invitations.lead_of(db_session, lead.assessment) is other


def test_the_leads_profile_answers_are_read_only_for_the_others(db_session: Session) -> None:
    lead, _ = make_invitation(db_session, respondent_name="Lena")
    lead.lead = True
    first, _ = make_invitation(db_session, lead.assessment, respondent_name="Piet")
    second, _ = make_invitation(db_session, lead.assessment, respondent_name="Kim")
    # before the lead answers, anyone may fill the profile in
    answers.save_section(db_session, first, "profile", {"org_size": "micro"}, {})
    # the lead owns it: their answer replaces Piet's
    answers.save_section(db_session, lead, "profile", {"org_size": "large"}, {"org_size": 1})
    assert _answer(db_session, "org_size") == ("large", 2, lead.id)
    with pytest.raises(ReadOnlyAnswerError):
        answers.save_section(db_session, second, "profile", {"org_size": "micro"},
                             {"org_size": 2})
    # Kim records her view instead, and other (non-profile) answers stay open to her
    found = disagreements.record(db_session, second, "org_size", "micro", "We are 12 people.")
    assert found.standing_invitation_id == lead.id
    outcome = answers.save_section(db_session, second, "warehouse", WEBTEST_WAREHOUSE, {})
    assert outcome.ok


def test_resolving_by_keeping_the_standing_answer(db_session: Session) -> None:
    joost, sanne = _submitted_pair(db_session)
    found = disagreements.record(db_session, sanne, "packing_per_hour", 40, "Average is 40.")
    user = make_user(db_session)
    disagreements.resolve(db_session, joost.assessment, found.id, choice=KEEP,
                          note="Peak figure is what matters.", user=user)
    assert (found.resolution, found.chosen_value, found.resolved_by) == (KEEP, 60, user.email)
    assert found.resolution_note == "Peak figure is what matters."
    assert _answer(db_session, "packing_per_hour") == (60, 1, joost.id)
    assert disagreements.open_for(db_session, joost.assessment) == []
    assert joost.assessment.open_disagreements == 0
    with pytest.raises(ConflictError):
        disagreements.resolve(db_session, joost.assessment, found.id, choice=ADOPT, note="",
                              user=user)


def test_resolving_by_adopting_the_other_value(db_session: Session) -> None:
    joost, sanne = _submitted_pair(db_session)
    found = disagreements.record(db_session, sanne, "packing_per_hour", 40, "Average is 40.")
    user = make_user(db_session)
    disagreements.resolve(db_session, joost.assessment, found.id, choice=ADOPT, note="",
                          user=user)
    assert (found.resolution, found.chosen_value) == (ADOPT, 40)
    assert _answer(db_session, "packing_per_hour") == (40, 2, sanne.id)
    event = db_session.scalar(sa.select(AuditEvent)
                              .where(AuditEvent.action == "disagreement.resolved"))
    assert event is not None and event.details["choice"] == ADOPT
    assert event.details["answer_version"] == 2 and event.actor == f"user:{user.id}"


def test_resolving_refuses_a_bad_choice_or_another_assessments_disagreement(
    db_session: Session,
) -> None:
    joost, sanne = _submitted_pair(db_session)
    found = disagreements.record(db_session, sanne, "packing_per_hour", 40, "Average is 40.")
    user = make_user(db_session)
    with pytest.raises(DisagreementError):
        disagreements.resolve(db_session, joost.assessment, found.id, choice="both", note="",
                              user=user)
    elsewhere, _ = make_invitation(db_session)
    with pytest.raises(NotFoundError):
        disagreements.resolve(db_session, elsewhere.assessment, found.id, choice=KEEP,
                              note="", user=user)
    assert found.is_open
