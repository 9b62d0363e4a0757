"""Saving answers: validation stores nothing when anything is wrong, area scoping,
conflict detection between tabs and respondents, locking on submit."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from assessment import unit_of_work
from assessment.models import Answer, AuditEvent, Invitation, Status
from assessment.services import answers, bank, invitations, stored_answers
from assessment.services.answers import (
    AnswerValidationError,
    IncompleteError,
    LockedError,
    OutsideAreasError,
    ReadOnlyAnswerError,
    UnknownSectionError,
)
from assessment.services.invitations import InvitationError
from tests.factories import (
    WEBTEST_BACK_OFFICE,
    WEBTEST_CONFIG,
    WEBTEST_PROFILE,
    WEBTEST_WAREHOUSE,
    days_ago,
    make_assessment,
    make_invitation,
)


@pytest.fixture
def app_config() -> dict[str, Any]:
    return WEBTEST_CONFIG


def stored_rows(session: Session) -> dict[str, tuple[Any, int]]:
    rows = session.scalars(sa.select(Answer).execution_options(populate_existing=True))
    return {row.question_id: (row.value, row.version) for row in rows}


def test_save_stores_values_with_who_and_when(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session, respondent_name="Eva", respondent_role="CTO")
    outcome = answers.save_section(db_session, invitation, "back_office", WEBTEST_BACK_OFFICE, {})
    assert outcome.ok and set(outcome.saved) == set(WEBTEST_BACK_OFFICE)
    assert outcome.versions == {"erp_involved": 1, "erp_meetings": 1, "integrations": 1}
    loaded = stored_answers.load(db_session, invitation.assessment)
    assert loaded.values() == WEBTEST_BACK_OFFICE
    stored = loaded.get("integrations")
    assert stored is not None and stored.answered_by == "Eva (CTO)"
    assert stored.invitation_id == invitation.id and stored.updated_at.tzinfo is not None


def test_save_moves_the_assessment_along_and_remembers_the_section(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session)
    assessment = invitation.assessment
    assert assessment.status == Status.INVITED
    answers.save_section(db_session, invitation, "warehouse", WEBTEST_WAREHOUSE, {})
    assert assessment.status == Status.IN_PROGRESS
    assert invitation.last_section_id == "warehouse"
    # 2 of the 5 required questions on the route (erp_meetings is hidden until the ERP
    # question is answered "yes"; the optional notes never count)
    assert assessment.progress == pytest.approx(2 / 5, abs=1e-3)
    assert assessment.area_summary == {"back_office": {"progress": 0.0},
                                       "warehouse": {"progress": 1.0}}


def test_an_invalid_value_stores_nothing_and_names_each_problem(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session)
    with pytest.raises(AnswerValidationError) as raised:
        answers.save_section(
            db_session, invitation, "warehouse",
            {"packing_per_hour": -5, "stock_accuracy": 101}, {},
        )
    assert set(raised.value.by_question()) == {"packing_per_hour", "stock_accuracy"}
    assert {e.code for e in raised.value.errors} == {"range"}
    assert stored_rows(db_session) == {}


def test_a_choice_outside_the_list_stores_nothing(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session)
    with pytest.raises(AnswerValidationError) as raised:
        answers.save_section(
            db_session, invitation, "back_office",
            {"erp_involved": "yes", "integrations": ["erp", "mainframe"]}, {},
        )
    assert [(e.question_id, e.code) for e in raised.value.errors] == [("integrations", "choice")]
    assert stored_rows(db_session) == {}


def test_questions_outside_the_section_are_refused(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session)
    with pytest.raises(AnswerValidationError) as raised:
        answers.save_section(
            db_session, invitation, "warehouse",
            {"packing_per_hour": 10, "org_size": "large", "bogus": 1}, {},
        )
    assert {(e.question_id, e.code) for e in raised.value.errors} == {
        ("org_size", "not_in_section"), ("bogus", "unknown_question"),
    }
    assert stored_rows(db_session) == {}


def test_unknown_section(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session)
    with pytest.raises(UnknownSectionError):
        answers.save_section(db_session, invitation, "cellar", {}, {})


def test_an_area_scoped_invitation_cannot_save_other_areas(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session, areas=["warehouse"])
    with pytest.raises(OutsideAreasError) as raised:
        answers.save_section(db_session, invitation, "back_office", WEBTEST_BACK_OFFICE, {})
    assert raised.value.section_id == "back_office"
    with pytest.raises(OutsideAreasError) as raised:
        answers.save_section(
            db_session, invitation, "warehouse", {"packing_per_hour": 5, "erp_involved": "no"}, {}
        )
    assert raised.value.question_ids == ["erp_involved"]
    assert stored_rows(db_session) == {}
    # its own area and the shared profile are fine
    answers.save_section(db_session, invitation, "profile", WEBTEST_PROFILE, {})
    answers.save_section(db_session, invitation, "warehouse", WEBTEST_WAREHOUSE, {})
    assert set(stored_rows(db_session)) == {"org_size", "packing_per_hour", "stock_accuracy"}


def test_a_revoked_or_expired_invitation_cannot_save(db_session: Session) -> None:
    revoked, _ = make_invitation(db_session, revoked=True)
    expired, _ = make_invitation(db_session, expires_at=days_ago(1))
    for invitation, reason in ((revoked, "revoked"), (expired, "expired")):
        with pytest.raises(InvitationError) as raised:
            answers.save_section(db_session, invitation, "profile", WEBTEST_PROFILE, {})
        assert raised.value.reason == reason
    assert stored_rows(db_session) == {}


def test_resaving_the_same_value_is_not_a_change(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session)
    answers.save_section(db_session, invitation, "back_office", WEBTEST_BACK_OFFICE, {})
    again = dict(WEBTEST_BACK_OFFICE, integrations=["oms", "erp"])  # order does not matter
    outcome = answers.save_section(db_session, invitation, "back_office", again, {})
    assert outcome.saved == () and set(outcome.unchanged) == set(WEBTEST_BACK_OFFICE)
    assert {v for _, v in stored_rows(db_session).values()} == {1}


def test_an_update_with_the_current_version_overwrites(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session)
    answers.save_section(db_session, invitation, "warehouse", WEBTEST_WAREHOUSE, {})
    outcome = answers.save_section(
        db_session, invitation, "warehouse", {"packing_per_hour": 70},
        {"packing_per_hour": 1},
    )
    assert outcome.saved == ("packing_per_hour",)
    assert stored_rows(db_session)["packing_per_hour"] == (70, 2)


def test_two_tabs_conflict_instead_of_overwriting(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session, respondent_name="Joost")
    # both tabs rendered the page while nothing was stored (version 0)
    answers.save_section(db_session, invitation, "warehouse", {"packing_per_hour": 40}, {})
    outcome = answers.save_section(
        db_session, invitation, "warehouse",
        {"packing_per_hour": 55, "stock_accuracy": 97}, {"packing_per_hour": 0},
    )
    assert not outcome.ok
    assert outcome.saved == ("stock_accuracy",)  # the field nobody else touched is saved
    (conflict,) = outcome.conflicts
    assert (conflict.question_id, conflict.their_value, conflict.your_value) == (
        "packing_per_hour", 40, 55,
    )
    assert conflict.their_version == 1 and conflict.answered_by == "Joost"
    assert stored_rows(db_session)["packing_per_hour"] == (40, 1)
    # choosing "mine": submit again on top of the version the conflict showed
    outcome = answers.save_section(
        db_session, invitation, "warehouse", {"packing_per_hour": 55}, {"packing_per_hour": 1}
    )
    assert outcome.ok and stored_rows(db_session)["packing_per_hour"] == (55, 2)


def test_two_respondents_conflict_and_see_who_answered(db_session: Session) -> None:
    first, _ = make_invitation(db_session, respondent_name="Sanne")
    second, _ = make_invitation(db_session, first.assessment, respondent_name="Eva")
    answers.save_section(db_session, first, "profile", {"org_size": "micro"}, {})
    outcome = answers.save_section(db_session, second, "profile", {"org_size": "large"}, {})
    (conflict,) = outcome.conflicts
    assert conflict.answered_by == "Sanne" and conflict.their_value == "micro"
    assert stored_rows(db_session)["org_size"] == ("micro", 1)
    events = db_session.scalars(sa.select(AuditEvent.action)).all()
    assert "answers.conflict" in events


def test_same_value_from_a_stale_form_is_not_a_conflict(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session)
    answers.save_section(db_session, invitation, "profile", {"org_size": "large"}, {})
    outcome = answers.save_section(db_session, invitation, "profile", {"org_size": "large"}, {})
    assert outcome.ok and outcome.unchanged == ("org_size",)


def test_clearing_keeps_the_version_growing(db_session: Session) -> None:
    """A cleared answer keeps its row, so a form from before the clear still conflicts."""
    invitation, _ = make_invitation(db_session)
    answers.save_section(db_session, invitation, "profile", {"notes": "first"}, {})
    answers.save_section(db_session, invitation, "profile", {"notes": "  "}, {"notes": 1})
    assert stored_rows(db_session)["notes"] == (None, 2)
    assert "notes" not in stored_answers.values(db_session, invitation.assessment)
    stale = answers.save_section(db_session, invitation, "profile", {"notes": "late"},
                                 {"notes": 1})
    assert [c.question_id for c in stale.conflicts] == ["notes"]


def test_hidden_answers_are_kept_but_not_required(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session)
    answers.save_section(db_session, invitation, "back_office", WEBTEST_BACK_OFFICE, {})
    answers.save_section(db_session, invitation, "back_office", {"erp_involved": "no"},
                         {"erp_involved": 1})
    # erp_meetings only shows when the ERP team is involved: kept, but off the route
    assert stored_answers.values(db_session, invitation.assessment)["erp_meetings"] == 3
    stored = stored_answers.values(db_session, invitation.assessment)
    missing = answers.missing_required(bank.questionnaire_for(invitation.assessment),
                                       invitation, stored)
    assert "erp_meetings" not in missing


def test_submit_requires_the_respondents_required_questions(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session, areas=["warehouse"])
    answers.save_section(db_session, invitation, "warehouse", {"packing_per_hour": 20}, {})
    with pytest.raises(IncompleteError) as raised:
        answers.submit(db_session, invitation)
    # only this respondent's route: the profile and the warehouse, not the back office
    assert raised.value.missing == ["org_size", "stock_accuracy"]
    assert invitation.submitted_at is None


def test_submit_locks_the_respondent(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session, areas=["warehouse"])
    make_invitation(db_session, invitation.assessment, areas=["back_office"])
    answers.save_section(db_session, invitation, "profile", WEBTEST_PROFILE, {})
    answers.save_section(db_session, invitation, "warehouse", WEBTEST_WAREHOUSE, {})
    outcome = answers.submit(db_session, invitation)
    assert not outcome.complete and outcome.status == Status.IN_PROGRESS
    assert invitation.submitted_at is not None
    with pytest.raises(LockedError):
        answers.save_section(db_session, invitation, "warehouse", {"packing_per_hour": 1},
                             {"packing_per_hour": 1})
    with pytest.raises(LockedError):
        answers.submit(db_session, invitation)
    assert stored_rows(db_session)["packing_per_hour"] == (60, 1)


def test_submitted_answers_stay_shared_but_others_may_not_silently_change_them(
    db_session: Session,
) -> None:
    warehouse, _ = make_invitation(db_session, areas=["warehouse"])
    everything, _ = make_invitation(db_session, warehouse.assessment)
    answers.save_section(db_session, warehouse, "warehouse", WEBTEST_WAREHOUSE, {})
    outcome = answers.save_section(db_session, everything, "warehouse",
                                   {"packing_per_hour": 1}, {})
    assert [c.question_id for c in outcome.conflicts] == ["packing_per_hour"]


def test_every_save_and_submit_is_audited(db_session: Session) -> None:
    invitation, _ = make_invitation(db_session, areas=["warehouse"])
    make_invitation(db_session, invitation.assessment, areas=["back_office"])
    answers.save_section(db_session, invitation, "profile", WEBTEST_PROFILE, {})
    answers.save_section(db_session, invitation, "warehouse", WEBTEST_WAREHOUSE, {})
    answers.submit(db_session, invitation)
    events = db_session.scalars(
        sa.select(AuditEvent).where(AuditEvent.actor == f"invitation:{invitation.id}")
        .order_by(AuditEvent.id)
    ).all()
    assert [e.action for e in events] == ["answers.saved", "answers.saved", "respondent.submitted"]
    assert events[1].details == {
        "section": "warehouse", "saved": {"packing_per_hour": 1, "stock_accuracy": 1},
        "conflicts": [],
    }


def test_load_reads_every_answer_in_one_query(db_session: Session, app: Any) -> None:
    invitation, _ = make_invitation(db_session)
    answers.save_section(db_session, invitation, "warehouse", WEBTEST_WAREHOUSE, {})
    answers.save_section(db_session, invitation, "back_office", WEBTEST_BACK_OFFICE, {})
    db_session.commit()  # as the request's unit of work does: the saves are written then
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    engine = db_session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        loaded = stored_answers.load(db_session, invitation.assessment)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert len(loaded.answers) == 5
    assert len([s for s in statements if "answer" in s.lower()]) == 1


def test_invitations_of_other_assessments_are_not_mixed_up(db_session: Session) -> None:
    one, _ = make_invitation(db_session)
    other, _ = make_invitation(db_session, make_assessment(db_session))
    answers.save_section(db_session, one, "profile", {"org_size": "micro"}, {})
    answers.save_section(db_session, other, "profile", {"org_size": "large"}, {})
    assert stored_answers.values(db_session, one.assessment) == {"org_size": "micro"}
    assert stored_answers.values(db_session, other.assessment) == {"org_size": "large"}
    assert db_session.scalar(sa.select(sa.func.count(Invitation.id))) == 2
    assert invitations.for_assessment(db_session, one.assessment) == [one]


def test_simultaneous_saves_of_one_answer_never_both_win(app: Flask, db_session: Session) -> None:
    """Two respondents press save at the same moment on the same stored answer (version 1):
    the assessment lock serialises them, so one saves and the other gets a conflict."""
    first, _ = make_invitation(db_session, respondent_name="First")
    second, _ = make_invitation(db_session, first.assessment, respondent_name="Second")
    answers.save_section(db_session, first, "warehouse", {"packing_per_hour": 10}, {})
    db_session.commit()  # services flush; the caller's unit of work commits
    start = threading.Barrier(2)
    outcomes: dict[int, answers.SaveOutcome] = {}
    failures: list[BaseException] = []

    def press_save(invitation_id: int, value: int) -> None:
        try:
            with app.app_context(), unit_of_work.command() as session:
                invitation = session.get(Invitation, invitation_id)
                assert invitation is not None
                start.wait(timeout=10)
                outcomes[value] = answers.save_section(
                    session, invitation, "warehouse", {"packing_per_hour": value},
                    {"packing_per_hour": 1},
                )
        except BaseException as error:  # reported below, in the test's thread
            failures.append(error)

    threads = [threading.Thread(target=press_save, args=(first.id, 20)),
               threading.Thread(target=press_save, args=(second.id, 30))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not failures, failures
    saved = [value for value, outcome in outcomes.items() if outcome.saved]
    conflicted = [value for value, outcome in outcomes.items() if outcome.conflicts]
    assert len(saved) == 1 and len(conflicted) == 1
    (conflict,) = outcomes[conflicted[0]].conflicts
    assert conflict.their_value == saved[0] and conflict.their_version == 2
    assert stored_rows(db_session)["packing_per_hour"] == (saved[0], 2)


def test_answers_of_a_submitted_respondent_are_locked_for_everyone(db_session: Session) -> None:
    warehouse, _ = make_invitation(db_session, areas=["warehouse"], respondent_name="Joost")
    everything, _ = make_invitation(db_session, warehouse.assessment, respondent_name="Sanne")
    answers.save_section(db_session, warehouse, "profile", WEBTEST_PROFILE, {})
    answers.save_section(db_session, warehouse, "warehouse", WEBTEST_WAREHOUSE, {})
    answers.submit(db_session, warehouse)
    stored = stored_answers.load(db_session, warehouse.assessment)
    packing = stored.get("packing_per_hour")
    assert packing is not None and packing.locked
    # even with the current version as the base, Sanne cannot change Joost's answer: it is
    # read-only for her (refused, naming Joost; she records a disagreement instead)
    with pytest.raises(ReadOnlyAnswerError) as refused:
        answers.save_section(
            db_session, everything, "warehouse",
            {"packing_per_hour": 1, "stock_accuracy": 95}, stored.versions(),
        )
    assert [(e.question_id, e.code) for e in refused.value.errors] == [
        ("packing_per_hour", "read_only")]
    assert "Joost" in str(refused.value)
    assert stored_rows(db_session)["packing_per_hour"] == (60, 1)
    # the same value is no change, so a page that posts it unchanged saves
    outcome = answers.save_section(db_session, everything, "warehouse",
                                   {"packing_per_hour": 60}, {})
    assert outcome.unchanged == ("packing_per_hour",) and outcome.ok
    # questions Joost never answered stay open to Sanne
    answers.save_section(db_session, everything, "back_office", WEBTEST_BACK_OFFICE, {})
    erp = stored_answers.load(db_session, warehouse.assessment).get("erp_involved")
    assert erp is not None and not erp.locked
