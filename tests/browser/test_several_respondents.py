"""Several respondents of one organisation in chromium (issue 10): the lead answers the
profile, a colleague submits first, a third sees both answers read-only with who gave them,
records a different view of each (a submitted answer and a profile answer) without
overwriting them, and the consultant sees both disagreements and resolves them, one kept
and one adopted. axe-core runs on each page type; screenshots land in artefacts/.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.models import Answer, Assessment
from assessment.models.disagreement import Disagreement
from tests.dashboard.conftest import DASHBOARD_CONFIG, own
from tests.factories import DEFAULT_PASSWORD, make_assessment, make_invitation, make_org, make_user

Check = Callable[[Any], None]
Shot = Callable[[Any, str], Path]
CONSULTANT = "consultant@example.com"


@pytest.fixture
def app_config() -> dict[str, Any]:
    # The browser submits real forms: CSRF on, as in production.
    return {**DASHBOARD_CONFIG, "WTF_CSRF_ENABLED": True}


def click_and_wait(page: Any, locator: Any) -> None:
    """Click something that submits or navigates, and wait for the next page."""
    with page.expect_navigation():
        locator.click()


def save(page: Any) -> None:
    click_and_wait(page, page.get_by_role("button", name="Save and continue", exact=True))


def start(page: Any, live_server: Any, token: str) -> None:
    """Open an invitation link and start on the first page."""
    page.goto(live_server.url(f"/i/{token}"))
    click_and_wait(page, page.get_by_text("Start now"))
    assert page.url.endswith("/a/s/profile")


def stored(session: Session, question_id: str) -> Any:
    session.expire_all()
    return session.scalar(sa.select(Answer.value).where(Answer.question_id == question_id))


def test_three_respondents_disagree_and_the_consultant_resolves(
    live_server: Any, new_page: Callable[..., Any], db_session: Session, axe_check: Check,
    screenshot: Shot,
) -> None:
    consultant = make_user(db_session, CONSULTANT)
    assessment = make_assessment(db_session, make_org(db_session, "Nordic Bikes AB"))
    own(db_session, assessment, consultant)
    lena, lena_token = make_invitation(db_session, assessment, areas=["back_office"],
                                       respondent_name="Lena", respondent_role="CEO")
    lena.lead = True
    db_session.commit()
    _joost, joost_token = make_invitation(db_session, assessment, areas=["warehouse"],
                                          respondent_name="Joost",
                                          respondent_role="Warehouse manager")
    _sanne, sanne_token = make_invitation(db_session, assessment, respondent_name="Sanne",
                                          respondent_role="E-commerce manager")

    # Lena, the lead, answers the profile for the organisation.
    page = new_page()
    start(page, live_server, lena_token)
    page.get_by_label("More than 50 people").check()
    save(page)
    assert stored(db_session, "org_size") == "large"

    # Joost sees Lena's profile answer read-only (she is the lead), answers the warehouse
    # and submits first.
    page = new_page()
    start(page, live_server, joost_token)
    assert page.get_by_text("Lena (CEO) answers the questions about your organisation").is_visible()
    assert page.get_by_text("Lena (CEO) is the lead respondent").is_visible()
    save(page)
    page.fill("#packing_per_hour", "60")
    page.fill("#stock_accuracy", "95")
    save(page)
    assert page.url.endswith("/a/review")
    click_and_wait(page, page.get_by_role("button", name="Submit my answers"))
    assert page.url.endswith("/a/done")

    # Sanne: both answers are read-only with who gave them; she disagrees with each.
    page = new_page()
    start(page, live_server, sanne_token)
    profile = page.locator("#org_size-group")
    assert profile.get_by_text("More than 50 people").is_visible()
    assert profile.get_by_text("Answered by Lena (CEO)").is_visible()
    assert page.locator("input[name=org_size]").count() == 0  # shown as text, not posted
    axe_check(page)
    click_and_wait(page, profile.get_by_role("link", name="I see this differently"))
    assert page.url.endswith("/a/q/org_size/disagree")
    assert page.get_by_role("heading", name="I see this differently").is_visible()
    axe_check(page)
    screenshot(page, "disagree-page-1280")
    click_and_wait(page, page.get_by_role("button", name="Record my view"))  # nothing chosen
    assert page.get_by_text("There is a problem").is_visible()
    assert page.get_by_role("link", name="Say why you see this differently.").is_visible()
    page.get_by_label("A handful of people").check()
    page.fill("#reason", "We are twelve people; the 50 includes seasonal packers.")
    assert page.get_by_text("You have 1,945 characters remaining").is_visible()  # live count
    axe_check(page)
    screenshot(page, "disagree-page-errors-1280")
    click_and_wait(page, page.get_by_role("button", name="Record my view"))
    assert page.url.endswith("/a/s/profile")
    assert page.locator("#org_size-group").get_by_text("A handful of people").is_visible()
    assert stored(db_session, "org_size") == "large"  # the standing answer is kept

    page.goto(live_server.url("/a/s/warehouse"))
    packing = page.locator("#packing_per_hour-group")
    assert packing.get_by_text("Answered by Joost (Warehouse manager)").is_visible()
    assert packing.get_by_text("has submitted their answers").is_visible()
    axe_check(page)
    screenshot(page, "question-page-read-only-answer-1280")
    click_and_wait(page, packing.get_by_role("link", name="I see this differently"))
    page.fill("#packing_per_hour", "40")
    page.fill("#reason", "Sixty is the peak; on an average day we pack forty an hour.")
    click_and_wait(page, page.get_by_role("button", name="Record my view"))
    assert page.url.endswith("/a/s/warehouse")
    page.set_viewport_size({"width": 375, "height": 740})
    axe_check(page)
    screenshot(page, "question-page-read-only-answer-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    save(page)  # nothing to post on this page: no 409, on to the next page
    assert "/a/s/warehouse" not in page.url
    assert stored(db_session, "packing_per_hour") == 60

    # The consultant sees both disagreements and resolves them.
    page = new_page()
    page.goto(live_server.url("/dashboard/"))
    page.fill("input[name=email]", CONSULTANT)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    click_and_wait(page, page.get_by_role("button", name="Sign in"))
    assert page.get_by_text("2 open disagreements").first.is_visible()
    click_and_wait(page, page.get_by_role("link", name="Nordic Bikes AB", exact=True))
    panel = page.locator("#disagreements")
    assert panel.get_by_role("heading", name="2 open disagreements").is_visible()
    assert panel.get_by_text("Sanne (E-commerce manager)").first.is_visible()
    assert panel.get_by_text("We are twelve people").is_visible()
    axe_check(page)
    panel.screenshot(path=str(screenshot(page, "dashboard-disagreements-1280").with_name(
        "dashboard-disagreements-panel-1280.png")))
    ids = _disagreement_ids(db_session, assessment)
    page.check(f"#disagreement-{ids['packing_per_hour']}-keep")
    click_and_wait(page, page.locator(f"#disagreement-{ids['packing_per_hour']}")
                   .get_by_role("button", name="Resolve"))
    assert page.get_by_text("The answer given is kept.").is_visible()
    page.check(f"#disagreement-{ids['org_size']}-adopt")
    page.fill(f"#disagreement-{ids['org_size']}-note", "Confirmed with Lena by phone.")
    click_and_wait(page, page.locator(f"#disagreement-{ids['org_size']}")
                   .get_by_role("button", name="Resolve"))
    assert page.get_by_text("The other answer is now the stored answer.").is_visible()
    assert page.locator("#disagreements").count() == 0
    assert (stored(db_session, "org_size"), stored(db_session, "packing_per_hour")) == (
        "micro", 60)


def _disagreement_ids(session: Session, assessment: Assessment) -> dict[str, int]:
    session.expire_all()
    rows = session.execute(sa.select(Disagreement.question_id, Disagreement.id)
                           .where(Disagreement.assessment_id == assessment.id))
    return {question_id: found for question_id, found in rows}
