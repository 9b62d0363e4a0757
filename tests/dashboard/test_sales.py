"""The sales view: approved reports to hand out, with a download per language and edition."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.dashboard.conftest import login, sign_in
from tests.dashboard.review_support import REVIEW_CONFIG, submitted_assessment
from tests.dashboard.test_reviewed_result import reviewed_and_approved
from tests.factories import DEFAULT_PASSWORD, make_org, make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    return REVIEW_CONFIG


def links(page: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="(/reports/[^"]+)"', page)]


def test_sales_see_only_approved_reports_and_every_link_downloads(
    client: FlaskClient, db_session: Session
) -> None:
    reviewer, approved = reviewed_and_approved(db_session)
    reviewer.display_name = "Robin Reviewer"
    approved.assessment.organisation.name = "Fjällsport AB"
    submitted_assessment(db_session, organisation=make_org(db_session, "Not Yet Approved BV"))
    sales = make_user(db_session, "sales@example.com", role="sales")
    db_session.commit()
    sign_in(client, sales)
    response = client.get("/dashboard/reports")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Fjällsport AB" in page and "Robin Reviewer" in page
    assert "Not Yet Approved BV" not in page
    assert f"/dashboard/assessments/{approved.assessment.id}\"" not in page  # a 403 for sales
    found = links(page)
    base = f"/reports/{approved.assessment.id}.pdf"
    assert sorted(found) == sorted(f"{base}?lang={lang}&edition={edition}"
                                   for lang in ("en", "nl") for edition in ("full", "executive"))
    for url in found:
        download = client.get(url)
        assert download.status_code in (200, 202), url
        if download.status_code == 200:
            assert download.mimetype == "application/pdf"


def test_a_consultant_sees_the_approved_reports_shared_with_them(
    client: FlaskClient, db_session: Session
) -> None:
    reviewer, approved = reviewed_and_approved(db_session)
    other = make_user(db_session, "other@example.com")
    admin = make_user(db_session, "admin@example.com", role="admin")
    for user, shown in ((reviewer, True), (other, False), (admin, True)):
        sign_in(client, user)
        page = client.get("/dashboard/reports").get_data(as_text=True)
        assert (f"/reports/{approved.assessment.id}.pdf" in page) is shown, user.email
        assert 'href="/dashboard/reports"' in page  # the navigation leads there
    sign_in(client, other)
    assert "No report has been approved yet." in client.get("/dashboard/reports").get_data(
        as_text=True)


def test_the_page_is_in_dutch_too(client: FlaskClient, db_session: Session) -> None:
    reviewed_and_approved(db_session)
    sign_in(client, make_user(db_session, "sales@example.com", role="sales"))
    page = client.get("/dashboard/reports", headers={"Accept-Language": "nl"}).get_data(
        as_text=True)
    assert "Goedgekeurde rapporten" in page and "Volledig rapport" in page


def test_sales_land_on_their_reports_after_signing_in(
    client: FlaskClient, db_session: Session
) -> None:
    sales = make_user(db_session, "sales@example.com", role="sales")
    response = login(client, sales.email, DEFAULT_PASSWORD)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/dashboard/reports")
    assert client.get("/").headers["Location"].endswith("/dashboard/reports")
    consultant = make_user(db_session, "consultant@example.com")
    other = client.application.test_client()
    assert login(other, consultant.email, DEFAULT_PASSWORD).headers["Location"].endswith(
        "/dashboard/attention")


def test_a_bad_page_number_is_a_400(client: FlaskClient, db_session: Session) -> None:
    sign_in(client, make_user(db_session, "sales@example.com", role="sales"))
    assert client.get("/dashboard/reports?page=x").status_code == 400
    assert client.get("/dashboard/reports?page=99").status_code == 200  # the last page


def test_the_list_links_an_approved_row_to_its_downloads_for_sales(
    client: FlaskClient, db_session: Session
) -> None:
    _, approved = reviewed_and_approved(db_session)
    pending = submitted_assessment(db_session)
    sign_in(client, make_user(db_session, "sales@example.com", role="sales"))
    listing = client.get("/dashboard/").get_data(as_text=True)
    target = f"/dashboard/reports?assessment={approved.assessment.id}"
    assert f'href="{target}"' in listing
    assert f'href="/dashboard/assessments/{approved.assessment.id}"' not in listing  # 403s
    assert f"/dashboard/reports?assessment={pending.assessment.id}" not in listing
    page = client.get(target)
    assert page.status_code == 200
    found = links(page.get_data(as_text=True))
    assert found and all(f"/reports/{approved.assessment.id}.pdf" in url for url in found)
    assert "Show every approved report" in page.get_data(as_text=True)
    # Another assessment's number shows nothing, and a bad one is a 400.
    nothing = client.get(f"/dashboard/reports?assessment={pending.assessment.id}")
    assert links(nothing.get_data(as_text=True)) == []
    assert client.get("/dashboard/reports?assessment=x").status_code == 400
