"""The second factor in chromium: an admin enrols at first sign-in, signs out, and signs in
again with password and code."""

from __future__ import annotations

import re
import time
from typing import Any

import pyotp
import pytest
from sqlalchemy.orm import Session

from tests.dashboard.conftest import DASHBOARD_CONFIG
from tests.factories import DEFAULT_PASSWORD, make_user


@pytest.fixture
def app_config() -> dict[str, Any]:
    # The browser submits real forms: CSRF on, as in production.
    return {**DASHBOARD_CONFIG, "WTF_CSRF_ENABLED": True}


def _password_step(page: Any, live_server: Any) -> None:
    page.goto(live_server.url("/login"))  # no next: the admin lands on the attention queue
    page.fill("input[name=email]", "boss@example.com")
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("main button[type=submit]")


def _fresh_code(totp: pyotp.TOTP, used: str) -> str:
    """The current code, waiting for the next time step if it is the one just used."""
    while (code := totp.now()) == used:
        time.sleep(1)
    return code


def test_admin_enrols_then_signs_in_with_password_and_code(
    page: Any, live_server: Any, db_session: Session, axe_check: Any
) -> None:
    make_user(db_session, "boss@example.com", role="admin")
    db_session.commit()
    _password_step(page, live_server)
    assert page.url.endswith("/dashboard/account/second-factor/setup")
    assert page.locator("figure.second-factor-qr svg").count() == 1
    axe_check(page)
    secret = re.sub(r"\s", "", page.inner_text("#second-factor-key"))
    totp = pyotp.TOTP(secret)
    first = totp.now()
    page.fill("input[name=code]", first)
    page.click("main button[type=submit]")
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.click("text=I have saved them, continue")
    assert page.url.endswith("/dashboard/attention")

    page.click("header button:has-text('Sign out')")
    _password_step(page, live_server)
    assert page.url.endswith("/login/code")
    assert page.locator("input[name=code]").get_attribute("autocomplete") == "one-time-code"
    page.fill("input[name=code]", "000000")
    page.click("main button[type=submit]")
    assert "That code is not right" in page.inner_text(".error-summary")
    page.fill("input[name=code]", _fresh_code(totp, first))
    page.click("main button[type=submit]")
    assert page.url.endswith("/dashboard/attention")
    assert "boss@example.com" in page.inner_text("header")

    page.goto(live_server.url("/dashboard/account/second-factor"))
    assert "Recovery codes left" in page.inner_text("main")
    axe_check(page)
