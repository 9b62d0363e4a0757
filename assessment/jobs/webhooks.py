"""Webhook job: POST one recorded delivery, signed, and record how it went.

``deliver_webhook(delivery_id)`` checks the URL against WEBHOOK_ALLOWED_HOSTS again, signs
the stored body afresh (``services.webhooks`` documents the headers and how to verify
them) and POSTs it with the standard library: 10 s timeout, redirects not followed, no
body read beyond the status. A 2xx answer is ``delivered``. Anything else records the
status or error and raises, so the queue retries it after ``JOB_RETRY_INTERVALS`` (10, 60,
300 s by default: RQ's scheduler, or the in-process pool's sleep); the last try's failure
is recorded as ``failed``. A URL no longer allowed, or a paused webhook, fails at once
without retries. Deliveries are recorded and queued by ``webhook_queue`` (imported by the
web and the triggers; this module builds an app of its own when run by a bare worker).
"""

from __future__ import annotations

import http.client
import logging
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from assessment import jobs, unit_of_work
from assessment.jobs.context import job_app
from assessment.jobs.settings import retry_intervals
from assessment.models.types import utcnow
from assessment.models.webhook import DeliveryOutcome, Webhook, WebhookDelivery
from assessment.services import webhooks
from assessment.services.webhook_urls import WebhookUrlError, allowed_hosts, check_url

TIMEOUT = 10.0  # seconds to connect, and between bytes of the answer
USER_AGENT = "commerce-readiness-webhooks/1"
log = logging.getLogger(__name__)

class WebhookDeliveryError(RuntimeError):
    """A try failed; raised so the job system tries again."""


def deliver_webhook(delivery_id: int) -> str:
    """POST one recorded delivery; raise (for a retry) while tries are left."""
    with job_app() as app:
        with unit_of_work.command() as session:
            delivery = session.get(WebhookDelivery, delivery_id)
            if delivery is None or delivery.outcome != DeliveryOutcome.QUEUED:
                return "nothing to deliver"
            webhook = session.get(Webhook, delivery.webhook_id)
            refusal = _refusal(app, webhook, delivery)
            if refusal is not None or webhook is None:
                webhooks.mark(session, delivery, DeliveryOutcome.FAILED, error=refusal)
                log.warning("webhook delivery %d not sent: %s", delivery_id, refusal)
                return "failed"
            url, body = webhook.url, delivery.payload
            secret = webhooks.signing_secret(str(app.config["SECRET_KEY"]), webhook)
            request_headers = webhooks.headers(secret, body, delivery)
        status, error = post(url, body, request_headers)
        attempt = jobs.current_attempt()
        with unit_of_work.command() as session:
            delivery = session.get(WebhookDelivery, delivery_id)
            if delivery is not None:
                _record_try(app, session, delivery, status, error, attempt)
        if error is not None:
            log.warning("webhook delivery %d to %s failed (try %d): %s", delivery_id, url,
                        attempt.number, error)
            raise WebhookDeliveryError(error)
        return "delivered"


def _refusal(app: Flask, webhook: Webhook | None, delivery: WebhookDelivery) -> str | None:
    """Why this delivery must not be sent at all (retrying cannot help), or None."""
    if webhook is None:
        return "the webhook no longer exists"
    if not webhook.active and delivery.event != webhooks.PING:
        return "the webhook is paused"
    try:
        check_url(webhook.url, allowed_hosts(app.config))
    except WebhookUrlError as refused:
        return str(refused)
    return None


def _record_try(app: Flask, session: Session, delivery: WebhookDelivery, status: int | None,
                error: str | None, attempt: jobs.Attempt) -> None:
    if error is None:
        webhooks.mark(session, delivery, DeliveryOutcome.DELIVERED, status=status)
        return
    if attempt.last:
        webhooks.mark(session, delivery, DeliveryOutcome.FAILED, status=status, error=error)
        return
    intervals = retry_intervals(app.config)
    wait = intervals[min(attempt.number, len(intervals)) - 1] if intervals else 0
    webhooks.mark(session, delivery, DeliveryOutcome.QUEUED, status=status, error=error,
                  next_try_at=utcnow() + timedelta(seconds=wait))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not an instruction: following it could leave the allowed host."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def post(url: str, body: str, headers: dict[str, str]) -> tuple[int | None, str | None]:
    """POST the body; (HTTP status or None, error or None when the answer was 2xx)."""
    # only http(s) URLs reach this: check_url runs just before every delivery
    request = urllib.request.Request(url, data=body.encode(), method="POST",  # noqa: S310
                                     headers={**headers, "User-Agent": USER_AGENT})
    opener = urllib.request.build_opener(_NoRedirects())
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            return int(response.status), None
    except urllib.error.HTTPError as answer:
        answer.close()
        moved = " (redirects are not followed)" if 300 <= answer.code < 400 else ""
        return answer.code, f"the receiver answered HTTP {answer.code}{moved}"
    except urllib.error.URLError as failure:
        return None, f"no answer: {failure.reason}"
    except (OSError, http.client.HTTPException, ValueError) as failure:
        return None, f"no answer: {failure or type(failure).__name__}"
