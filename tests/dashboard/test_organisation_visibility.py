"""Issue 14, finding 1: a consultant neither learns of nor blocks a client they cannot see.

Organisations are found by name only among those the user may see (admins: all; a
consultant: those with an assessment they own or share); any other name gets a new,
separate organisation. The CLI, which sees everything, asks for an id when a name is shared.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import Assessment, Organisation, Status
from assessment.models.share import AssessmentShare
from assessment.services import milestones, organisations, review
from tests.conftest import AssessmentCliRunner
from tests.dashboard.conftest import sign_in
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.factories import make_assessment, make_org, make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def start(client: FlaskClient, name: str) -> Any:
    return client.post("/dashboard/assessments/new", data={"organisation": name, "language": "en"})


def owned_by(session: Session, organisation: Organisation, owner: Any,
             status: Status = Status.INVITED) -> Assessment:
    assessment = make_assessment(session, organisation, status=status)
    session.add(AssessmentShare(assessment_id=assessment.id, user_id=owner.id, kind="owner"))
    session.commit()
    return assessment


def test_an_open_assessment_of_an_unseen_client_is_not_revealed(
    client: FlaskClient, db_session: Session
) -> None:
    rightful, other = make_user(db_session), make_user(db_session)
    client_org = make_org(db_session, "Demo Retail BV")
    theirs = owned_by(db_session, client_org, rightful)
    sign_in(client, other)
    response = start(client, "demo retail bv")
    assert response.status_code == 303
    text = response.get_data(as_text=True)
    assert "Demo Retail BV" not in text and "in progress" not in text
    mine = db_session.scalar(sa.select(Assessment).where(Assessment.id != theirs.id))
    assert mine is not None and mine.organisation_id != client_org.id
    assert mine.organisation.name == "demo retail bv"
    assert [a.id for a in client_org.assessments] == [theirs.id]


def test_the_rightful_owner_can_still_follow_up(client: FlaskClient, db_session: Session) -> None:
    rightful, other = make_user(db_session), make_user(db_session)
    client_org = make_org(db_session, "Demo Retail BV")
    first = submitted_assessment(db_session, owner=rightful, organisation=client_org).assessment
    review.start_review(db_session, first, rightful)
    review.approve(db_session, first, rightful)
    db_session.commit()
    sign_in(client, other)
    assert start(client, "Demo Retail BV").status_code == 303
    assert len(client_org.assessments) == 1  # nothing was started under their client
    sign_in(client, rightful)
    response = client.post(f"/dashboard/assessments/{first.id}/follow-up")
    later = db_session.scalar(sa.select(Assessment).where(
        Assessment.organisation_id == client_org.id, Assessment.id != first.id))
    assert later is not None and later.status == Status.INVITED
    assert response.headers["Location"] == f"/dashboard/assessments/{later.id}/invitations"


def test_a_visible_organisation_is_reused_and_still_guarded(db_session: Session) -> None:
    me, colleague = make_user(db_session), make_user(db_session)
    admin = make_user(db_session, role="admin")
    shop = make_org(db_session, "Shop")
    shared = owned_by(db_session, shop, colleague, status=Status.APPROVED)
    db_session.add(AssessmentShare(assessment_id=shared.id, user_id=me.id, kind="shared"))
    db_session.commit()
    mine = milestones.start_assessment(db_session, me, organisation_name="shop", language="en")
    assert mine.organisation_id == shop.id
    with pytest.raises(milestones.MilestoneError, match="Shop already has an assessment"):
        milestones.start_assessment(db_session, admin, organisation_name="SHOP", language="en")


def test_a_consultant_sees_only_organisations_of_their_assessments(db_session: Session) -> None:
    me, other = make_user(db_session), make_user(db_session)
    admin, sales = make_user(db_session, role="admin"), make_user(db_session, role="sales")
    mine, theirs, empty = make_org(db_session, "A"), make_org(db_session, "A"), make_org(db_session)
    owned_by(db_session, mine, me)
    owned_by(db_session, theirs, other)

    def visible(user: Any) -> set[int]:
        return set(db_session.scalars(
            sa.select(Organisation.id).where(organisations.visible_clause(user))))

    assert visible(me) == {mine.id}
    assert visible(admin) == {mine.id, theirs.id, empty.id}
    assert visible(sales) == {mine.id, theirs.id}
    assert [o.id for o in organisations.named(db_session, " a ", visible_to=me)] == [mine.id]


def test_invite_asks_for_an_id_when_organisations_share_a_name(
    runner: AssessmentCliRunner, db_session: Session
) -> None:
    first, second = make_org(db_session, "Twin Shop"), make_org(db_session, "twin shop")
    refused = runner.invoke(args=["invite", "--org", "Twin Shop"])
    assert refused.exit_code == 1
    assert (f"2 organisations are named 'Twin Shop': ids {first.id}, {second.id}. "
            "Choose one with --org-id.") in refused.output
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Assessment)) == 0
    chosen = runner.invoke(args=["invite", "--org-id", str(second.id)])
    assert chosen.exit_code == 0, chosen.output
    assert [a.organisation_id for a in db_session.scalars(sa.select(Assessment))] == [second.id]
    for args in ([], ["--org", "Twin Shop", "--org-id", str(first.id)]):
        assert runner.invoke(args=["invite", *args]).exit_code == 2
    assert "No organisation has id 999" in runner.invoke(args=["invite", "--org-id", "999"]).output
