from django.core.management.base import BaseCommand, CommandError

from cco_council.core.jobs import job_counts


class Command(BaseCommand):
    help = (
        "How the background queue is doing: jobs waiting, scheduled (retries), running and "
        "failed, and each failed job. Exits 1 with --check when any job failed, for monitoring."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Exit with status 1 if any job has failed."
        )

    def handle(self, *args, check=False, **options):
        from procrastinate.contrib.django.models import ProcrastinateJob

        counts = job_counts()
        self.stdout.write(counts.line())
        if counts.oldest_waiting_seconds is not None:
            self.stdout.write(f"oldest waiting: {counts.oldest_waiting_seconds:.0f} s")
        failed = ProcrastinateJob.objects.filter(status="failed").order_by("id")
        for job in failed[:50]:
            self.stdout.write(
                f"failed job {job.id}: {job.task_name} after {job.attempts} tries "
                f"(see the admin: Procrastinate › jobs)"
            )
        if check and counts.failed:
            raise CommandError(f"{counts.failed} job(s) failed")
