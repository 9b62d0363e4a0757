"""Where webhooks may be sent: http(s) URLs to the hosts an administrator allows.

The administrator's control is the ``WEBHOOK_ALLOWED_HOSTS`` setting (environment), a
comma-separated list of host names or ``host:port``; empty (the default) means no webhook
can be registered. A URL is accepted only when:

- its scheme is ``http`` or ``https``;
- it carries no user name or password (``https://user:pw@host/``);
- its host matches an allowed entry exactly (case aside; no wildcard, no subdomains), and
  its port is the entry's port, or for an entry without one the scheme's default port
  (80 or 443) — allowing ``crm.example.com`` does not open its other ports.

The check runs at registration and again before every delivery, so removing a host from
the list stops deliveries to it at once. Names are not resolved here: a host name that
an attacker's DNS points at an internal address later (DNS rebinding) is out of scope; an
administrator allows only hosts whose DNS they trust. Flask-free.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, urlsplit

from assessment.services.errors import N_, DomainError

MAX_URL_LENGTH = 2000
DEFAULT_PORTS = {"http": 80, "https": 443}
FIELD = "url"


class WebhookUrlError(DomainError):
    """The URL cannot be used for a webhook; ``field`` is ``url``."""

    def __init__(self, text: Any) -> None:
        super().__init__(text, field=FIELD)


@dataclass(frozen=True)
class AllowedHost:
    """One entry of WEBHOOK_ALLOWED_HOSTS: a host, and a port or None (the default port)."""

    host: str
    port: int | None

    def __str__(self) -> str:
        shown = f"[{self.host}]" if ":" in self.host else self.host
        return shown if self.port is None else f"{shown}:{self.port}"

    def admits(self, scheme: str, host: str, port: int | None) -> bool:
        """Whether a URL with this scheme, host and port (None: the default) is allowed."""
        wanted = self.port if self.port is not None else DEFAULT_PORTS[scheme]
        return host == self.host and (port if port is not None else DEFAULT_PORTS[scheme]) == wanted


def allowed_hosts(config: Mapping[str, Any]) -> list[AllowedHost]:
    """The allowed hosts from ``WEBHOOK_ALLOWED_HOSTS`` (a string or a list of entries).

    An entry written as a URL (``https://crm.example.com``) counts as its host and port;
    entries that are no host at all are ignored (the dashboard lists what is allowed).
    """
    raw = config.get("WEBHOOK_ALLOWED_HOSTS") or ""
    entries: Iterable[str] = raw.split(",") if isinstance(raw, str) else raw
    allowed: list[AllowedHost] = []
    for entry in entries:
        text = str(entry).strip()
        if not text:
            continue
        try:
            parts = urlsplit(text if "://" in text else f"//{text}")
            port = parts.port
        except ValueError:
            continue
        if parts.hostname and not parts.username and not parts.password:
            allowed.append(AllowedHost(_normal_host(parts.hostname), port))
    return allowed


def check_url(url: str, allowed: Iterable[AllowedHost]) -> str:
    """The URL, trimmed, if webhooks may be sent to it; else WebhookUrlError saying why."""
    cleaned = (url or "").strip()
    if not cleaned:
        raise WebhookUrlError(N_("Enter the URL that should receive the events."))
    if len(cleaned) > MAX_URL_LENGTH:
        raise WebhookUrlError(N_("The URL has %(length)d characters; at most %(limit)d are "
                                 "allowed.", length=len(cleaned), limit=MAX_URL_LENGTH))
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in cleaned):
        raise WebhookUrlError(N_("The URL must not contain spaces or control characters."))
    parts = _split(cleaned)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise WebhookUrlError(N_("The URL must start with https:// or http://."))
    if parts.username is not None or parts.password is not None:
        raise WebhookUrlError(N_("The URL must not contain a user name or password; the "
                                 "deliveries are signed instead."))
    if not parts.hostname:
        raise WebhookUrlError(N_("The URL has no host name."))
    host, port = _normal_host(parts.hostname), _port(parts)
    hosts = list(allowed)
    if not hosts:
        raise WebhookUrlError(N_("No host is allowed to receive webhooks yet: an administrator "
                                 "lists them in WEBHOOK_ALLOWED_HOSTS."))
    if not any(entry.admits(scheme, host, port) for entry in hosts):
        shown = f"{host}:{port}" if port is not None else host
        raise WebhookUrlError(N_("%(host)s is not a host webhooks may be sent to. Allowed: "
                                 "%(allowed)s.", host=shown,
                                 allowed=", ".join(str(h) for h in hosts)))
    return cleaned


def _split(url: str) -> SplitResult:
    try:
        return urlsplit(url)
    except ValueError:
        raise WebhookUrlError(N_("This is not a valid URL.")) from None


def _port(parts: SplitResult) -> int | None:
    try:
        return parts.port
    except ValueError:
        raise WebhookUrlError(N_("The URL's port is not a number from 1 to 65535.")) from None


def _normal_host(host: str) -> str:
    return host.lower().rstrip(".")
