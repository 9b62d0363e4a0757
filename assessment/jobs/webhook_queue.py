"""Queueing webhook deliveries from a request, a command or a job: after the commit that
recorded an event, work out which webhooks want it, record a delivery for each and queue
its job (``jobs.webhooks.deliver_webhook``). Imported by the web and the triggers; the job
function itself lives in ``jobs.webhooks``, which builds an app of its own.

``dispatch`` runs once the unit of work that recorded an event has committed
(``webhook_triggers``): in a transaction of its own it finds the webhooks that want the
event and whose owner may see the assessment (``services.webhooks.subscribers``), records
one ``WebhookDelivery`` each, and queues their deliveries after that commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from assessment import jobs, unit_of_work
from assessment.models.assessment import Assessment, Status
from assessment.models.invitation import Invitation
from assessment.models.webhook import Webhook, WebhookDelivery
from assessment.services import notifications, webhooks

DELIVER_JOB = "assessment.jobs.webhooks.deliver_webhook"
# What the triggers note, in the audit log's words (report.ready: the report job's own)
SUBMISSION = "respondent.submitted"
IMPORT = "answers.imported"  # a complete set through the API: the assessment is submitted
APPROVAL = "review.approve"

Noted = tuple[str, int, Any]  # (what happened, assessment id, its reference)


def dispatch(app: Flask, events: Iterable[Noted]) -> int:
    """After a commit: record and queue a delivery for each webhook that wants each event;
    how many. Runs in a unit of work of its own (a few small queries per event)."""
    queued = 0
    with app.app_context(), unit_of_work.command() as session:
        for happened, assessment_id, ref in events:
            assessment = session.get(Assessment, assessment_id)
            if assessment is None:
                continue
            event, extra = _event(app, session, happened, assessment, ref)
            if event is None:
                continue
            hooks = webhooks.subscribers(session, event, assessment)
            if not hooks:
                continue
            body = webhooks.payload(event, assessment, str(app.config["BASE_URL"]), extra=extra)
            for hook in hooks:
                queue(app, session, hook, event, body, assessment.id)
                queued += 1
    return queued


def _event(app: Flask, session: Session, happened: str, assessment: Assessment, ref: Any
           ) -> tuple[str | None, dict[str, Any]]:
    """The webhook event (None: none) and the body's extra part for what the trigger noted."""
    if happened == SUBMISSION:
        invitation = session.get(Invitation, ref) if isinstance(ref, int) else None
        answered = invitation is not None and notifications.answered_changes(session, invitation)
        extra = {"invitation": {"id": ref}} if invitation is not None else {}
        return (webhooks.CHANGES_ANSWERED if answered else webhooks.SUBMITTED), extra
    if happened == IMPORT:
        return webhooks.SUBMITTED, {"imported": True}
    if happened == APPROVAL:
        return webhooks.APPROVED, {}
    if happened == webhooks.REPORT_READY and assessment.status == Status.APPROVED:
        language, edition = ref
        return webhooks.REPORT_READY, webhooks.report_extra(
            assessment.id, language, edition, str(app.config["BASE_URL"]))
    return None, {}


def queue(app: Flask, session: Session, webhook: Webhook, event: str, body: dict[str, Any],
          assessment_id: int | None = None) -> WebhookDelivery:
    """Record a delivery and send it in the background once this unit of work commits."""
    app = getattr(app, "_get_current_object", lambda: app)()  # a proxy dies with its context
    delivery = webhooks.record(session, webhook, event, body, assessment_id)
    delivery_id = delivery.id
    unit_of_work.after_commit(lambda: jobs.enqueue(app, DELIVER_JOB, delivery_id), session)
    return delivery


def queue_ping(app: Flask, session: Session, webhook: Webhook) -> WebhookDelivery:
    """A test event to one webhook (even a paused one), sent once the unit of work commits."""
    return queue(app, session, webhook, webhooks.PING, webhooks.ping_payload(webhook))
