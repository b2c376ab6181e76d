"""The editors' home: what needs attention now, before the list of everything.

This is the one place that reads every app's content for the admin (it sits beside urls.py,
which knows all three apps): the agenda of the next two weeks in the site's time zone, drafts
changed lately, new press inquiries, failed background jobs, then the panels apps register
(``cco_council.core.dashboard``: members adds the applications waiting).
"""

import dataclasses
import datetime
from itertools import groupby

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from articles.models import Article
from cco_council.core.dashboard import Panel, Row, registered_panels
from events.models import Event
from media_relations.models import Inquiry, PressRelease

AGENDA_DAYS = 14
RECENT_DRAFTS = 10
NEW_INQUIRIES = 10


@dataclasses.dataclass(frozen=True)
class AgendaEntry:
    when: datetime.datetime  # in the site's time zone
    what: str
    title: str
    url: str


def _admin_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def _can_view(user, model) -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def agenda(user, *, now=None, days: int = AGENDA_DAYS) -> list[tuple[datetime.date, list]]:
    """What goes live, and which events take place, from now to ``days`` days on, by day in
    the site's time zone: ``[(date, [AgendaEntry, ...]), ...]``."""
    now = now or timezone.now()
    until = now + datetime.timedelta(days=days)
    entries = []
    scheduled = [
        (Article, "Goes live", lambda a: f"{a.get_kind_display()}: {a.title}"),
        (Event, "Event page goes live", lambda e: e.name),
        (PressRelease, "Release embargo lifts", lambda r: r.title),
    ]
    for model, what, title in scheduled:
        if not _can_view(user, model):
            continue
        for item in model.objects.scheduled(after=now).filter(published_at__lt=until):
            entries.append(AgendaEntry(item.published_at, what, title(item), _admin_url(item)))
    if _can_view(user, Event):
        for event in Event.objects.filter(start__gte=now, start__lt=until):
            what = "Event starts" if event.is_live else "Event starts (page not live)"
            entries.append(AgendaEntry(event.start, what, event.name, _admin_url(event)))
    entries = [dataclasses.replace(entry, when=timezone.localtime(entry.when)) for entry in entries]
    entries.sort(key=lambda entry: (entry.when, entry.title))
    return [(day, list(group)) for day, group in groupby(entries, key=lambda e: e.when.date())]


def recent_drafts(user, *, limit: int = RECENT_DRAFTS) -> Panel:
    drafts = []
    for model in (Article, Event, PressRelease):
        if _can_view(user, model):
            rows = model.objects.filter(status=model.Status.DRAFT).select_related("updated_by")
            drafts += list(rows.order_by("-updated_at")[:limit])
    drafts.sort(key=lambda item: item.updated_at, reverse=True)
    rows = []
    for item in drafts[:limit]:
        who = item.updated_by.get_username() if item.updated_by else "someone"
        when = date_format(timezone.localtime(item.updated_at), "N j, P")
        kind = item._meta.verbose_name.capitalize()
        rows.append(Row(text=str(item), url=_admin_url(item), detail=f"{kind}, {when} by {who}"))
    return Panel(title="Drafts changed lately", rows=rows, empty="No drafts.")


def new_inquiries(user, *, limit: int = NEW_INQUIRIES) -> Panel | None:
    if not _can_view(user, Inquiry):
        return None
    waiting = Inquiry.objects.filter(status=Inquiry.Status.NEW).order_by("-received_at")
    count = waiting.count()
    rows = [
        Row(
            text=f"{inquiry.name} ({inquiry.outlet})",
            url=_admin_url(inquiry),
            detail=(
                f"{inquiry.get_topic_display()}, received "
                f"{date_format(timezone.localtime(inquiry.received_at), 'N j, P')}"
                + (f"; deadline {date_format(inquiry.deadline, 'N j')}" if inquiry.deadline else "")
            ),
        )
        for inquiry in waiting[:limit]
    ]
    return Panel(
        title="New press inquiries",
        rows=rows,
        empty="No new inquiries.",
        count=count,
        more_url=reverse("admin:media_relations_inquiry_changelist") + "?status__exact=new",
    )


def failed_jobs(user, *, limit: int = 10) -> Panel | None:
    """Background jobs (e-mails, digests) that failed for good: someone should look."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    if not user.has_perm("procrastinate.view_procrastinatejob"):
        return None
    failed = ProcrastinateJob.objects.filter(status="failed").order_by("-id")
    rows = []
    for job in failed[:limit]:
        try:
            url = reverse("admin:procrastinate_procrastinatejob_change", args=[job.pk])
        except NoReverseMatch:
            url = ""
        rows.append(
            Row(text=job.task_name, url=url, detail=f"queue {job.queue_name}, {job.attempts} tries")
        )
    return Panel(title="Failed jobs", rows=rows, empty="No failed jobs.", count=failed.count())


def home_context(request) -> dict:
    user = request.user
    panels = [recent_drafts(user)]
    if inquiries := new_inquiries(user):
        panels.append(inquiries)
    if jobs := failed_jobs(user):
        panels.append(jobs)
    return {
        "agenda": agenda(user),
        "agenda_days": AGENDA_DAYS,
        "panels": panels + registered_panels(request),
        "time_zone": timezone.get_current_timezone_name(),
    }
