"""The webhooks pages: registering (every refusal named beside its field), who may do what,
the secret shown once and replaced, deleting; in Dutch too."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment.models.audit import AuditEvent
from assessment.models.webhook import Webhook, WebhookDelivery
from assessment.services import webhooks
from assessment.services.errors import ForbiddenError
from assessment.services.webhook_urls import allowed_hosts
from tests.dashboard.conftest import sign_in
from tests.factories import make_user
from tests.webhooks.conftest import Receiver
from tests.webhooks.test_delivery import SECRET, register, staff

EVENTS = ["assessment.approved", "report.ready"]


@pytest.mark.parametrize(("url", "events", "says"), [
    ("https://evil.example.com/hooks", EVENTS,
     "evil.example.com is not a host webhooks may be sent to. Allowed: crm.example.com, "),
    ("ftp://crm.example.com/hooks", EVENTS, "The URL must start with https:// or http://."),
    ("https://me:secret@crm.example.com/hooks", EVENTS,
     "The URL must not contain a user name or password"),
    ("https://crm.example.com:8443/hooks", EVENTS, "crm.example.com:8443 is not a host"),
    ("", EVENTS, "Enter the URL that should receive the events."),
    ("https://crm.example.com/hooks", [], "Choose at least one event."),
    ("https://crm.example.com/hooks", ["assessment.deleted"], "Unknown event: assessment.deleted."),
])
def test_a_refused_registration_says_why_beside_the_field(
        client: FlaskClient, db_session: Session, url: str, events: list[str], says: str) -> None:
    sign_in(client, make_user(db_session))
    response = client.post("/dashboard/webhooks", data={"url": url, "events": events})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert says in page.replace("&#39;", "'") and "There is a problem" in page
    assert db_session.scalars(sa.select(Webhook)).all() == []


def test_registration_shows_the_secret_once_and_the_list_never(
        app: Flask, client: FlaskClient, db_session: Session, receiver: Receiver) -> None:
    owner = make_user(db_session, "owner@example.com")
    sign_in(client, owner)
    page = client.get("/dashboard/webhooks").get_data(as_text=True)
    assert "No webhooks are registered yet." in page and receiver.host in page
    assert 'href="/dashboard/webhooks"' in page, "the navigation links the page"
    secret = register(client, "https://crm.example.com/hooks", EVENTS)
    hook = db_session.scalars(sa.select(Webhook)).one()
    assert (hook.url, hook.event_list, hook.active) == ("https://crm.example.com/hooks",
                                                        EVENTS, True)
    assert secret == webhooks.signing_secret(app.config["SECRET_KEY"], hook)
    assert secret not in hook.secret_seed and hook.secret_seed not in secret
    listed = client.get("/dashboard/webhooks").get_data(as_text=True)
    detail = client.get(f"/dashboard/webhooks/{hook.id}").get_data(as_text=True)
    assert "https://crm.example.com/hooks" in listed and SECRET.search(listed) is None
    assert "Nothing has been delivered yet." in detail and SECRET.search(detail) is None
    assert "An assessment was approved" in detail
    [event] = db_session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "webhook.registered")).all()
    assert event.actor == f"user:{owner.id}" and event.details["webhook_id"] == hook.id

    replaced = client.post(f"/dashboard/webhooks/{hook.id}/secret")
    assert replaced.status_code == 201
    new_secret = SECRET.search(replaced.get_data(as_text=True))
    assert new_secret is not None and new_secret.group(0) != secret
    db_session.refresh(hook)
    assert new_secret.group(0) == webhooks.signing_secret(app.config["SECRET_KEY"], hook)


def test_sales_may_not_use_webhooks(client: FlaskClient, db_session: Session) -> None:
    seller = make_user(db_session, role="sales")
    sign_in(client, seller)
    assert client.get("/dashboard/webhooks").status_code == 403
    response = client.post("/dashboard/webhooks",
                           data={"url": "https://crm.example.com/hooks", "events": EVENTS})
    assert response.status_code == 403
    assert 'href="/dashboard/webhooks"' not in client.get("/dashboard/").get_data(as_text=True)
    with pytest.raises(ForbiddenError):
        webhooks.register(db_session, seller, "https://crm.example.com/hooks", EVENTS,
                          allowed_hosts({"WEBHOOK_ALLOWED_HOSTS": "crm.example.com"}))
    assert db_session.scalars(sa.select(Webhook)).all() == []


def test_another_consultant_cannot_see_or_touch_a_webhook_but_an_admin_can(
        app: Flask, db_session: Session) -> None:
    owner, other = make_user(db_session), make_user(db_session)
    admin = make_user(db_session, role="admin")
    register(staff(app, owner), "https://crm.example.com/hooks", EVENTS)
    hook = db_session.scalars(sa.select(Webhook)).one()
    stranger = staff(app, other)
    assert stranger.get(f"/dashboard/webhooks/{hook.id}").status_code == 404
    assert stranger.post(f"/dashboard/webhooks/{hook.id}/delete").status_code == 404
    listed = stranger.get("/dashboard/webhooks").get_data(as_text=True)
    assert f'href="/dashboard/webhooks/{hook.id}"' not in listed
    boss = staff(app, admin)
    listed = boss.get("/dashboard/webhooks").get_data(as_text=True)
    assert f'href="/dashboard/webhooks/{hook.id}"' in listed and owner.email in listed
    assert boss.post(f"/dashboard/webhooks/{hook.id}/secret").status_code == 403
    assert boss.post(f"/dashboard/webhooks/{hook.id}/delete").status_code == 303
    assert db_session.scalars(sa.select(Webhook)).all() == []


def test_deleting_removes_the_webhook_and_its_deliveries(
        app: Flask, db_session: Session, receiver: Receiver) -> None:
    owner = make_user(db_session)
    client = staff(app, owner)
    register(client, receiver.url(), EVENTS)
    hook = db_session.scalars(sa.select(Webhook)).one()
    assert client.post(f"/dashboard/webhooks/{hook.id}/ping").status_code == 303
    assert len(receiver.requests) == 1
    assert len(db_session.scalars(sa.select(WebhookDelivery)).all()) == 1
    response = client.post(f"/dashboard/webhooks/{hook.id}/delete")
    assert response.status_code == 303 and response.headers["Location"] == "/dashboard/webhooks"
    db_session.expire_all()
    assert db_session.scalars(sa.select(Webhook)).all() == []
    assert db_session.scalars(sa.select(WebhookDelivery)).all() == []


class TestWithoutAllowedHosts:
    @pytest.fixture
    def app_config(self) -> dict[str, object]:
        from tests.dashboard.review_support import REVIEW_CONFIG

        return {**REVIEW_CONFIG, "WEBHOOK_ALLOWED_HOSTS": ""}

    def test_the_page_says_none_can_be_registered(
            self, client: FlaskClient, db_session: Session) -> None:
        sign_in(client, make_user(db_session))
        page = client.get("/dashboard/webhooks").get_data(as_text=True)
        assert "No host is allowed to receive webhooks yet" in page
        assert "WEBHOOK_ALLOWED_HOSTS" in page and 'name="url"' not in page
        refused = client.post("/dashboard/webhooks", data={
            "url": "https://crm.example.com/hooks", "events": EVENTS})
        assert refused.status_code == 422

    def test_in_dutch(self, client: FlaskClient, db_session: Session) -> None:
        sign_in(client, make_user(db_session))
        client.post("/account/language", data={"language": "nl", "next": "/dashboard/"})
        page = client.get("/dashboard/webhooks").get_data(as_text=True)
        assert "Er is nog geen host toegestaan om webhooks te ontvangen" in page
        assert re.search(r">\s*Webhooks\s*<", page)
