"""Every e-mail the site sends goes through the durable queue (Procrastinate, in PostgreSQL).

``queue_email(message)`` stores a rendered message as a job in the current transaction: if the
data it concerns is rolled back, so is the e-mail; once committed, a worker sends it, and a
mail server that refuses or is down is retried with a growing wait (see ``MailRetry``). A job
that fails after its last try stays in the jobs table with status "failed", where editors see
it in the admin (Procrastinate's job admin) and ``manage.py jobs`` and /healthz count it.

Apps whose e-mails depend on data read at send time (the press inquiry, the digest) define
their own tasks with ``MAIL_TASK_OPTIONS`` instead, so that a retry reads the data afresh.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from procrastinate import BaseRetryStrategy, RetryDecision
from procrastinate.contrib.django import app

from cco_council.core.text import single_line

logger = logging.getLogger(__name__)

MAIL_QUEUE = "mail"


class MailRetry(BaseRetryStrategy):
    """Try up to ``MAIL_MAX_ATTEMPTS`` times, waiting ``MAIL_RETRY_BASE_SECONDS`` ** n seconds
    before the n-th retry (5, 25, 125, 625, 3125 s by default: about an hour in all).

    Read from the settings when a job fails rather than when the task is defined, so the
    waits can be changed per deployment.
    """

    def get_retry_decision(self, *, exception, job):
        if job.attempts + 1 >= settings.MAIL_MAX_ATTEMPTS:
            return None
        return RetryDecision(
            retry_in={"seconds": settings.MAIL_RETRY_BASE_SECONDS ** (job.attempts + 1)}
        )


MAIL_TASK_OPTIONS = {"queue": MAIL_QUEUE, "retry": MailRetry()}


def message_to_job(message: EmailMultiAlternatives) -> dict:
    """The parts of a rendered message, as JSON a job can hold."""
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email or settings.DEFAULT_FROM_EMAIL,
        "to": list(message.to),
        "cc": list(message.cc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


def job_to_message(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data.get("cc") or [],
        reply_to=data.get("reply_to") or [],
        headers=data.get("headers") or {},
        connection=get_connection(fail_silently=False),
    )
    for content, mimetype in data.get("alternatives") or []:
        message.attach_alternative(content, mimetype)
    return message


@app.task(name="send_email", **MAIL_TASK_OPTIONS)
def send_email(*, message: dict) -> None:
    """Send one rendered message; an exception (the server refused) schedules a retry."""
    job_to_message(message).send(fail_silently=False)


def render_email(
    template_prefix: str,
    *,
    to: list[str],
    context: dict,
    headers: dict | None = None,
    reply_to: list[str] | None = None,
) -> EmailMultiAlternatives:
    """A message from ``<prefix>_subject.txt``, ``<prefix>_message.txt`` and, when it exists,
    ``<prefix>_message.html``. The subject is one line whatever the context held (a line
    break in a name must not start a header of its own), controls dropped."""
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        **context,
    }
    subject = single_line(render_to_string(f"{template_prefix}_subject.txt", context))
    subject = " ".join(subject.split())
    body = render_to_string(f"{template_prefix}_message.txt", context).strip() + "\n"
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to or [],
        headers=headers or {},
    )
    try:
        html = render_to_string(f"{template_prefix}_message.html", context)
    except TemplateDoesNotExist:
        pass
    else:
        message.attach_alternative(html, "text/html")
    return message


def queue_email(message: EmailMultiAlternatives) -> None:
    """Enqueue ``message`` in the current transaction (see the module's docstring)."""
    send_email.defer(message=message_to_job(message))
