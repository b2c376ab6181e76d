"""The members' background jobs (Procrastinate finds this module by its name)."""

from datetime import UTC, datetime

from procrastinate.contrib.django import app

from cco_council.core.mail import MAIL_TASK_OPTIONS
from members import services

# Mondays at 13:00 UTC (9:00 in New York in summer, 8:00 in winter). Procrastinate defers a
# periodic job once per tick whatever the number of workers.
DIGEST_CRON = "0 13 * * 1"


@app.periodic(cron=DIGEST_CRON, periodic_id="weekly_digest")
@app.task(name="members.weekly_digest", lock="members.digest", **MAIL_TASK_OPTIONS)
def weekly_digest(timestamp: int) -> int:
    """Open this week's digest (once) and send it to whoever has not had it."""
    digest = services.open_digest(now=datetime.fromtimestamp(timestamp, tz=UTC))
    return services.send_digest(digest=digest)
