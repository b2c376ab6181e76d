"""The e-mail queue, run for real: a worker, PostgreSQL, and an SMTP server on loopback."""

import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from procrastinate.contrib.django.models import ProcrastinateJob

from cco_council.core.mail import queue_email


class RefusingTwice:
    """An SMTP server that answers the first two deliveries 451 (try again later), then
    accepts: a mail server having a bad minute."""

    def __init__(self, refusals=2):
        self.refusals = refusals
        self.attempts = 0
        self.delivered = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.attempts += 1
        if self.attempts <= self.refusals:
            return "451 4.3.0 Temporary failure, try again later"
        self.delivered.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    handler = RefusingTwice()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = False
    yield handler
    controller.stop()


def job_row():
    (job,) = ProcrastinateJob.objects.filter(task_name="send_email")
    return job


def seconds_until_due(job) -> float:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT extract(epoch FROM scheduled_at - now()) FROM procrastinate_jobs WHERE id = %s",
            [job.id],
        )
        return float(cursor.fetchone()[0])


def travel_to_due_time(job) -> None:
    """Time passes for the queue: the job's retry time is moved to now (PostgreSQL's clock,
    which the worker reads, cannot be moved by time-machine)."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now() WHERE id = %s", [job.id])


def test_email_refused_twice_is_delivered_on_the_third_try_across_worker_restarts(
    smtp_server, run_worker, settings
):
    settings.MAIL_RETRY_BASE_SECONDS = 5
    with transaction.atomic():
        queue_email(
            EmailMultiAlternatives(
                "Your sign-in code", "CODE-1234", "site@example.org", ["mara@example.com"]
            )
        )

    run_worker()  # first try: refused, retried in 5 s
    job = job_row()
    assert (job.status, job.attempts, smtp_server.attempts) == ("todo", 1, 1)
    assert 0 < seconds_until_due(job) <= 5
    run_worker()  # a restarted worker does not run it early
    assert (job_row().attempts, smtp_server.attempts) == (1, 1)

    travel_to_due_time(job)
    run_worker()  # second try: refused, retried in 25 s
    job = job_row()
    assert (job.status, job.attempts, smtp_server.attempts) == ("todo", 2, 2)
    assert 5 < seconds_until_due(job) <= 25

    travel_to_due_time(job)
    run_worker()  # third try: delivered, and the job is gone (a code must not stay stored)
    assert smtp_server.attempts == 3
    (envelope,) = smtp_server.delivered
    assert envelope.rcpt_tos == ["mara@example.com"]
    assert b"CODE-1234" in envelope.content
    assert ProcrastinateJob.objects.filter(task_name="send_email").count() == 0


def test_email_refused_every_time_ends_failed_and_counted(smtp_server, run_worker, settings):
    smtp_server.refusals = 100
    settings.MAIL_MAX_ATTEMPTS = 2
    with transaction.atomic():
        queue_email(EmailMultiAlternatives("Hello", "Body", "a@example.org", ["b@example.com"]))
    run_worker()
    travel_to_due_time(job_row())
    run_worker()
    job = job_row()
    assert (job.status, job.attempts, smtp_server.attempts) == ("failed", 2, 2)
    from cco_council.core.jobs import job_counts

    assert job_counts().failed == 1


def test_email_of_a_rolled_back_transaction_is_never_queued(run_worker):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email(EmailMultiAlternatives("Hello", "Body", "a@example.org", ["b@example.com"]))
        raise RuntimeError("the change it concerned failed")
    assert ProcrastinateJob.objects.count() == 0
