"""``report.ready``: once an approved assessment's report is rendered and stored, each webhook
that wants it is told which report, with a link that downloads it; renders before the
approval announce nothing."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from assessment import unit_of_work
from assessment.services import review
from tests.jobs.support import QUEUED_CONFIG, owner_of, scored
from tests.webhooks.conftest import Receiver, check_signature
from tests.webhooks.test_delivery import deliveries, register, staff


@pytest.fixture
def app_config(receiver: Receiver) -> dict[str, Any]:
    """The report tests' questionnaire; renders run in the request (eager) at review steps."""
    return {**QUEUED_CONFIG, "JOBS_EAGER": True, "WEBHOOK_ALLOWED_HOSTS": receiver.host}


def test_the_approved_reports_are_announced_with_a_working_link(
        app: Flask, db_session: Session, receiver: Receiver) -> None:
    assessment = scored(db_session, "Rapport Retail BV")
    owner = owner_of(db_session, assessment)
    client = staff(app, owner)
    secret = register(client, receiver.url(), ["report.ready"])
    with unit_of_work.command(db_session):
        review.start_review(db_session, assessment, owner)  # renders the draft: no event
    assert receiver.requests == []
    with unit_of_work.command(db_session):
        review.approve(db_session, assessment, owner)
    announced = {(r.json()["report"]["language"], r.json()["report"]["edition"]): r
                 for r in receiver.requests}
    assert {("en", "full"), ("en", "executive")} <= set(announced)
    assert len(announced) == len(receiver.requests), "each report once"
    full = announced[("en", "full")]
    check_signature(secret, full)
    body = full.json()
    assert full.headers["Webhook-Event"] == "report.ready" and body["event"] == "report.ready"
    assert body["assessment"]["status"] == "approved"
    assert body["assessment"]["organisation"] == "Rapport Retail BV"
    url = body["report"]["url"]
    assert url == f"http://localhost/reports/{assessment.id}.pdf?lang=en&edition=full"
    pdf = client.get(url.removeprefix("http://localhost"))
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    assert {(d.event, d.outcome) for d in deliveries(db_session)} == {("report.ready",
                                                                       "delivered")}
