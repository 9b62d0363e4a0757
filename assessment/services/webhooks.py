"""Webhooks: consultants and admins register a URL for events; each delivery is signed.

Events (``EVENTS``):

- ``assessment.submitted`` — a respondent submitted their answers (the body names the
  ``invitation``), or a complete set of answers was imported through the API (the body
  says ``"imported": true`` instead);
- ``assessment.changes_answered`` — a respondent submitted again after a change request;
- ``assessment.approved`` — the reviewed result was approved (the client report is released);
- ``report.ready`` — a report of an approved assessment was rendered and stored (one event
  per language and edition);
- ``ping`` — a test event sent from the dashboard (never subscribed to).

A webhook receives an event about an assessment only while its owner may see that
assessment (``services.access``: an admin every one, a consultant those they own or that
are shared with them) and both the webhook and the owner's account are active. Sales
cannot register webhooks.

**The request.** ``POST`` to the URL with the JSON body (UTF-8, ``Content-Type:
application/json``) and these headers, in the style of Stripe and Standard Webhooks:

- ``Webhook-Id``: the delivery's id — the same on every retry, so a receiver can drop
  duplicates;
- ``Webhook-Event``: the event's name;
- ``Webhook-Signature: t=<unix seconds>,v1=<hex>`` where ``<hex>`` is
  ``HMAC-SHA256(key=<secret>, message=f"{t}.{body}")`` in lower-case hex, over the exact
  bytes of the body. ``t`` is the time of this try (a retry is signed afresh).

**Verifying** (the receiver): split the header on ``,`` into ``t`` and ``v1``; compute the
HMAC of ``t + "." + raw body`` with the secret (the whole ``whsec_…`` string, as UTF-8
bytes); compare with ``v1`` in constant time; refuse a ``t`` more than five minutes away
from now (a replay). ``verify()`` below does exactly that.

**The body** of an assessment event: ``event``, ``occurred_at`` (ISO 8601, UTC) and
``assessment`` (``id``, ``organisation``, ``status``, ``language``, ``overall_score`` and
``overall_band`` — null until scored — ``approved_at`` and ``url``, the dashboard page);
``invitation`` (``id``) for the submitted events, ``report`` (``language``, ``edition``,
``url`` to download it) for ``report.ready``. Links are absolute, from BASE_URL.

**The secret** is never stored: the webhook keeps a random seed and the secret is derived
from it with SECRET_KEY (``signing_secret``), as invitation links are (0013). It is shown
to the owner once, when the webhook is created or its secret replaced; there is no way to
show it again (someone in a borrowed session could otherwise forge events to the
receiver). Changing SECRET_KEY changes every webhook's secret: replace them then.
Flask-free; commits nothing (the caller's unit of work does).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from assessment.engine.precision import shown_score
from assessment.models.assessment import Assessment
from assessment.models.types import utcnow
from assessment.models.user import Role, User
from assessment.models.webhook import DeliveryOutcome, Webhook, WebhookDelivery
from assessment.services import access, audit
from assessment.services.errors import N_, DomainError, ForbiddenError, NotFoundError
from assessment.services.webhook_urls import AllowedHost, check_url

SUBMITTED = "assessment.submitted"
CHANGES_ANSWERED = "assessment.changes_answered"
APPROVED = "assessment.approved"
REPORT_READY = "report.ready"
PING = "ping"
EVENTS = (SUBMITTED, CHANGES_ANSWERED, APPROVED, REPORT_READY)
MAX_WEBHOOKS_PER_USER = 20
MAX_ERROR_LENGTH = 500
SIGNATURE_TOLERANCE = 300  # seconds a receiver accepts between ``t`` and its own clock
SECRET_PREFIX = "whsec_"  # noqa: S105  # a prefix, not a secret


class WebhookError(DomainError):
    """A webhook cannot be registered or changed; ``field`` names the input."""


def may_register(user: access.Principal | None) -> bool:
    """Consultants and admins may have webhooks; sales may not."""
    return user is not None and user.role in (Role.ADMIN, Role.CONSULTANT)


def require_staff(user: access.Principal | None) -> access.Principal:
    """The user, if they may use webhooks; else ForbiddenError."""
    if user is None or not may_register(user):
        raise ForbiddenError(N_("Only consultants and administrators can use webhooks."))
    return user


def register(session: Session, user: access.Principal, url: str, events: Iterable[str],
             allowed: Iterable[AllowedHost]) -> Webhook:
    """A new active webhook of ``user`` for ``events`` (its URL checked). Flushes only.

    ForbiddenError for sales; WebhookError (``url`` or ``events``) for bad input.
    """
    owner = require_staff(user)
    chosen = _check_events(events)
    cleaned = check_url(url, allowed)
    count = session.scalar(sa.select(sa.func.count(Webhook.id)).where(
        Webhook.user_id == owner.id)) or 0
    if count >= MAX_WEBHOOKS_PER_USER:
        raise WebhookError(N_("You have %(count)d webhooks, the most one account may have. "
                              "Delete one first.", count=count), field="url")
    webhook = Webhook(user_id=owner.id, url=cleaned, events=",".join(chosen),
                      secret_seed=secrets.token_hex(32), active=True, created_at=utcnow())
    session.add(webhook)
    session.flush()
    audit.record(session, "webhook.registered", actor=audit.actor_label(owner),
                 details={"webhook_id": webhook.id, "url": cleaned, "events": chosen})
    session.flush()
    return webhook


def _check_events(events: Iterable[str]) -> list[str]:
    wanted = set(events)
    unknown = sorted(wanted - set(EVENTS))
    if unknown:
        raise WebhookError(N_("Unknown event: %(name)s.", name=", ".join(unknown)),
                           field="events")
    if not wanted:
        raise WebhookError(N_("Choose at least one event."), field="events")
    return [event for event in EVENTS if event in wanted]


def list_for(session: Session, user: access.Principal | None) -> Sequence[tuple[Webhook, str]]:
    """The user's webhooks (an admin's: everyone's) with their owner's e-mail, newest first."""
    viewer = require_staff(user)
    query = sa.select(Webhook, User.email).join(User, User.id == Webhook.user_id)
    if not access.is_admin(viewer):
        query = query.where(Webhook.user_id == viewer.id)
    rows = session.execute(query.order_by(Webhook.created_at.desc(), Webhook.id.desc()))
    return [(webhook, email) for webhook, email in rows]


def find(session: Session, user: access.Principal | None, webhook_id: int) -> Webhook:
    """A webhook its owner or an admin may manage; else NotFoundError (or Forbidden: sales)."""
    viewer = require_staff(user)
    webhook = session.get(Webhook, webhook_id)
    if webhook is None or (webhook.user_id != viewer.id and not access.is_admin(viewer)):
        raise NotFoundError(access.NOT_FOUND)
    return webhook


def delete(session: Session, user: access.Principal | None, webhook_id: int) -> None:
    """Delete a webhook and its delivery records. Flushes only."""
    webhook = find(session, user, webhook_id)
    audit.record(session, "webhook.deleted", actor=audit.actor_label(require_staff(user)),
                 details={"webhook_id": webhook.id, "url": webhook.url})
    session.delete(webhook)
    session.flush()


def set_active(session: Session, user: access.Principal | None, webhook_id: int,
               active: bool) -> Webhook:
    """Pause (no new deliveries) or resume a webhook. Flushes only."""
    webhook = find(session, user, webhook_id)
    webhook.active = active
    session.flush()
    return webhook


def replace_secret(session: Session, user: access.Principal | None, webhook_id: int) -> Webhook:
    """A new secret for the webhook (only its owner); the old one stops working. Flushes only."""
    webhook = find(session, user, webhook_id)
    if user is None or webhook.user_id != user.id:
        raise ForbiddenError(N_("Only the owner of a webhook can replace its secret."))
    webhook.secret_seed = secrets.token_hex(32)
    audit.record(session, "webhook.secret_replaced", actor=audit.actor_label(user),
                 details={"webhook_id": webhook.id})
    session.flush()
    return webhook


def deliveries(session: Session, webhook: Webhook, limit: int = 50) -> Sequence[WebhookDelivery]:
    """The webhook's newest deliveries, newest first."""
    return session.scalars(sa.select(WebhookDelivery).where(
        WebhookDelivery.webhook_id == webhook.id).order_by(
        WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc()).limit(limit)).all()


# --- events and deliveries --------------------------------------------------------------


def subscribers(session: Session, event: str, assessment: Assessment) -> list[Webhook]:
    """The active webhooks that want ``event`` and whose active owner may see the assessment."""
    rows = session.execute(sa.select(Webhook, User).join(User, User.id == Webhook.user_id)
                           .where(Webhook.active.is_(True), User.active.is_(True))
                           .order_by(Webhook.id))
    return [webhook for webhook, owner in rows
            if event in webhook.event_list and may_register(owner)
            and access.may(session, owner, access.Action.VIEW, assessment)]


def payload(event: str, assessment: Assessment, base_url: str,
            occurred_at: datetime | None = None,
            extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The JSON body of an assessment event (see the module's docstring)."""
    base = base_url.rstrip("/")
    return {
        "event": event,
        "occurred_at": _iso(occurred_at or utcnow()),
        "assessment": {
            "id": assessment.id,
            "organisation": assessment.organisation.name,
            "status": assessment.status,
            "language": assessment.language,
            "overall_score": shown_score(assessment.overall_score),
            "overall_band": assessment.overall_band,
            "approved_at": _iso(assessment.approved_at) if assessment.approved_at else None,
            "url": f"{base}/dashboard/assessments/{assessment.id}",
        },
        **(extra or {}),
    }


def report_extra(assessment_id: int, language: str, edition: str, base_url: str
                 ) -> dict[str, Any]:
    """The ``report`` part of a ``report.ready`` body."""
    url = (f"{base_url.rstrip('/')}/reports/{assessment_id}.pdf"
           f"?lang={language}&edition={edition}")
    return {"report": {"language": language, "edition": edition, "url": url}}


def ping_payload(webhook: Webhook, occurred_at: datetime | None = None) -> dict[str, Any]:
    """The body of a test event."""
    return {"event": PING, "occurred_at": _iso(occurred_at or utcnow()),
            "webhook": {"id": webhook.id, "events": webhook.event_list}}


def encode(body: Mapping[str, Any]) -> str:
    """The body as sent: compact JSON, keys sorted, UTF-8 text."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def record(session: Session, webhook: Webhook, event: str, body: Mapping[str, Any],
           assessment_id: int | None = None) -> WebhookDelivery:
    """Record a delivery about to be queued. Flushes only."""
    delivery = WebhookDelivery(webhook_id=webhook.id, event=event, assessment_id=assessment_id,
                               payload=encode(body), created_at=utcnow(), attempts=0,
                               outcome=DeliveryOutcome.QUEUED.value)
    session.add(delivery)
    session.flush()
    return delivery


def mark(session: Session, delivery: WebhookDelivery, outcome: DeliveryOutcome, *,
         status: int | None = None, error: str | None = None,
         next_try_at: datetime | None = None) -> None:
    """Note a try: the HTTP status (None: no answer), the error, the outcome. Flushes only."""
    delivery.attempts = (delivery.attempts or 0) + 1
    delivery.last_status = status
    delivery.last_error = error[:MAX_ERROR_LENGTH] if error else None
    delivery.outcome = outcome.value
    delivery.next_try_at = next_try_at if outcome is DeliveryOutcome.QUEUED else None
    if outcome is DeliveryOutcome.DELIVERED:
        delivery.delivered_at = utcnow()
    session.flush()


# --- signing ------------------------------------------------------------------------------


def signing_secret(secret_key: str, webhook: Webhook) -> str:
    """The webhook's secret: derived from SECRET_KEY and its stored seed, never stored."""
    digest = hmac.new(secret_key.encode(), f"webhook-secret:{webhook.secret_seed}".encode(),
                      hashlib.sha256).hexdigest()
    return SECRET_PREFIX + digest


def signature(secret: str, body: str, timestamp: int) -> str:
    """The ``Webhook-Signature`` header's value for this body at this time."""
    digest = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def headers(secret: str, body: str, delivery: WebhookDelivery,
            timestamp: int | None = None) -> dict[str, str]:
    """Every header of a delivery's request (signed now unless ``timestamp`` is given)."""
    return {
        "Content-Type": "application/json; charset=utf-8",
        "Webhook-Id": str(delivery.id),
        "Webhook-Event": delivery.event,
        "Webhook-Signature": signature(secret, body, int(time.time()) if timestamp is None
                                       else timestamp),
    }


def verify(secret: str, body: str | bytes, header: str, now: float | None = None,
           tolerance: int = SIGNATURE_TOLERANCE) -> bool:
    """What a receiver does: True when ``header`` signs ``body`` with ``secret`` recently."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(fields.get("t", ""))
    except ValueError:
        return False
    text = body.decode() if isinstance(body, bytes) else body
    expected = signature(secret, text, timestamp).split("v1=", 1)[1]
    fresh = abs((time.time() if now is None else now) - timestamp) <= tolerance
    return fresh and hmac.compare_digest(expected, fields.get("v1", ""))


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
