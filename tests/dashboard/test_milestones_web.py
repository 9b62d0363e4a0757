"""The milestones page and the follow-up button."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models import Assessment, Status
from assessment.services import review
from tests.dashboard.conftest import sign_in
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.factories import make_org, make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def words(response: Any) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def test_the_newest_two_are_compared_by_default(client: FlaskClient, db_session: Session) -> None:
    me = make_user(db_session)
    shop = make_org(db_session, "Shop")
    submitted_assessment(db_session, owner=me, organisation=shop)
    submitted_assessment(db_session, owner=me, organisation=shop,
                         overrides={"leadership": {"sponsor": "yes"}})
    sign_in(client, me)
    text = words(client.get(f"/dashboard/organisations/{shop.id}/milestones"))
    assert "Overall Red 36 Amber 61 +25" in text
    assert "Leadership Red 25 Green 75 +50 0 1" in text
    assert "Resolved No executive sponsor LEAD-1" in text
    assert "Still open Stock is inaccurate OPS-1" in text


def test_choosing_the_pair_and_refusing_a_foreign_one(
    client: FlaskClient, db_session: Session
) -> None:
    me = make_user(db_session)
    shop = make_org(db_session, "Shop")
    first = submitted_assessment(db_session, owner=me, organisation=shop).assessment
    second = submitted_assessment(db_session, owner=me, organisation=shop).assessment
    elsewhere = submitted_assessment(db_session, owner=me).assessment
    sign_in(client, me)
    url = f"/dashboard/organisations/{shop.id}/milestones"
    swapped = words(client.get(f"{url}?before={second.id}&after={first.id}"))
    assert "Overall Red 36 Red 36 0" in swapped
    for query in (f"before={first.id}&after={elsewhere.id}", "before=x&after=1",
                  f"before={first.id}"):
        assert client.get(f"{url}?{query}").status_code == 400, query


def test_one_milestone_has_nothing_to_compare(client: FlaskClient, db_session: Session) -> None:
    me = make_user(db_session)
    shop = make_org(db_session, "Shop")
    submitted_assessment(db_session, owner=me, organisation=shop)
    sign_in(client, me)
    text = words(client.get(f"/dashboard/organisations/{shop.id}/milestones"))
    assert "Once two assessments of this organisation are scored" in text


def test_following_up_an_approved_assessment(client: FlaskClient, db_session: Session) -> None:
    me = make_user(db_session)
    first = submitted_assessment(db_session, owner=me).assessment
    sign_in(client, me)
    refused = client.post(f"/dashboard/assessments/{first.id}/follow-up")
    assert refused.headers["Location"] == f"/dashboard/assessments/{first.id}"
    assert "Approve this assessment before starting a follow-up." in words(
        client.get(f"/dashboard/assessments/{first.id}"))
    review.start_review(db_session, first, me)
    review.approve(db_session, first, me)
    db_session.commit()
    response = client.post(f"/dashboard/assessments/{first.id}/follow-up")
    later = db_session.scalar(sa.select(Assessment).order_by(Assessment.id.desc()))
    assert later is not None and later.id != first.id and later.status == Status.INVITED
    assert response.headers["Location"] == f"/dashboard/assessments/{later.id}/invitations"
