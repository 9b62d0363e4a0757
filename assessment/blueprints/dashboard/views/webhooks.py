"""Webhooks (consultants and admins): register a URL for events, see every delivery, send a
test event, pause, replace the secret, delete. Sales get 403; a webhook that is not the
user's own answers 404 (admins see everyone's). ``services.webhooks`` documents the events,
the signature and how a receiver verifies it; WEBHOOK_ALLOWED_HOSTS (the environment) is
the administrator's control over where deliveries may go."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField

from assessment.blueprints.dashboard.assessment_forms import CheckboxesField
from assessment.blueprints.dashboard.blueprint import bp
from assessment.blueprints.dashboard.contexts.labels import when
from assessment.blueprints.dashboard.forms import ActiveForm, ConfirmForm
from assessment.extensions import db
from assessment.jobs import webhook_queue
from assessment.models.webhook import Webhook
from assessment.services import webhook_urls, webhooks
from assessment.unit_of_work import discard_changes
from assessment.web.messages import say

EVENT_LABELS = {
    webhooks.SUBMITTED: _l("A respondent submitted their answers"),
    webhooks.CHANGES_ANSWERED: _l("A respondent answered a change request"),
    webhooks.APPROVED: _l("An assessment was approved"),
    webhooks.REPORT_READY: _l("A report of an approved assessment is ready"),
    webhooks.PING: _l("Test event"),
}
OUTCOME_LABELS = {"queued": _l("Waiting"), "delivered": _l("Delivered"), "failed": _l("Failed")}


class WebhookForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """A new webhook: where to send, and which events."""

    url = StringField(_l("URL that receives the events"),
                      render_kw={"spellcheck": "false", "autocomplete": "off", "inputmode": "url"})
    events = CheckboxesField(_l("Events"), validate_choice=False)  # the service names a bad one

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.events.choices = [(e, str(EVENT_LABELS[e])) for e in webhooks.EVENTS]


def _allowed() -> list[webhook_urls.AllowedHost]:
    return webhook_urls.allowed_hosts(current_app.config)


@bp.get("/webhooks")
def webhooks_list() -> ResponseReturnValue:
    """The user's webhooks (an admin's: everyone's) and the form to register one."""
    return _list_page(WebhookForm(formdata=None, events=list(webhooks.EVENTS)))


def _list_page(form: WebhookForm, status: int = 200) -> ResponseReturnValue:
    rows = [{"url": hook.url, "owner": email, "active": hook.active,
             "events": [str(EVENT_LABELS[e]) for e in hook.event_list if e in EVENT_LABELS],
             "created": when(hook.created_at),
             "detail_url": url_for("dashboard.webhook_detail", webhook_id=hook.id)}
            for hook, email in webhooks.list_for(db.session(), current_user)]
    return render_template("dashboard/webhooks.html", rows=rows, form=form,
                           allowed=[str(h) for h in _allowed()],
                           show_owner=current_user.role == "admin",
                           action_url=url_for("dashboard.webhook_register")), status


@bp.post("/webhooks")
def webhook_register() -> ResponseReturnValue:
    """Register a webhook; its secret is shown once, on the page this answers (201)."""
    session = db.session()
    webhooks.require_staff(current_user)  # sales: 403 before the form is read
    form = WebhookForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        hook = webhooks.register(session, current_user, form.url.data or "",
                                 form.events.data or [], _allowed())
    except webhooks.WebhookError as refused:
        discard_changes()
        getattr(form, refused.field or "url").errors.append(say(refused))
        return _list_page(form, 422)
    except webhook_urls.WebhookUrlError as refused:
        discard_changes()
        form.url.errors.append(say(refused))
        return _list_page(form, 422)
    return _secret_page(hook, _("Webhook registered."), 201)


def _secret_page(hook: Webhook, title: str, status: int) -> ResponseReturnValue:
    secret = webhooks.signing_secret(str(current_app.config["SECRET_KEY"]), hook)
    return render_template("dashboard/webhook_secret.html", title=title, secret=secret,
                           url=hook.url,
                           detail_url=url_for("dashboard.webhook_detail", webhook_id=hook.id),
                           ), status


@bp.get("/webhooks/<id:webhook_id>")
def webhook_detail(webhook_id: int) -> ResponseReturnValue:
    """One webhook: its settings, actions and newest deliveries."""
    session = db.session()
    hook = webhooks.find(session, current_user, webhook_id)
    deliveries = [{
        "id": d.id, "event": str(EVENT_LABELS.get(d.event, d.event)), "name": d.event,
        "outcome": d.outcome, "outcome_label": str(OUTCOME_LABELS.get(d.outcome, d.outcome)),
        "status": d.last_status, "attempts": d.attempts, "error": d.last_error,
        "created": when(d.created_at), "delivered": when(d.delivered_at),
        "next_try": when(d.next_try_at)} for d in webhooks.deliveries(session, hook)]
    urls = {name: url_for(f"dashboard.webhook_{name}", webhook_id=hook.id)
            for name in ("ping", "active", "secret", "delete")}
    return render_template(
        "dashboard/webhook.html", hook=hook, deliveries=deliveries, urls=urls,
        events=[str(EVENT_LABELS[e]) for e in hook.event_list if e in EVENT_LABELS],
        created=when(hook.created_at), own=hook.user_id == current_user.id,
        back_url=url_for("dashboard.webhooks_list"))


def _confirmed(form: FlaskForm | None = None) -> None:
    if not (form or ConfirmForm()).validate_on_submit():
        abort(400)


@bp.post("/webhooks/<id:webhook_id>/ping")
def webhook_ping(webhook_id: int) -> ResponseReturnValue:
    """Send a test event (``ping``) now; its delivery shows on the page."""
    session = db.session()
    hook = webhooks.find(session, current_user, webhook_id)
    _confirmed()
    webhook_queue.queue_ping(current_app, session, hook)
    flash(_("Test event sent. Its delivery is listed below."), "success")
    return redirect(url_for("dashboard.webhook_detail", webhook_id=hook.id), 303)


@bp.post("/webhooks/<id:webhook_id>/active")
def webhook_active(webhook_id: int) -> ResponseReturnValue:
    """Pause (events are no longer delivered) or resume a webhook."""
    session = db.session()
    webhooks.find(session, current_user, webhook_id)
    form = ActiveForm()
    _confirmed(form)
    hook = webhooks.set_active(session, current_user, webhook_id, bool(form.active.data))
    flash(_("Webhook resumed.") if hook.active else _("Webhook paused."), "success")
    return redirect(url_for("dashboard.webhook_detail", webhook_id=hook.id), 303)


@bp.post("/webhooks/<id:webhook_id>/secret")
def webhook_secret(webhook_id: int) -> ResponseReturnValue:
    """Replace the secret (the owner only); the new one is shown once."""
    session = db.session()
    webhooks.find(session, current_user, webhook_id)
    _confirmed()
    hook = webhooks.replace_secret(session, current_user, webhook_id)
    return _secret_page(hook, _("New secret"), 201)


@bp.post("/webhooks/<id:webhook_id>/delete")
def webhook_delete(webhook_id: int) -> ResponseReturnValue:
    """Delete a webhook and the record of its deliveries."""
    session = db.session()
    webhooks.find(session, current_user, webhook_id)
    _confirmed()
    webhooks.delete(session, current_user, webhook_id)
    flash(_("Webhook deleted."), "success")
    return redirect(url_for("dashboard.webhooks_list"), 303)
