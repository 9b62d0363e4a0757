"""Owning and sharing assessments: who may change it, and what each change does."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assessment.models.share import AssessmentShare
from assessment.services import listing, shares
from assessment.services.listing import ListQuery
from tests.dashboard.conftest import Cast, seed, sign_in
from tests.factories import make_user


def kinds(session: Session, assessment_id: int) -> dict[str, str]:
    return {m.email: m.kind for m in shares.members(session, assessment_id)}


def test_owner_shares_with_a_consultant_who_then_sees_it(
    client: FlaskClient, db_session: Session, cast: Cast
) -> None:
    assert listing.list_page(db_session, cast.other, ListQuery()).total == 0
    sign_in(client, cast.owner)
    response = client.post(
        f"/dashboard/assessments/{cast.assessment.id}/sharing", data={"user_id": cast.other.id}
    )
    assert response.status_code == 303
    assert kinds(db_session, cast.assessment.id)["other@example.com"] == "shared"
    assert listing.list_page(db_session, cast.other, ListQuery()).total == 1


def test_ownership_moves_and_the_old_owner_keeps_access(
    client: FlaskClient, db_session: Session, cast: Cast
) -> None:
    sign_in(client, cast.owner)
    client.post(
        f"/dashboard/assessments/{cast.assessment.id}/sharing",
        data={"user_id": cast.collaborator.id, "owner": "y"},
    )
    assert kinds(db_session, cast.assessment.id) == {
        "collaborator@example.com": "owner",
        "owner@example.com": "shared",
    }
    # The former owner can no longer change who has access.
    response = client.post(
        f"/dashboard/assessments/{cast.assessment.id}/sharing", data={"user_id": cast.other.id}
    )
    assert response.status_code == 403


def test_remove_access(client: FlaskClient, db_session: Session, cast: Cast) -> None:
    sign_in(client, cast.owner)
    url = f"/dashboard/assessments/{cast.assessment.id}/sharing/{cast.collaborator.id}/remove"
    assert client.post(url).status_code == 303
    assert "collaborator@example.com" not in kinds(db_session, cast.assessment.id)
    assert listing.list_page(db_session, cast.collaborator, ListQuery()).total == 0


def test_the_owner_cannot_be_removed(client: FlaskClient, db_session: Session, cast: Cast) -> None:
    sign_in(client, cast.admin)
    url = f"/dashboard/assessments/{cast.assessment.id}/sharing/{cast.owner.id}/remove"
    client.post(url)
    page = client.get(f"/dashboard/assessments/{cast.assessment.id}/sharing").get_data(as_text=True)
    assert "The owner cannot be removed; make someone else the owner first." in page
    assert kinds(db_session, cast.assessment.id)["owner@example.com"] == "owner"


def test_only_active_consultants_can_be_given_access(db_session: Session, cast: Cast) -> None:
    gone = make_user(db_session, "gone@example.com", active=False)
    for user in (cast.sales, cast.admin, gone):
        try:
            shares.grant(db_session, cast.assessment, user, owner=False, actor="test")
        except shares.ShareError as error:
            assert "Only active consultants" in str(error)
        else:
            raise AssertionError(f"{user.email} was given access")


def test_the_form_offers_only_consultants_without_access(
    client: FlaskClient, db_session: Session, cast: Cast
) -> None:
    make_user(db_session, "gone@example.com", active=False)
    sign_in(client, cast.owner)
    page = client.get(f"/dashboard/assessments/{cast.assessment.id}/sharing").get_data(as_text=True)
    match = re.search(r'<select[^>]*name="user_id"[^>]*>(.*?)</select>', page, re.S)
    assert match is not None
    options = match.group(1)
    assert "other@example.com" in options
    for absent in ["owner@", "collaborator@", "sales@", "admin@", "gone@"]:
        assert absent not in options


def test_a_collaborator_sees_who_has_access_but_gets_no_forms(
    client: FlaskClient, cast: Cast
) -> None:
    sign_in(client, cast.collaborator)
    page = client.get(f"/dashboard/assessments/{cast.assessment.id}/sharing").get_data(as_text=True)
    assert "owner@example.com" in page
    assert "Share with a consultant" not in page and "Remove access" not in page


def test_one_owner_per_assessment_is_enforced_by_the_database(db_session: Session) -> None:
    first, second = make_user(db_session), make_user(db_session)
    [assessment] = seed(db_session, 1, owner=first)
    db_session.add(AssessmentShare(assessment_id=assessment.id, user_id=second.id, kind="owner"))
    try:
        db_session.commit()
    except IntegrityError:
        db_session.rollback()
    else:
        raise AssertionError("a second owner was stored")
    owners = db_session.scalar(
        sa.select(sa.func.count())
        .select_from(AssessmentShare)
        .where(AssessmentShare.kind == "owner")
    )
    assert owners == 1


def test_an_unowned_assessment_says_so_to_the_admin(
    client: FlaskClient, db_session: Session
) -> None:
    admin = make_user(db_session, role="admin")
    [assessment] = seed(db_session, 1)
    sign_in(client, admin)
    page = client.get(f"/dashboard/assessments/{assessment.id}/sharing").get_data(as_text=True)
    assert "This assessment has no owner yet." in page
