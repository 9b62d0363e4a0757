"""Mail jobs: render and send each recorded message; queue the reminders due.

After a commit that submitted answers, requested changes or approved a report,
``mail_queue.notify`` (see ``mail_triggers``) queues one ``deliver`` job per recipient. ``deliver``
renders the message in its recipient's language (templates/mail/, text and HTML parts,
links absolute from BASE_URL) and sends it, or writes it to ``<instance>/outbox/`` without
MAIL_SERVER. A failed try is retried by the job system; the last failure is recorded on the
message (outcome ``failed`` with the error) and shown on the assessment's dashboard page.
"""

from __future__ import annotations

import logging
import os

from flask import Flask, url_for
from sqlalchemy.orm import Session

from assessment import jobs, unit_of_work
from assessment.jobs.context import job_app
from assessment.jobs.mail_queue import outbox_dir, queue_invitation, schedule_next_day
from assessment.jobs.mail_text import IMPORTED, words
from assessment.models.assessment import Assessment
from assessment.models.invitation import Invitation
from assessment.models.mail import MailMessage, MailOutcome
from assessment.models.review import ReviewComment
from assessment.services import invitation_mail, mail, notifications, reminders
from assessment.services import notifications as n

DELIVER_JOB = "assessment.jobs.mail.deliver"
NOTIFY_JOB = "assessment.jobs.mail.notify"
log = logging.getLogger(__name__)


def deliver(message_id: int) -> str:
    """Render and send one recorded message; raise (for a retry) while tries are left."""
    with job_app() as app:
        with unit_of_work.command() as session:
            message = session.get(MailMessage, message_id)
            if message is None or message.outcome in (MailOutcome.SENT, MailOutcome.WRITTEN):
                return "nothing to send"
            try:
                email = _render(app, session, message)
            except mail.DeliveryError as unusable:  # retrying cannot help: recorded, shown
                notifications.mark(session, message, MailOutcome.FAILED, str(unusable))
                log.warning("mail %d (%s) not sent: %s", message_id, message.kind, unusable)
                return "failed"
        error: str | None = None
        try:
            outcome = MailOutcome(mail.deliver(app.config, email, outbox_dir(app)))
        except mail.DeliveryError as failure:
            error, outcome = str(failure), MailOutcome.FAILED
        last = jobs.current_attempt().last
        with unit_of_work.command() as session:
            message = session.get(MailMessage, message_id)
            if message is not None:
                final = outcome if error is None or last else MailOutcome.QUEUED
                notifications.mark(session, message, final, error)
        if error is not None:
            log.warning("mail %d (%s) to %s not sent: %s", message_id, email["Subject"],
                        email["To"], error)
            raise mail.DeliveryError(error)
        return outcome.value


def send_reminders() -> int:
    """Queue a reminder for every e-mailed invitation due one (idempotent); how many."""
    with job_app() as app:
        days = reminders.reminder_days({"REMINDER_DAYS": app.config.get(
            "REMINDER_DAYS", os.environ.get("REMINDER_DAYS", reminders.DEFAULT_DAYS))})
        with unit_of_work.command() as session:
            due = reminders.due(session, days)
            for invitation, address in due:
                queue_invitation(app, session, invitation, address.email, n.REMINDER)
        schedule_next_day(app)
        return len(due)


def _render(app: Flask, session: Session, message: MailMessage):  # type: ignore[no-untyped-def]
    assessment = session.get(Assessment, message.assessment_id) if message.assessment_id else None
    invitation = session.get(Invitation, message.invitation_id) if message.invitation_id else None
    organisation = assessment.organisation.name if assessment is not None else ""
    base_url = str(app.config["BASE_URL"]).rstrip("/")
    count = 0
    if message.kind in (n.INVITATION, n.REMINDER, n.CHANGES_REQUESTED):
        address = n.address_of(session, message.invitation_id or 0)
        if invitation is None or address is None:
            raise mail.DeliveryError("the invitation or its address no longer exists")
        derived = invitation_mail.current_link(base_url, str(app.config["SECRET_KEY"]),
                                               invitation, address)
        if derived is None:
            raise mail.DeliveryError("the link cannot be derived again (SECRET_KEY changed?): "
                                     "send a new link from the invitations page")
        link = derived
        respondent = invitation.respondent_name or ""
        if message.kind == n.CHANGES_REQUESTED:
            count = session.query(ReviewComment).filter(
                ReviewComment.invitation_id == invitation.id).count()
    else:
        respondent = invitation.respondent_label if invitation is not None else ""
        with app.test_request_context():
            path = (url_for("dashboard.sales_reports") if message.kind == n.APPROVED
                    else url_for("dashboard.assessment_detail",
                                 assessment_id=message.assessment_id))
        link = base_url + path
    # A submission without an invitation: a complete set of answers imported through the API.
    imported = message.kind == n.SUBMITTED and message.invitation_id is None
    kind = IMPORTED if imported else message.kind
    m = words(kind, message.language, organisation=organisation,
              respondent=respondent, count=count)
    text = app.jinja_env.get_template("mail/message.txt").render(m=m, link=link)
    html = app.jinja_env.get_template("mail/message.html").render(m=m, link=link)
    return mail.compose(app.config, message.recipient, m["subject"], text, html,
                        language=m["language"])

