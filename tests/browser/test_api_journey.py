"""In chromium, as an integrator would: a consultant creates an API token and registers a
webhook in the dashboard (English and Dutch, phone and desktop widths, axe on each page),
a script uses the token against the live server to create an organisation and an
assessment, import its answers and approve it, the webhook receiver gets the signed
approval, and the delivery shows on the webhook's page."""

from __future__ import annotations

import json
import re
import time
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from tests.browser.conftest import LiveServer
from tests.dashboard.review_support import LEADERSHIP, OPERATIONS, PROFILE, SERVICE
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.webhooks.conftest import Receiver, check_signature
from tests.webhooks.conftest import app_config as app_config  # receiver allowed
from tests.webhooks.conftest import receiver as receiver  # the fixture

WORDS = {
    "en-GB": {"create": "Create the token", "register": "Register the webhook",
              "write": "Read and write", "approved": "assessment.approved"},
    "nl-NL": {"create": "Token aanmaken", "register": "Webhook registreren",
              "write": "Lezen en schrijven", "approved": "assessment.approved"},
}


def call(server: LiveServer, token: str, method: str, path: str, body: Any = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(server.url(path), data=data, method=method, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:  # the test server
        return json.loads(response.read())


def click(page: Any, locator: Any) -> None:
    with page.expect_navigation():
        locator.click()


@pytest.mark.parametrize(("locale", "width"), [("en-GB", 1280), ("nl-NL", 375)])
def test_token_and_webhook_from_the_dashboard_then_the_api(
    new_page: Callable[..., Any], live_server: LiveServer, db_session: Session,
    receiver: Receiver, axe_check: Any, screenshot: Any, locale: str, width: int,
) -> None:
    words = WORDS[locale]
    make_user(db_session, "consultant@example.com")
    page = new_page(locale=locale, viewport={"width": width, "height": 900})
    page.goto(live_server.url("/login"))
    page.fill("input[name=email]", "consultant@example.com")
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    click(page, page.locator("main button[type=submit]"))

    page.goto(live_server.url("/dashboard/tokens"))
    axe_check(page)
    page.fill("input[name=name]", "CRM sync")
    page.get_by_label(words["write"]).check()
    click(page, page.get_by_role("button", name=words["create"]))
    token = page.locator("#new-token").input_value()
    assert re.fullmatch(r"cra_[A-Za-z0-9_-]{43}", token)
    axe_check(page)
    screenshot(page, f"api-token-created-{locale}-{width}")
    if width == 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= 376

    page.goto(live_server.url("/dashboard/webhooks"))
    axe_check(page)
    page.fill("input[name=url]", receiver.url())
    page.locator(f"input[name=events][value='{words['approved']}']").check()
    click(page, page.get_by_role("button", name=words["register"]))
    secret = page.locator("#webhook-secret").input_value()
    assert secret.startswith("whsec_"), secret
    axe_check(page)
    screenshot(page, f"api-webhook-registered-{locale}-{width}")

    organisation = call(live_server, token, "POST", "/api/v1/organisations",
                        {"name": "Nordic Bikes AB"})
    assessment = call(live_server, token, "POST", "/api/v1/assessments",
                      {"organisation_id": organisation["id"], "language": "nl"})
    base = f"/api/v1/assessments/{assessment['id']}"
    answers = {**PROFILE, **LEADERSHIP, **OPERATIONS, **SERVICE}
    assert call(live_server, token, "PUT", f"{base}/answers",
                {"answers": answers})["status"] == "submitted"
    call(live_server, token, "POST", f"{base}/review/start")
    assert call(live_server, token, "POST", f"{base}/review/approve")["status"] == "approved"

    deadline = time.monotonic() + 20
    while len(receiver.requests) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    # Every event is ticked by default: the import's submission, then the approval.
    imported, delivered = sorted(receiver.requests,
                                 key=lambda r: r.headers["Webhook-Event"] != "assessment.submitted")
    assert imported.headers["Webhook-Event"] == "assessment.submitted"
    assert imported.json()["imported"] is True
    assert delivered.headers["Webhook-Event"] == "assessment.approved"
    assert delivered.json()["assessment"]["id"] == assessment["id"]
    check_signature(secret, imported)
    check_signature(secret, delivered)

    page.goto(live_server.url("/dashboard/webhooks"))
    click(page, page.locator("main a", has_text=receiver.host).first)
    assert "assessment.approved" in page.inner_text("main")
    assert "200" in page.inner_text("main")
    axe_check(page)
    screenshot(page, f"api-webhook-deliveries-{locale}-{width}")
    if width == 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= 376
