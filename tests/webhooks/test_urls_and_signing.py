"""Where webhooks may go (WEBHOOK_ALLOWED_HOSTS) and how deliveries are signed: no database."""

from __future__ import annotations

import hashlib
import hmac
import time

import pytest

from assessment.models.webhook import Webhook, WebhookDelivery
from assessment.services import webhooks
from assessment.services.webhook_urls import (
    AllowedHost,
    WebhookUrlError,
    allowed_hosts,
    check_url,
)

ALLOWED = allowed_hosts({"WEBHOOK_ALLOWED_HOSTS": "CRM.example.com, hooks.example.org:8443,"
                                                  " [::1]:9000 , https://zap.example.net/x"})


def test_the_setting_is_read_as_hosts_with_optional_ports() -> None:
    expected = [AllowedHost("crm.example.com", None), AllowedHost("hooks.example.org", 8443),
                AllowedHost("::1", 9000), AllowedHost("zap.example.net", None)]
    assert expected == ALLOWED
    assert [str(h) for h in ALLOWED] == ["crm.example.com", "hooks.example.org:8443",
                                         "[::1]:9000", "zap.example.net"]
    assert allowed_hosts({}) == [] and allowed_hosts({"WEBHOOK_ALLOWED_HOSTS": " , "}) == []
    assert allowed_hosts({"WEBHOOK_ALLOWED_HOSTS": ["a.example.com:81"]}) == [
        AllowedHost("a.example.com", 81)]


@pytest.mark.parametrize("url", [
    "https://crm.example.com/hooks?x=1",
    "http://crm.example.com/hooks",
    "https://CRM.Example.com:443/hooks",
    "https://crm.example.com./hooks",
    "https://hooks.example.org:8443/in",
    "http://[::1]:9000/in",
    "  https://zap.example.net/hooks  ",
])
def test_urls_to_allowed_hosts_are_accepted(url: str) -> None:
    assert check_url(url, ALLOWED) == url.strip()


@pytest.mark.parametrize(("url", "says"), [
    ("", "Enter the URL"),
    ("ftp://crm.example.com/hooks", "must start with https:// or http://"),
    ("file:///etc/passwd", "must start with https:// or http://"),
    ("crm.example.com/hooks", "must start with https:// or http://"),
    ("https://user:pw@crm.example.com/hooks", "user name or password"),
    ("https://user@crm.example.com/hooks", "user name or password"),
    ("https://evil.example.com/hooks", "evil.example.com is not a host webhooks may be sent to"),
    ("https://crm.example.com.evil.net/", "crm.example.com.evil.net is not a host"),
    ("https://sub.crm.example.com/", "sub.crm.example.com is not a host"),
    ("https://crm.example.com:8080/hooks", "crm.example.com:8080 is not a host"),
    ("https://hooks.example.org/in", "hooks.example.org is not a host"),
    ("http://127.0.0.1:6379/", "127.0.0.1:6379 is not a host"),
    ("https://crm.example.com:99999/", "port is not a number"),
    ("https://crm.example.com/a b", "spaces or control characters"),
    ("https:///hooks", "has no host name"),
    ("https://crm.example.com/" + "x" * 2000, "at most 2000 are allowed"),
])
def test_other_urls_are_refused_with_the_reason(url: str, says: str) -> None:
    with pytest.raises(WebhookUrlError) as refused:
        check_url(url, ALLOWED)
    assert says in str(refused.value) and refused.value.field == "url"


def test_the_refusal_names_the_allowed_hosts_and_an_empty_list_says_so() -> None:
    with pytest.raises(WebhookUrlError, match=r"Allowed: crm\.example\.com, hooks\.example\.org"):
        check_url("https://evil.example.com/", ALLOWED)
    with pytest.raises(WebhookUrlError, match="No host is allowed to receive webhooks yet"):
        check_url("https://crm.example.com/", [])


def test_the_signature_is_an_hmac_of_time_dot_body_that_verify_accepts() -> None:
    secret, body = "whsec_" + "ab" * 32, '{"event":"ping"}'
    header = webhooks.signature(secret, body, 1_700_000_000)
    expected = hmac.new(secret.encode(), b'1700000000.{"event":"ping"}', hashlib.sha256)
    assert header == f"t=1700000000,v1={expected.hexdigest()}"
    assert webhooks.verify(secret, body, header, now=1_700_000_100)
    assert webhooks.verify(secret, body.encode(), header, now=1_700_000_100)
    assert not webhooks.verify(secret, body, header, now=1_700_000_301)  # too old: a replay
    assert not webhooks.verify(secret, body + " ", header, now=1_700_000_000)
    assert not webhooks.verify("whsec_other", body, header, now=1_700_000_000)
    assert not webhooks.verify(secret, body, "t=abc,v1=00", now=1_700_000_000)
    assert not webhooks.verify(secret, body, "", now=1_700_000_000)


def test_each_webhook_has_its_own_secret_derived_from_the_secret_key() -> None:
    one, two = Webhook(secret_seed="a" * 64), Webhook(secret_seed="b" * 64)
    first = webhooks.signing_secret("key-1", one)
    assert first.startswith("whsec_") and len(first) == 6 + 64
    assert first == webhooks.signing_secret("key-1", one)
    assert first != webhooks.signing_secret("key-1", two)
    assert first != webhooks.signing_secret("key-2", one)
    assert "a" * 64 not in first


def test_the_headers_carry_the_delivery_id_and_event() -> None:
    delivery = WebhookDelivery(id=42, event="assessment.approved")
    now = int(time.time())
    sent = webhooks.headers("whsec_x", "{}", delivery, timestamp=now)
    assert sent["Webhook-Id"] == "42" and sent["Webhook-Event"] == "assessment.approved"
    assert sent["Content-Type"].startswith("application/json")
    assert webhooks.verify("whsec_x", "{}", sent["Webhook-Signature"])
