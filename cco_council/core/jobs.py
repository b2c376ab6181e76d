"""How the background queue is doing, for /healthz and ``manage.py jobs``."""

from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.utils import timezone


@dataclass
class JobCounts:
    waiting: int  # ready to run now
    scheduled: int  # waiting for their time (a retry's backoff, mostly)
    running: int
    failed: int  # failed after their last try: editors see them in the admin
    oldest_waiting_seconds: float | None

    def line(self) -> str:
        return (
            f"jobs: {self.waiting} waiting, {self.scheduled} scheduled, "
            f"{self.running} running, {self.failed} failed"
        )


def job_counts() -> JobCounts:
    from procrastinate.contrib.django.models import ProcrastinateJob

    now = timezone.now()
    ready = Q(status="todo") & (Q(scheduled_at__isnull=True) | Q(scheduled_at__lte=now))
    row = ProcrastinateJob.objects.aggregate(
        waiting=Count("id", filter=ready),
        scheduled=Count("id", filter=Q(status="todo", scheduled_at__gt=now)),
        running=Count("id", filter=Q(status="doing")),
        failed=Count("id", filter=Q(status="failed")),
    )
    oldest = (
        ProcrastinateJob.objects.filter(ready)
        .aggregate(first=Min("procrastinateevent__at"))
        .get("first")
    )
    return JobCounts(
        **row,
        oldest_waiting_seconds=(now - oldest).total_seconds() if oldest else None,
    )
