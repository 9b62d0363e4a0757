"""Queueing e-mail from a request or a command: record the message, send it once the unit
of work commits (``jobs.mail.deliver``); where messages go. Imported by the web and the CLI
(the job functions themselves live in ``jobs.mail``, which builds an app of its own)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy.orm import Session

from assessment import jobs, unit_of_work
from assessment.jobs.mail_text import IMPORTED
from assessment.models.assessment import Assessment
from assessment.models.invitation import Invitation
from assessment.models.mail import MailMessage
from assessment.services import invitation_mail, mail, notifications
from assessment.services import notifications as n

DELIVER_JOB = "assessment.jobs.mail.deliver"


def outbox_dir(app: Flask) -> Path:
    """Where messages go without MAIL_SERVER: MAIL_OUTBOX, else ``<instance>/outbox``."""
    return Path(app.config.get("MAIL_OUTBOX") or Path(app.instance_path) / "outbox")


def queue(app: Flask, session: Session, kind: str, recipient: str, language: str, *,
          assessment_id: int | None = None, invitation_id: int | None = None,
          user_id: int | None = None) -> MailMessage:
    """Record a message and send it in the background once this unit of work commits."""
    app = getattr(app, "_get_current_object", lambda: app)()  # a proxy dies with its context
    message = notifications.record(session, kind, recipient, language,
                                   assessment_id=assessment_id, invitation_id=invitation_id,
                                   user_id=user_id)
    message_id = message.id
    unit_of_work.after_commit(lambda: jobs.enqueue(app, DELIVER_JOB, message_id), session)
    return message


def queue_invitation(app: Flask, session: Session, invitation: Invitation, email: str,
                     kind: str = n.INVITATION) -> MailMessage:
    """E-mail an invitation's link (already attached to ``email``)."""
    return queue(app, session, kind, email, invitation.language,
                 assessment_id=invitation.assessment_id, invitation_id=invitation.id)


def where_mail_goes(app: Flask) -> str:
    """One line for the demo: the SMTP server, or the outbox directory."""
    if mail.configured(app.config):
        return f"E-mail: sent through {app.config['MAIL_SERVER']}:{app.config['MAIL_PORT']}"
    return f"E-mail: no MAIL_SERVER, so messages are written to {outbox_dir(app)}/ as .eml files"


def finish_in_process(app: Flask, timeout: float = 120.0) -> None:
    """In a command without a Redis queue: wait until this process's mail jobs have run."""
    from assessment.jobs.settings import uses_redis

    if not uses_redis(app.config):
        jobs.wait_for_in_process_jobs(timeout=timeout)


def send_invitation(app: Flask, session: Session, invitation: Invitation, email: str) -> str:
    """E-mail the invitation to ``email`` (checked; AddressError otherwise) with a link that
    can be sent again; returns the link's raw token. Sent once the unit of work commits."""
    address = invitation_mail.clean_address(email)
    token = invitation_mail.attach(session, invitation, address, str(app.config["SECRET_KEY"]))
    queue_invitation(app, session, invitation, address)
    return token


REMINDERS_JOB = "assessment.jobs.mail.send_reminders"


def daily_job_id(app: Flask, day: date) -> str:
    """The reminders job of one day on this queue: one a day, however many workers start."""
    from assessment.jobs.settings import queue_name

    return f"{queue_name(app.config)}-reminders-{day.isoformat()}"


def schedule_reminders(app: Flask) -> None:
    """At a worker's start (REDIS_URL set): run the reminders today unless a job for today
    exists; each run schedules the next day's (``jobs.mail.send_reminders``)."""
    from rq.job import Job

    from assessment.jobs.redis_queue import connection, queue

    job_id = daily_job_id(app, datetime.now(UTC).date())
    if not Job.exists(job_id, connection=connection(app)):
        queue(app).enqueue(REMINDERS_JOB, job_id=job_id, result_ttl=2 * 24 * 3600)


def schedule_next_day(app: Flask) -> None:
    """From the reminders job on RQ: the same job again in a day."""
    from rq import get_current_job

    from assessment.jobs.redis_queue import queue

    if get_current_job() is None:  # the command, or the in-process pool: cron's business
        return
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    queue(app).enqueue_in(timedelta(days=1), REMINDERS_JOB,
                          job_id=daily_job_id(app, tomorrow.date()), result_ttl=2 * 24 * 3600)


def notify(app: Flask, kind: str, assessment_id: int, ref: int | str | None) -> int:
    """After a commit that submitted, requested changes or approved: record a message for
    each recipient and queue its delivery; how many. Runs in a unit of work of its own."""
    with app.app_context(), unit_of_work.command() as session:
        assessment = session.get(Assessment, assessment_id)
        if assessment is None:
            return 0
        return len(_notify(app, session, kind, assessment, ref))


def _notify(app: Flask, session: Session, kind: str, assessment: Assessment,
            ref: int | str | None) -> list[MailMessage]:
    sent: list[MailMessage] = []
    if kind == n.SUBMITTED and isinstance(ref, int):
        invitation = session.get(Invitation, ref)
        user = n.responsible(session, assessment)
        if invitation is None or user is None:
            return sent
        kind = n.CHANGES_ANSWERED if n.answered_changes(session, invitation) else n.SUBMITTED
        if n.wants(session, user, kind):
            sent.append(queue(app, session, kind, user.email, assessment.language,
                              assessment_id=assessment.id, invitation_id=invitation.id,
                              user_id=user.id))
    elif kind == IMPORTED:  # a submission without an invitation; ref: who imported (knows)
        user = n.responsible(session, assessment)
        if user is not None and f"user:{user.id}" != ref and n.wants(session, user, n.SUBMITTED):
            sent.append(queue(app, session, n.SUBMITTED, user.email, assessment.language,
                              assessment_id=assessment.id, user_id=user.id))
    elif kind == n.CHANGES_REQUESTED and isinstance(ref, int):
        for invitation in n.addressed_by_request(session, ref):
            address = n.address_of(session, invitation.id)
            if address is not None and invitation.revoked_at is None:
                sent.append(queue_invitation(app, session, invitation, address.email, kind))
    elif kind == n.RESCORED:  # ref: who re-scored it (they know)
        for user in n.owners(session, assessment):
            if f"user:{user.id}" != ref and n.wants(session, user, kind):
                sent.append(queue(app, session, kind, user.email, assessment.language,
                                  assessment_id=assessment.id, user_id=user.id))
    elif kind == n.APPROVED:
        for user in n.sales_users(session):
            sent.append(queue(app, session, kind, user.email, assessment.language,
                              assessment_id=assessment.id, user_id=user.id))
    return sent
