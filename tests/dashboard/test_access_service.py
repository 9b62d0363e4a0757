"""services.access: the one answer to "may this user see / change / get the report of this?"."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from assessment.services import access
from assessment.services.access import Action
from assessment.services.errors import ForbiddenError, NotFoundError
from tests.dashboard.conftest import Cast

ALL = {Action.LIST, Action.VIEW, Action.CHANGE, Action.DOWNLOAD_REPORT, Action.SHARE}
EXPECTED = {
    "owner": ALL,
    "collaborator": ALL - {Action.SHARE},
    "other": set(),
    "sales": {Action.LIST},
    "admin": ALL,
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_what_each_role_may_do_before_approval(db_session: Session, cast: Cast, role: str) -> None:
    user = getattr(cast, role)
    allowed = {a for a in Action if access.may(db_session, user, a, cast.assessment)}
    assert allowed == EXPECTED[role]


def test_sales_get_the_report_once_approved(db_session: Session, cast: Cast) -> None:
    cast.assessment.status = "approved"
    db_session.commit()
    allowed = {a for a in Action if access.may(db_session, cast.sales, a, cast.assessment)}
    assert allowed == {Action.LIST, Action.DOWNLOAD_REPORT}


def test_nobody_anonymous(db_session: Session, cast: Cast) -> None:
    assert not any(access.may(db_session, None, a, cast.assessment) for a in Action)


def test_require_hides_what_cannot_be_listed(db_session: Session, cast: Cast) -> None:
    with pytest.raises(NotFoundError):
        access.require(db_session, cast.other, Action.VIEW, cast.assessment.id)
    with pytest.raises(NotFoundError):
        access.require(db_session, cast.admin, Action.VIEW, 999_999)
    with pytest.raises(ForbiddenError):
        access.require(db_session, cast.sales, Action.VIEW, cast.assessment.id)
    assert (
        access.require(db_session, cast.owner, Action.CHANGE, cast.assessment.id) is cast.assessment
    )


def test_role_helpers(cast: Cast) -> None:
    assert access.may_manage_users(cast.admin) and not access.may_manage_users(cast.owner)
    assert access.may_open_listed(cast.owner) and not access.may_open_listed(cast.sales)
    assert not access.may_manage_users(None) and not access.may_open_listed(None)
