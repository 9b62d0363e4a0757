"""The demo's example clients: scored through the real services, from the bank's fixtures."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.config import QUESTIONS_DIR
from assessment.engine.fixtures import load_fixture
from assessment.models import Assessment, Invitation, Organisation
from assessment.services import scoring
from assessment.services.demo_examples import EXAMPLES
from tests.conftest import AssessmentCliRunner

FIXTURES = QUESTIONS_DIR / "commerce-readiness" / "fixtures"


def expected_overall_band(fixture: str) -> str | None:
    return load_fixture(FIXTURES / f"{fixture}.yaml").expect.bands.get("overall")


def test_demo_seeds_scored_example_clients_once(
    runner: AssessmentCliRunner, db_session: Session
) -> None:
    first = runner.invoke(args=["demo", "--no-serve"])
    assert first.exit_code == 0, first.output
    wanted = sum(len(e.fixtures) for e in EXAMPLES)
    assert f"Example clients: {wanted} scored assessments" in first.output
    assert "Dashboard: http://localhost/dashboard" in first.output
    for example in EXAMPLES:
        rows = db_session.scalars(
            sa.select(Assessment)
            .join(Organisation)
            .where(Organisation.name == example.organisation)
            .order_by(Assessment.id)
        ).all()
        assert len(rows) == len(example.fixtures), example.organisation
        for assessment, fixture in zip(rows, example.fixtures, strict=True):
            assert assessment.result is not None and assessment.progress == 1.0
            band = expected_overall_band(fixture)
            if band:  # the fixture's own expectation, reached through the web services
                assert assessment.overall_band == band, (example.organisation, fixture)
            respondents = db_session.scalars(
                sa.select(Invitation).where(Invitation.assessment_id == assessment.id)
            ).all()
            assert [i.submitted_at is not None for i in respondents] == [True]
        newest = rows[-1].status
        assert newest == (example.review or "submitted"), example.organisation
        assert all(a.status == "approved" for a in rows[:-1])

    second = runner.invoke(args=["demo", "--no-serve"])
    assert second.exit_code == 0, second.output
    assert "Example clients" not in second.output
    total = db_session.scalar(sa.select(sa.func.count(Assessment.id)))
    assert total == wanted + 1  # the examples and the demo organisation's open assessment


def test_the_demo_consultant_sees_the_examples_in_the_dashboard(
    runner: AssessmentCliRunner, client: FlaskClient, db_session: Session
) -> None:
    result = runner.invoke(args=["demo", "--no-serve"])
    password = re.search(r"consultant@example\.com / (\S+)", result.output)
    assert password is not None
    page = client.get("/login")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(True))
    response = client.post(
        "/login",
        data={
            "email": "consultant@example.com",
            "password": password.group(1),
            "csrf_token": token.group(1) if token else "",
        },
    )
    assert response.status_code == 303, response.get_data(True)
    listing = client.get("/dashboard/").get_data(True)
    for example in EXAMPLES:
        assert example.organisation.replace("&", "&amp;") in listing

    # A band held down by a high-severity gap says so, or "Amber 83" reads as a mistake.
    capped = [
        (a.id, area)
        for a in db_session.scalars(sa.select(Assessment).where(Assessment.result.is_not(None)))
        for area in scoring.stored_result(a).areas.values()  # type: ignore[union-attr]
        if area.capped_by
    ]
    assert capped, "the examples include a capped area"
    assessment_id, area = capped[0]
    detail = client.get(f"/dashboard/assessments/{assessment_id}").get_data(True)
    assert f"capped by {', '.join(area.capped_by)}" in detail
    assert "a high-severity gap caps" in client.get("/dashboard/portfolio").get_data(True)
