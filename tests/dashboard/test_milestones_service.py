"""Milestones: starting assessments (owner, organisation by name, one open at a time),
follow-ups with the same people, the timeline, and comparing two milestones as reviewed."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models import AuditEvent, Status
from assessment.models.share import AssessmentShare
from assessment.reviewed import text
from assessment.services import bank, milestones, overrides, review
from assessment.services.milestones import MilestoneError
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.factories import make_org, make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def approve(session: Session, assessment: Any, user: Any) -> None:
    review.start_review(session, assessment, user)
    review.approve(session, assessment, user)
    session.commit()


def shares(session: Session, assessment_id: int) -> set[tuple[int, str]]:
    rows = session.scalars(
        sa.select(AssessmentShare).where(AssessmentShare.assessment_id == assessment_id))
    return {(row.user_id, row.kind) for row in rows}


def test_a_consultant_starts_an_assessment_and_owns_it(db_session: Session) -> None:
    me = make_user(db_session)
    assessment = milestones.start_assessment(
        db_session, me, organisation_name="  Nordic   Bikes ", language="nl", show_summary=False)
    db_session.commit()
    assert assessment.organisation.name == "Nordic Bikes"
    assert (assessment.language, assessment.show_summary, assessment.status) == (
        "nl", False, Status.INVITED)
    assert assessment.questionnaire_id == "reviewtest"
    assert shares(db_session, assessment.id) == {(me.id, "owner")}


def test_an_admin_names_the_owner_or_none(db_session: Session) -> None:
    admin, consultant = make_user(db_session, role="admin"), make_user(db_session)
    owned = milestones.start_assessment(db_session, admin, organisation_name="A", language="en",
                                        owner=consultant)
    unowned = milestones.start_assessment(db_session, admin, organisation_name="B",
                                          language="en")
    assert shares(db_session, owned.id) == {(consultant.id, "owner")}
    assert shares(db_session, unowned.id) == set()


@pytest.mark.parametrize(
    ("name", "language", "field", "message"),
    [
        ("   ", "en", "organisation", "Enter the organisation"),
        ("x" * 201, "en", "organisation", "at most 200"),
        ("Fine", "de", "language", "offered languages"),
    ],
)
def test_bad_input_names_the_field(
    db_session: Session, name: str, language: str, field: str, message: str
) -> None:
    me = make_user(db_session)
    with pytest.raises(MilestoneError, match=message) as raised:
        milestones.start_assessment(db_session, me, organisation_name=name, language=language)
    assert raised.value.field == field


def test_one_open_assessment_per_organisation_and_sales_cannot_start(db_session: Session) -> None:
    me, sales = make_user(db_session), make_user(db_session, role="sales")
    milestones.start_assessment(db_session, me, organisation_name="Shop", language="en")
    with pytest.raises(MilestoneError, match="already has an assessment in progress"):
        milestones.start_assessment(db_session, me, organisation_name="shop", language="en")
    with pytest.raises(MilestoneError, match="Sales"):
        milestones.start_assessment(db_session, sales, organisation_name="Other", language="en")


def test_a_follow_up_keeps_the_people_and_is_audited(db_session: Session) -> None:
    me, colleague = make_user(db_session), make_user(db_session)
    first = submitted_assessment(db_session, owner=me).assessment
    db_session.add(AssessmentShare(assessment_id=first.id, user_id=colleague.id, kind="shared"))
    db_session.commit()
    with pytest.raises(MilestoneError, match="Approve this assessment"):
        milestones.follow_up(db_session, first, me)
    approve(db_session, first, me)
    later = milestones.follow_up(db_session, first, me)
    db_session.commit()
    assert later.organisation_id == first.organisation_id and later.status == Status.INVITED
    assert shares(db_session, later.id) == {(me.id, "owner"), (colleague.id, "shared")}
    event = db_session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "assessment.follow_up"))
    assert event is not None and event.details == {"previous_assessment_id": first.id}
    with pytest.raises(MilestoneError, match="Approve this assessment"):
        milestones.follow_up(db_session, later, me)


def test_the_timeline_shows_only_what_the_user_may_open(db_session: Session) -> None:
    me, other, sales = make_user(db_session), make_user(db_session), make_user(
        db_session, role="sales")
    shop = make_org(db_session, "Shop")
    mine = submitted_assessment(db_session, owner=me, organisation=shop).assessment
    submitted_assessment(db_session, owner=other, organisation=shop)
    line = milestones.timeline(db_session, me, shop.id)
    assert line is not None and [m.assessment_id for m in line.milestones] == [mine.id]
    assert milestones.timeline(db_session, sales, shop.id) is None
    nobody = make_org(db_session)
    assert milestones.timeline(db_session, me, nobody.id) is None
    assert milestones.timeline(db_session, me, 99999) is None


def test_comparing_two_milestones_shows_scores_and_findings_per_area(db_session: Session) -> None:
    me = make_user(db_session)
    shop = make_org(db_session, "Shop")
    before = submitted_assessment(db_session, owner=me, organisation=shop).assessment
    after = submitted_assessment(
        db_session, owner=me, organisation=shop,
        overrides={"leadership": {"sponsor": "yes"}, "operations": {"erp_connected": "no"}},
    ).assessment
    overrides.change_severity(db_session, after, "OPS-1", "high", "Peak season is near.", me)
    questionnaire = bank.questionnaire_for(after)
    for assessment, title in [(before, "No returns policy"), (after, "No stock alerts")]:
        added = overrides.AddedFindingInput("service", "low", title, "Why.", "What.",
                                            "service_lead", "S")
        overrides.add_finding(db_session, assessment, questionnaire, added, "Seen.", me)
    overrides.dismiss(db_session, before, "SERV-1", "Was a holiday week.", me)
    db_session.commit()

    line = milestones.timeline(db_session, me, shop.id)
    assert line is not None and milestones.default_pair(line) == (before.id, after.id)
    compared = milestones.compare(db_session, before, after)

    assert compared.overall.delta is not None and compared.overall.delta > 0
    assert compared.same_rules
    by_area = {a.area.key: a for a in compared.areas}
    assert [a.area.key for a in compared.areas] == ["leadership", "operations", "service"]
    assert [(f.id, f.change) for f in by_area["leadership"].findings] == [("LEAD-1", "removed")]
    assert [(f.id, f.change, f.before_severity, f.after_severity)
            for f in by_area["operations"].findings] == [
        ("OPS-2", "added", None, "high"), ("OPS-1", "kept", "medium", "high")]
    # SERV-1 was dismissed before and fires after: it counts as new. The consultants' own
    # findings are both REV-1, but different findings: one added, one removed.
    assert [(f.id, text(f.title, "en", "en"), f.change) for f in by_area["service"].findings] == [
        ("SERV-1", "Slow answers to customers", "added"), ("REV-1", "No stock alerts", "added"),
        ("REV-1", "No returns policy", "removed")]
    assert by_area["leadership"].area.before_band == "red"
    assert by_area["leadership"].area.after_band == "green"


def test_comparing_needs_one_organisation_and_two_scores(db_session: Session) -> None:
    me = make_user(db_session)
    one = submitted_assessment(db_session, owner=me).assessment
    two = submitted_assessment(db_session, owner=me).assessment
    with pytest.raises(MilestoneError, match="same organisation"):
        milestones.compare(db_session, one, two)
    approve(db_session, one, me)
    unscored = milestones.follow_up(db_session, one, me)
    with pytest.raises(MilestoneError, match="need a score"):
        milestones.compare(db_session, one, unscored)
